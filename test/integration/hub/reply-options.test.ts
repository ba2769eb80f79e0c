/**
 * The composer's per-channel options end to end against the real hub: an email reply with subject,
 * cc and the answered mail's Message-ID at a real SMTP relay (smtp-server); a forward; public vs
 * private replies on Facebook comments and X mentions captured by local servers speaking Graph API
 * and X API v2; replies over the channel's limit refused before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccount } from '../../../src-shared/index.js';
import { countRows, emit, envelope, errorOf, inbound, okData, startTestHub, until, type RequestOf, type TestHub, type TestSocket } from './harness.js';
import { eventually, sendToHub, startCaptureRelay, testEmailConfig, type CaptureRelay } from './mail-helpers.js';
import { startProviderServer, type ProviderServer } from './provider-server.js';

const MAILBOX = 'help@shop.example';
const PAGE_ID = '104200112233999';
const BRAND_ID = '2244994999';

let t: TestHub;
let agent: TestSocket;
let relay: CaptureRelay;
let api: ProviderServer;
const accounts: Record<string, ChannelAccount> = {};

beforeAll(async () => {
  relay = await startCaptureRelay();
  api = await startProviderServer((request) =>
    request.path.startsWith('/2/dm_conversations/')
      ? { status: 201, body: { data: { dm_conversation_id: '1346889436626259968', dm_event_id: `1${Date.now()}` } } }
      : request.path.startsWith('/2/tweets')
        ? { status: 201, body: { data: { id: `1${Date.now()}`, text: 'ok' } } }
        : request.path.endsWith('/messages')
          ? { status: 200, body: { recipient_id: '1254459154682919', message_id: `m_${randomUUID()}` } }
          : { status: 200, body: { id: `${PAGE_ID}_${Date.now()}` } },
  );
  t = await startTestHub({ email: testEmailConfig() });
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  const { socket: admin } = await t.connectAs(adminUser);
  ({ socket: agent } = await t.connectAs(t.users.agentA));
  const saves: RequestOf<'channels:save'>[] = [
    { channel: 'email', name: 'Shop Help', address: MAILBOX, departmentId: 'support', settings: { relay: { host: '127.0.0.1', port: relay.port, secure: false } } },
    { channel: 'facebook', name: 'Brand', address: PAGE_ID, departmentId: 'support', settings: { apiBaseUrl: `${api.url}/graph` }, secrets: { appSecret: 's', verifyToken: 'v', accessToken: 'token-facebook' } },
    {
      channel: 'x',
      name: 'Brand on X',
      address: BRAND_ID,
      departmentId: 'support',
      settings: { apiBaseUrl: api.url },
      secrets: { consumerKey: 'ck', consumerSecret: 'cs', accessToken: 'at', accessTokenSecret: 'ats' },
    },
  ];
  for (const save of saves) accounts[save.channel] = okData(await emit(admin, 'channels:save', save)).account;
  admin.disconnect();
});

afterAll(async () => {
  await t?.close();
  await relay?.close();
  await api?.close();
});

const messageRow = (id: string) => t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function send(conversationId: string, body: string, extra: Partial<RequestOf<'message:send'>> = {}) {
  const messageId = randomUUID();
  const ack = await emit(agent, 'message:send', { ...envelope(), conversationId, messageId, body, ...extra });
  return { messageId, ack };
}

async function settled(messageId: string) {
  await until(async () => (await messageRow(messageId)).delivery_status !== 'queued', t.hub);
  return messageRow(messageId);
}

/** A customer mail through the hub's SMTP listener; resolves with its conversation and stored message. */
async function customerMail(subject: string, text: string) {
  const id = `${randomUUID()}@example.net`;
  const from = `customer-${randomUUID().slice(0, 8)}@example.net`;
  await sendToHub(t.hub.email.smtpPort!, { from, to: MAILBOX, subject, text, messageId: `<${id}>` });
  let row: { id: string; conversation_id: string } | undefined;
  await eventually(async () => Boolean((row = await t.db.selectFrom('messages').select(['id', 'conversation_id']).where('provider_message_id', '=', id).executeTakeFirst())), 'the mail to be stored');
  return { conversationId: row!.conversation_id, messageId: row!.id, providerId: id, from };
}

