/**
 * The email channel end to end with real clients: nodemailer sends customers' mail to the hub's
 * SMTP listener, agents answer over socket.io, and the replies arrive at a local SMTP relay
 * (smtp-server). Threading both ways, the SMTP answers for bad and oversized mail, and a database
 * failure that must make the sender retry without leaving anything behind.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccount } from '../../../src-shared/index.js';
import { storeAttachments, sweepOrphanAttachments } from '../../../src-hub/channels/email/attachments.js';
import { countRows, emit, envelope, okData, startTestHub, type TestHub, type TestSocket } from './harness.js';
import { eventually, refusedBy, sendToHub, startCaptureRelay, testEmailConfig, type CaptureRelay } from './mail-helpers.js';

let t: TestHub;
let admin: TestSocket;
let agent: TestSocket;
let relay: CaptureRelay;
let mailbox: ChannelAccount;
let smtpPort: number;

const MAILBOX = 'support@shop.example';

beforeAll(async () => {
  relay = await startCaptureRelay();
  t = await startTestHub({ email: testEmailConfig() });
  smtpPort = t.hub.email.smtpPort!;
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  ({ socket: admin } = await t.connectAs(adminUser));
  ({ socket: agent } = await t.connectAs(t.users.agentA));
  ({ account: mailbox } = okData(
    await emit(admin, 'channels:save', {
      channel: 'email',
      name: 'Shop Support',
      address: 'Support@Shop.example',
      departmentId: 'support',
      settings: { relay: { host: '127.0.0.1', port: relay.port, secure: false, user: 'relay-user' } },
      secrets: { relayPassword: 'relay-secret' },
    }),
  ));
});

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

/** The listener's EHLO answer, read over a plain socket. */
function ehlo(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.startsWith('220') && !text.includes('EHLO-SENT')) {
        text += 'EHLO-SENT\n';
        socket.write('EHLO client.example\r\n');
      } else if (/^250 /m.test(text)) {
        socket.end('QUIT\r\n');
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

const customer = () => `customer-${randomUUID().slice(0, 8)}@example.net`;

async function messageByProviderId(providerMessageId: string) {
  return t.db.selectFrom('messages').selectAll().where('channel', '=', 'email').where('provider_message_id', '=', providerMessageId).executeTakeFirst();
}

async function conversationOf(providerMessageId: string): Promise<string> {
  const row = await messageByProviderId(providerMessageId);
  if (!row) throw new Error(`mail ${providerMessageId} was not stored`);
  return row.conversation_id;
}

async function counts() {
  return {
    customers: await countRows(t.db, 'customers'),
    identities: await countRows(t.db, 'identities'),
    conversations: await countRows(t.db, 'conversations'),
    messages: await countRows(t.db, 'messages'),
    changes: await countRows(t.db, 'changes'),
  };
}

/** The relay accepts logins only when told to; this one has no AUTH, so the test relay has no user. */
async function useRelayWithoutLogin() {
  okData(
    await emit(admin, 'channels:save', {
      id: mailbox.id,
      channel: 'email',
      name: 'Shop Support',
      address: MAILBOX,
      departmentId: 'support',
      settings: { relay: { host: '127.0.0.1', port: relay.port, secure: false } },
    }),
  );
}

/** Agent A replies in a conversation; resolves with the hub's message id once the reply left the hub (or failed). */
async function reply(conversationId: string, body: string): Promise<string> {
  const messageId = randomUUID();
  okData(await emit(agent, 'message:send', { ...envelope(), conversationId, messageId, body }));
  return messageId;
}

async function deliveryOf(messageId: string) {
  return t.db.selectFrom('messages').select(['delivery_status', 'delivery_error', 'provider_message_id', 'channel_meta']).where('id', '=', messageId).executeTakeFirstOrThrow();
}

describe('inbound mail', () => {
  beforeAll(useRelayWithoutLogin);

  it('stores text, the HTML as received, attachments and headers; a redelivery is a duplicate', async () => {
    const from = customer();
    const html = '<p>My order <b>4711</b> arrived <i>broken</i>.</p><img src="cid:photo@x"><script>alert(1)</script>';
    const pdf = Buffer.from('%PDF-1.4 fake invoice bytes ' + 'x'.repeat(2000));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const mail = {
      from: { name: 'Jana Kunde', address: from },
      to: MAILBOX,
      cc: 'colleague@example.net',
      subject: 'Broken parcel',
      text: 'My order 4711 arrived broken.',
      html,
      messageId: `<first-${randomUUID()}@example.net>`,
      attachments: [
        { filename: '../../etc/invoice.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'photo.png', content: png, contentType: 'image/png', cid: 'photo@x' },
      ],
    };
    const { response } = await sendToHub(smtpPort, mail);
    expect(response).toMatch(/^250 .*Stored as/);

    const id = mail.messageId.slice(1, -1);
    const stored = (await messageByProviderId(id))!;
    expect(stored.body).toBe('My order 4711 arrived broken.');
    const meta = stored.channel_meta as Record<string, any>;
    expect(meta.html).toBe(html); // as received; consoles sanitize
    expect(meta).toMatchObject({ messageId: id, from, fromName: 'Jana Kunde', to: [MAILBOX], cc: ['colleague@example.net'], subject: 'Broken parcel', inReplyTo: null });
    expect(meta.headers.some((h: { key: string }) => h.key === 'message-id')).toBe(true);
    expect(meta.attachments).toHaveLength(2);
    const invoice = meta.attachments.find((a: { contentType: string }) => a.contentType === 'application/pdf');
    const photo = meta.attachments.find((a: { contentType: string }) => a.contentType === 'image/png');
    // The sender's path never becomes one on our side.
    expect(invoice).toMatchObject({ filename: expect.not.stringContaining('/'), size: pdf.length, inline: false });
    expect(invoice.filename).toMatch(/invoice\.pdf$/);
    expect(photo).toMatchObject({ filename: 'photo.png', cid: 'photo@x', inline: true });
    const bytes = await t.db.selectFrom('email_attachments').selectAll().where('sha256', '=', invoice.sha256).executeTakeFirstOrThrow();
    expect(Buffer.from(bytes.content).equals(pdf)).toBe(true);

    const conversation = await t.db.selectFrom('conversations').selectAll().where('id', '=', stored.conversation_id).executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({ channel: 'email', subject: 'Broken parcel', channel_account_id: mailbox.id, department_id: 'support' });
    const identity = await t.db.selectFrom('identities').selectAll().where('id', '=', conversation.identity_id).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ handle: from, provider_user_id: from, display_name: 'Jana Kunde' });

    const before = await counts();
    const again = await sendToHub(smtpPort, mail);
    expect(again.response).toMatch(/Already stored/);
    expect(await counts()).toEqual(before);
  });

  it('derives the text from the HTML when a mail has no text part', async () => {
    const messageId = `<html-only-${randomUUID()}@example.net>`;
    await sendToHub(smtpPort, { from: customer(), to: MAILBOX, subject: 'HTML only', html: '<h1>Hello</h1><p>Where is <b>my refund</b>?</p>', messageId });
    const stored = (await messageByProviderId(messageId.slice(1, -1)))!;
    expect(stored.body).toContain('Where is my refund?');
    expect((stored.channel_meta as { html: string }).html).toContain('<b>my refund</b>');
  });

  it('takes urgency and language from the headers', async () => {
    const messageId = `<urgent-${randomUUID()}@example.net>`;
    await sendToHub(smtpPort, { from: customer(), to: MAILBOX, subject: 'Dringend', text: 'Bitte sofort', messageId, priority: 'high', headers: { 'Content-Language': 'de-AT' } });
    const stored = (await messageByProviderId(messageId.slice(1, -1)))!;
    const conversation = await t.db.selectFrom('conversations').select(['priority', 'customer_id']).where('id', '=', stored.conversation_id).executeTakeFirstOrThrow();
    expect(conversation.priority).toBe(50);
    const person = await t.db.selectFrom('customers').select('language').where('id', '=', conversation.customer_id).executeTakeFirstOrThrow();
    expect(person.language).toBe('de');
  });

  it('refuses mail for an address that is not a mailbox here with 550, and stores nothing', async () => {
    const before = await counts();
    const failure = await refusedBy(smtpPort, { from: customer(), to: 'nobody@shop.example', subject: 'Hi', text: 'Hello?' });
    expect(failure.responseCode).toBe(550);
    expect(failure.response).toContain('No mailbox nobody@shop.example here');
    expect(await counts()).toEqual(before);
  });

  it('refuses a mail over the size limit with 552 and says why; the limit is announced in EHLO', async () => {
    const before = await counts();
    const failure = await refusedBy(smtpPort, { from: customer(), to: MAILBOX, subject: 'Big', text: 'x'.repeat(400_000) });
    expect(failure.responseCode).toBe(552);
    expect(failure.response).toMatch(/maximum message size 300000/);
    const attachment = await refusedBy(smtpPort, {
      from: customer(),
      to: MAILBOX,
      subject: 'Scan',
      text: 'see attached',
      attachments: [{ filename: 'scan.tif', content: Buffer.alloc(150_000, 7) }],
    });
    expect(attachment.responseCode).toBe(552);
    expect(attachment.response).toContain('The attachment "scan.tif" is 0.1 MB');
    expect(await counts()).toEqual(before);
    // Clients learn the limit before sending anything.
    expect(await ehlo(smtpPort)).toMatch(/^250[- ]SIZE 300000\r?$/m);
  });

  it('answers 451 when the database fails, keeps nothing half-stored, and stores the retry', async () => {
    // A real failure inside the ingest transaction: after the customer, identity and conversation
    // were written, the message insert fails.
    await sql`create or replace function fail_insert() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(t.db);
    await sql`create trigger messages_fail before insert on messages for each row execute function fail_insert()`.execute(t.db);
    const mail = { from: customer(), to: MAILBOX, subject: 'Outage', text: 'Please help', messageId: `<outage-${randomUUID()}@example.net>` };
    const before = await counts();
    try {
      const failure = await refusedBy(smtpPort, mail);
      expect(failure.responseCode).toBe(451);
      expect(failure.response).toContain('try again later');
      expect(await counts()).toEqual(before);
    } finally {
      await sql`drop trigger messages_fail on messages`.execute(t.db);
    }
    const { response } = await sendToHub(smtpPort, mail);
    expect(response).toMatch(/^250/);
    expect(await messageByProviderId(mail.messageId.slice(1, -1))).toBeDefined();
    expect(t.logs.some((l) => l.includes('storing a mail failed'))).toBe(true);
  });

  it('answers 451 at RCPT when the mailbox lookup fails', async () => {
    await sql`alter table channel_accounts rename to channel_accounts_away`.execute(t.db);
    try {
      const failure = await refusedBy(smtpPort, { from: customer(), to: MAILBOX, subject: 'Lookup', text: 'hello' });
      expect(failure.responseCode).toBe(451);
    } finally {
      await sql`alter table channel_accounts_away rename to channel_accounts`.execute(t.db);
    }
    expect(t.logs.some((l) => l.includes('SMTP: mailbox lookup failed'))).toBe(true);
  });
});

describe('replies and threading', () => {
  beforeAll(useRelayWithoutLogin);

  it('sends the reply through the relay from the mailbox, threaded, and threads the answer back', async () => {
    const from = customer();
    const first = `first-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, { from: { name: 'Tom', address: from }, to: MAILBOX, subject: 'Invoice question', text: 'Why was I charged twice?', messageId: `<${first}>` });
    const c1 = await conversationOf(first);

    const sentBefore = relay.mails.length;
    const replyId = await reply(c1, 'Sorry! We refunded the second charge.');
    await eventually(async () => (await deliveryOf(replyId)).delivery_status === 'sent', 'the reply to be sent', 10_000, () => t.hub.delivery.kick());
    expect(relay.mails.length).toBe(sentBefore + 1);
    const out = relay.mails.at(-1)!;
    expect(out.envelopeTo).toEqual([from]);
    expect(out.parsed.from?.value[0]).toMatchObject({ address: MAILBOX, name: 'Shop Support' });
    expect(out.parsed.subject).toBe('Re: Invoice question');
    expect(out.parsed.inReplyTo).toBe(`<${first}>`);
    expect(out.parsed.references).toBe(`<${first}>`);
    expect(out.parsed.text?.trim()).toBe('Sorry! We refunded the second charge.');
    expect(out.parsed.html).toBe(false);
    const sent = await deliveryOf(replyId);
    const sentId = out.parsed.messageId!.slice(1, -1);
    expect(sent.provider_message_id).toBe(sentId);
    expect(sent.channel_meta).toMatchObject({ messageId: sentId, inReplyTo: first, references: [first] });

    // The same customer starts a new topic: a new conversation, although the first is open.
    const other = `other-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, { from, to: MAILBOX, subject: 'Another topic', text: 'New question', messageId: `<${other}>` });
    const c2 = await conversationOf(other);
    expect(c2).not.toBe(c1);

    // The customer answers the agent's reply: it joins the first conversation, not the newer one.
    const answer = `answer-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, {
      from,
      to: MAILBOX,
      subject: 'Re: Invoice question',
      text: 'Thanks!',
      messageId: `<${answer}>`,
      inReplyTo: `<${sentId}>`,
      references: [`<${first}>`, `<${sentId}>`],
    });
    expect(await conversationOf(answer)).toBe(c1);
    const stored = (await messageByProviderId(answer))!;
    expect(stored.channel_meta).toMatchObject({ inReplyTo: sentId, references: [first, sentId] });

    // A second reply carries the whole thread.
    const second = await reply(c1, 'You are welcome.');
    await eventually(async () => (await deliveryOf(second)).delivery_status === 'sent', 'the second reply', 10_000, () => t.hub.delivery.kick());
    const out2 = relay.mails.at(-1)!;
    expect(out2.parsed.inReplyTo).toBe(`<${answer}>`);
    expect(out2.parsed.references).toEqual([`<${first}>`, `<${sentId}>`, `<${answer}>`]);
    expect(out2.parsed.subject).toBe('Re: Invoice question');

    // An answer after the conversation was closed reopens it: the customer is still on that topic.
    okData(await emit(agent, 'conversation:set-status', { ...envelope(), conversationId: c1, status: 'closed' }));
    const late = `late-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, { from, to: MAILBOX, subject: 'Re: Invoice question', text: 'One more thing', messageId: `<${late}>`, references: [`<${first}>`] });
    expect(await conversationOf(late)).toBe(c1);
    expect((await t.db.selectFrom('conversations').select('status').where('id', '=', c1).executeTakeFirstOrThrow()).status).toBe('open');

    // Someone else quoting the thread's Message-ID does not get into the customer's conversation.
    const stranger = `stranger-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, { from: customer(), to: MAILBOX, subject: 'Re: Invoice question', text: 'me too', messageId: `<${stranger}>`, inReplyTo: `<${sentId}>` });
    expect(await conversationOf(stranger)).not.toBe(c1);
  });

  it('retries while the relay answers 4xx or is down, and fails with the reason on a 5xx', async () => {
    const from = customer();
    const mailId = `retry-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, { from, to: MAILBOX, subject: 'Retry', text: 'hello', messageId: `<${mailId}>` });
    const conversationId = await conversationOf(mailId);

    relay.mode = 'temporary';
    const first = await reply(conversationId, 'First try');
    const retried = async () => {
      const row = await t.db.selectFrom('deliveries').selectAll().where('message_id', '=', first).executeTakeFirstOrThrow();
      return row.last_error !== null ? row : null;
    };
    await eventually(async () => (await retried()) !== null, 'a failed first attempt', 10_000, () => t.hub.delivery.kick());
    const row = (await retried())!;
    expect(row.status).toBe('queued');
    expect(row.last_error).toMatch(/451/);
    expect((await deliveryOf(first)).delivery_status).toBe('queued');

    // The relay is back: the retry (made due now instead of after the backoff) delivers it once.
    relay.mode = 'ok';
    const before = relay.mails.length;
    await t.db.updateTable('deliveries').set({ next_attempt_at: new Date() }).where('message_id', '=', first).execute();
    await eventually(async () => (await deliveryOf(first)).delivery_status === 'sent', 'the retried reply', 10_000, () => t.hub.delivery.kick());
    expect(relay.mails.length).toBe(before + 1);

    relay.mode = 'permanent';
    const refused = await reply(conversationId, 'This one is refused');
    await eventually(async () => (await deliveryOf(refused)).delivery_status === 'failed', 'the refused reply to fail', 10_000, () => t.hub.delivery.kick());
    expect((await deliveryOf(refused)).delivery_error).toMatch(/refused the reply: 550 No such user/);
    relay.mode = 'ok';
  });

  it('treats an unreachable relay as temporary, and a mailbox without relay as a clear failure', async () => {
    const from = customer();
    const mailId = `down-${randomUUID()}@example.net`;
    await sendToHub(smtpPort, { from, to: MAILBOX, subject: 'Down', text: 'hello', messageId: `<${mailId}>` });
    const conversationId = await conversationOf(mailId);
    const save = (settings: Record<string, unknown>) =>
      emit(admin, 'channels:save', { id: mailbox.id, channel: 'email', name: 'Shop Support', address: MAILBOX, departmentId: 'support', settings });

    okData(await save({ relay: { host: '127.0.0.1', port: 9, secure: false } })); // discard port: nothing listens
    const down = await reply(conversationId, 'Relay down');
    await eventually(
      async () => (await t.db.selectFrom('deliveries').select('last_error').where('message_id', '=', down).executeTakeFirstOrThrow()).last_error !== null,
      'a failed attempt',
      15_000,
      () => t.hub.delivery.kick(),
    );
    const row = await t.db.selectFrom('deliveries').selectAll().where('message_id', '=', down).executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    expect(row.last_error).toMatch(/not reachable or busy/);
    await t.db.updateTable('deliveries').set({ status: 'failed' }).where('message_id', '=', down).execute(); // out of the way

    okData(await save({}));
    const none = await reply(conversationId, 'No relay');
    await eventually(async () => (await deliveryOf(none)).delivery_status === 'failed', 'the reply to fail', 10_000, () => t.hub.delivery.kick());
    expect((await deliveryOf(none)).delivery_error).toContain(`The mailbox ${MAILBOX} has no SMTP relay configured`);
    await useRelayWithoutLogin();
  });
});

describe('attachment storage', () => {
  it('sweeps attachment bytes no message refers to, once they are old enough', async () => {
    const orphan = { sha256: 'f'.repeat(64), filename: 'x', contentType: 'text/plain', size: 3, cid: null, inline: false, content: Buffer.from('abc') };
    await storeAttachments(t.db, [orphan]);
    const referenced = await t.db
      .selectFrom('messages')
      .select('channel_meta')
      .where('channel', '=', 'email')
      .where(sql<boolean>`jsonb_array_length(channel_meta->'attachments') > 0`)
      .executeTakeFirstOrThrow();
    const kept = (referenced.channel_meta as { attachments: { sha256: string }[] }).attachments[0]!.sha256;
    // Fresh bytes are left alone: their mail may still be being stored.
    expect(await sweepOrphanAttachments(t.db, new Date(Date.now() - 60_000))).toBe(0);
    await t.db.updateTable('email_attachments').set({ created_at: new Date(Date.now() - 2 * 86_400_000) }).execute();
    expect(await sweepOrphanAttachments(t.db, new Date(Date.now() - 86_400_000))).toBe(1);
    const left = (await t.db.selectFrom('email_attachments').select('sha256').execute()).map((r) => r.sha256);
    expect(left).toContain(kept);
    expect(left).not.toContain(orphan.sha256);
  });
});

describe('attachment downloads', () => {
  it('serves attachment bytes as an opaque download to staff who may see the mail, and to nobody else', async () => {
    const pdf = Buffer.from('%PDF-1.4 ' + 'y'.repeat(500));
    const messageId = `<download-${randomUUID()}@example.net>`;
    await sendToHub(smtpPort, { from: customer(), to: MAILBOX, subject: 'Invoice', text: 'attached', messageId, attachments: [{ filename: 'Rechnung März.pdf', content: pdf }] });
    const stored = (await messageByProviderId(messageId.slice(1, -1)))!;
    const { sha256 } = (stored.channel_meta as { attachments: { sha256: string }[] }).attachments[0]!;
    const url = `${t.url}/api/email/messages/${stored.id}/attachments/${sha256}`;
    const get = (token?: string, at = url) => fetch(at, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    const ok = await get(await t.tokenFor(t.users.agentA)); // Support team: the mailbox's team
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(pdf)).toBe(true);
    expect(ok.headers.get('content-type')).toBe('application/octet-stream');
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-security-policy')).toContain('sandbox');

    expect((await get()).status).toBe(401);
    const outsider = await t.addUser({ email: `sales-${randomUUID().slice(0, 6)}@example.test`, departments: ['sales'] });
    expect((await get(await t.tokenFor(outsider))).status).toBe(404);
    // An attachment of another mail, asked for through this one, is not there either.
    const agentToken = await t.tokenFor(t.users.agentA);
    expect((await get(agentToken, url.replace(sha256, 'a'.repeat(64)))).status).toBe(404);
    expect((await get(agentToken, url.replace(sha256, 'not-a-hash'))).status).toBe(400);
  });
});

describe('mailbox settings', () => {
  it('validates relay and IMAP settings and never sends the passwords back', async () => {
    const bad = await emit(admin, 'channels:save', { channel: 'email', name: 'X', address: `x-${randomUUID()}@shop.example`, departmentId: 'support', settings: { relay: { port: 'abc' } } });
    expect(bad.ok).toBe(false);
    const { accounts } = okData(await emit(admin, 'channels:list', {}));
    expect(JSON.stringify(accounts)).not.toContain('relay-secret');
    expect(accounts.find((a) => a.id === mailbox.id)?.secretsSet).toEqual(['relayPassword']);
  });
});