describe('email replies', () => {
  it('sends subject and cc, In-Reply-To the mail the agent answered, with the quote in the text', async () => {
    const first = await customerMail('Broken kettle', 'The kettle leaks.');
    // A second mail in the same thread: the agent answers the first one on purpose.
    const secondId = `${randomUUID()}@example.net`;
    await sendToHub(t.hub.email.smtpPort!, { from: first.from, to: MAILBOX, subject: 'Re: Broken kettle', text: 'Also the lid.', messageId: `<${secondId}>`, inReplyTo: `<${first.providerId}>` });
    await eventually(async () => (await countRows(t.db, 'messages')) >= 2, 'the second mail');
    const body = 'We will send a new one.\n\nOn 1 Jan, the customer wrote:\n> The kettle leaks.';
    const { messageId, ack } = await send(first.conversationId, body, {
      subject: 'Your replacement kettle',
      cc: ['warehouse@shop.example', 'boss@shop.example'],
      inReplyToMessageId: first.messageId,
    });
    okData(ack);
    expect((await settled(messageId)).delivery_status).toBe('sent');
    const mail = relay.mails.at(-1)!;
    expect(mail.parsed.subject).toBe('Your replacement kettle');
    expect(mail.parsed.cc && !Array.isArray(mail.parsed.cc) ? mail.parsed.cc.value.map((a) => a.address) : []).toEqual(['warehouse@shop.example', 'boss@shop.example']);
    expect([...mail.envelopeTo].sort()).toEqual([first.from, 'boss@shop.example', 'warehouse@shop.example'].sort());
    expect(mail.parsed.inReplyTo).toBe(`<${first.providerId}>`);
    expect(mail.parsed.text).toContain('> The kettle leaks.');
    expect((await messageRow(messageId)).channel_meta).toMatchObject({ subject: 'Your replacement kettle', cc: ['warehouse@shop.example', 'boss@shop.example'] });
  });

  it('refuses invalid cc addresses and cc on other channels with a reason, storing nothing', async () => {
    const mail = await customerMail('Question', 'Hello');
    const before = await countRows(t.db, 'messages');
    const bad = await send(mail.conversationId, 'Hi', { cc: ['not-an-address'] });
    expect(errorOf(bad.ack, 'bad_request').issues?.[0]?.path).toMatch(/^cc/);
    const chat = await t.hub.ingest(inbound({ channel: 'chat', department: 'support' }));
    const onChat = await send(chat.conversationId, 'Hi', { cc: ['a@example.net'] });
    expect(errorOf(onChat.ack, 'bad_request').message).toMatch(/Only email replies have cc/);
    expect(await countRows(t.db, 'messages')).toBe(before + 1);
  });

  it('forwards a customer mail to an address as a new mail, recorded in the thread, the customer still waiting', async () => {
    const mail = await customerMail('Invoice 77', 'Please check invoice 77.');
    const waitingBefore = (await t.db.selectFrom('conversations').select('waiting_since').where('id', '=', mail.conversationId).executeTakeFirstOrThrow()).waiting_since;
    const body = 'Can accounting look at this?\n\n---------- Forwarded message ----------\nFrom: the customer\n\nPlease check invoice 77.\n';
    const { messageId, ack } = await send(mail.conversationId, body, { forward: { to: 'accounting@shop.example', messageId: mail.messageId } });
    okData(ack);
    expect((await settled(messageId)).delivery_status).toBe('sent');
    const out = relay.mails.at(-1)!;
    expect(out.envelopeTo).toEqual(['accounting@shop.example']);
    expect(out.parsed.subject).toBe('Fwd: Invoice 77');
    expect(out.parsed.inReplyTo).toBeUndefined();
    expect(out.parsed.text).toContain('Please check invoice 77.');
    const row = await messageRow(messageId);
    expect(row).toMatchObject({ direction: 'outbound', conversation_id: mail.conversationId, channel_meta: { forward: { to: 'accounting@shop.example', messageId: mail.messageId } } });
    const after = await t.db.selectFrom('conversations').select('waiting_since').where('id', '=', mail.conversationId).executeTakeFirstOrThrow();
    expect(after.waiting_since).toEqual(waitingBefore);
    // A message of another conversation cannot be forwarded from here.
    const other = await customerMail('Other', 'Other text');
    errorOf((await send(mail.conversationId, 'x', { forward: { to: 'a@shop.example', messageId: other.messageId } })).ack, 'bad_request');
  });
});

describe('public and private replies', () => {
  it('answers a Facebook comment publicly under it, or privately when the agent chooses', async () => {
    const commentId = `5550001_${Date.now()}`;
    const stored = await t.hub.ingest(
      inbound({ channel: 'facebook', kind: 'comment', accountId: accounts.facebook!.id, department: 'support', providerMessageId: commentId, channelMeta: { commentId }, sender: 'fb-2010' }),
    );
    const pub = await send(stored.conversationId, 'Yes, in blue too!', { visibility: 'public' });
    okData(pub.ack);
    await settled(pub.messageId);
    expect(api.requests.at(-1)).toMatchObject({ path: `/graph/v21.0/${commentId}/comments`, body: { message: 'Yes, in blue too!' } });
    const priv = await send(stored.conversationId, 'Here is your discount code.', { visibility: 'private' });
    okData(priv.ack);
    await settled(priv.messageId);
    expect(api.requests.at(-1)).toMatchObject({ path: `/graph/v21.0/${PAGE_ID}/messages`, body: { recipient: { comment_id: commentId }, message: { text: 'Here is your discount code.' } } });
    expect((await messageRow(priv.messageId)).channel_meta).toMatchObject({ visibility: 'private' });
  });

  it('answers an X mention with a reply tweet, or a DM when private; a DM thread cannot go public', async () => {
    const tweetId = `1${Date.now()}77`;
    const mention = await t.hub.ingest(
      inbound({ channel: 'x', kind: 'mention', accountId: accounts.x!.id, department: 'support', providerMessageId: tweetId, channelMeta: { tweetId }, sender: '3001969357' }),
    );
    const pub = await send(mention.conversationId, 'Sorry to hear that!');
    okData(pub.ack);
    await settled(pub.messageId);
    expect(api.requests.at(-1)).toMatchObject({ path: '/2/tweets', body: { text: 'Sorry to hear that!', reply: { in_reply_to_tweet_id: tweetId } } });
    const priv = await send(mention.conversationId, 'Please send your order number.', { visibility: 'private' });
    okData(priv.ack);
    await settled(priv.messageId);
    expect(api.requests.at(-1)).toMatchObject({ path: '/2/dm_conversations/with/3001969357/messages', body: { text: 'Please send your order number.' } });

    const dm = await t.hub.ingest(inbound({ channel: 'x', kind: 'message', accountId: accounts.x!.id, department: 'support', sender: '3001969358' }));
    expect(errorOf((await send(dm.conversationId, 'Hi', { visibility: 'public' })).ack, 'bad_request').message).toMatch(/only be answered privately/);
  });
});

describe('length limits', () => {
  it('refuses a reply tweet over 280 (links count as 23) and an Instagram reply over 1000, storing nothing and calling nobody', async () => {
    const tweetId = `1${Date.now()}88`;
    const mention = await t.hub.ingest(
      inbound({ channel: 'x', kind: 'mention', accountId: accounts.x!.id, department: 'support', providerMessageId: tweetId, channelMeta: { tweetId }, sender: '3001969359' }),
    );
    const link = `https://example.com/${'a'.repeat(200)}`;
    // 257 letters + a space + one link (23) = 281 weighted, although the text is 458 characters.
    const over = `${'b'.repeat(257)} ${link}`;
    const ig = await t.hub.ingest(inbound({ channel: 'instagram', kind: 'message', department: 'support', sender: 'ig-1' }));
    const requests = api.requests.length;
    const messages = await countRows(t.db, 'messages');
    const refused = errorOf((await send(mention.conversationId, over)).ack, 'bad_request');
    expect(refused.message).toMatch(/at most 280 characters \(links count as 23\); this one has 281/);
    expect(errorOf((await send(ig.conversationId, 'd'.repeat(1001))).ack, 'bad_request').message).toMatch(/Instagram reply may have at most 1000/);
    expect(await countRows(t.db, 'messages')).toBe(messages);
    expect(api.requests.length).toBe(requests);
    // One letter fewer fits, although far longer than 280 characters; a DM may be long.
    okData((await send(mention.conversationId, `${'b'.repeat(256)} ${link}`)).ack);
    okData((await send(mention.conversationId, 'c'.repeat(2000), { visibility: 'private' })).ack);
    okData((await send(ig.conversationId, 'd'.repeat(1000))).ack);
  });
});
