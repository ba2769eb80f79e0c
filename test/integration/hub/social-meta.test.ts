/**
 * Meta channels end to end against the real hub: signed webhook requests built from Meta's
 * documented sample payloads (Messenger, page feed comments, Instagram messages and comments,
 * WhatsApp Cloud API), the verify-token challenge, refused requests that store nothing, and
 * replies captured by a local server speaking the Graph API's format.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccount } from '../../../src-shared/index.js';
import { sendReply } from '../../../src-hub/conversations/service.js';
import { countRows, emit, envelope, errorOf, okData, startTestHub, type RequestOf, type TestHub, type TestSocket, until } from './harness.js';
import { startProviderServer, type ProviderServer } from './provider-server.js';

const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-me-please';
const PAGE_ID = '104200112233445';
const IG_ID = '17841405822304914';
const PHONE_NUMBER_ID = '106540352242922';

let t: TestHub;
let admin: TestSocket;
let agent: TestSocket;
let graph: ProviderServer;
const accounts: Record<string, ChannelAccount> = {};

beforeAll(async () => {
  t = await startTestHub();
  graph = await startProviderServer((request) =>
    request.path.endsWith('/messages') && (request.body as { messaging_product?: string }).messaging_product === 'whatsapp'
      ? { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '4915112345678', wa_id: '4915112345678' }], messages: [{ id: `wamid.HBgL${randomUUID()}` }] } }
      : request.path.endsWith('/messages')
        ? { status: 200, body: { recipient_id: '1254459154682919', message_id: `m_${randomUUID()}` } }
        : { status: 200, body: { id: `${PAGE_ID}_${Date.now()}` } },
  );
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  ({ socket: admin } = await t.connectAs(adminUser));
  ({ socket: agent } = await t.connectAs(t.users.agentA));
  for (const [channel, address] of [
    ['facebook', PAGE_ID],
    ['instagram', IG_ID],
    ['whatsapp', PHONE_NUMBER_ID],
  ] as const) {
    const { account } = okData(
      await emit(admin, 'channels:save', {
        channel,
        name: `Brand on ${channel}`,
        address,
        departmentId: 'support',
        settings: { apiBaseUrl: `${graph.url}/graph` },
        secrets: { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, accessToken: `token-${channel}` },
      }),
    );
    accounts[channel] = account;
  }
});

afterAll(async () => {
  await t?.close();
  await graph?.close();
});

const sign = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

async function postWebhook(body: unknown, opts: { signature?: string | null; raw?: string } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = opts.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = opts.signature === undefined ? sign(raw) : opts.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const response = await fetch(`${t.url}/webhooks/meta`, { method: 'POST', headers, body: raw });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

const messageBy = (providerMessageId: string) =>
  t.db.selectFrom('messages').selectAll().where('provider_message_id', '=', providerMessageId).executeTakeFirst();

async function conversationOf(providerMessageId: string) {
  const message = await messageBy(providerMessageId);
  if (!message) throw new Error(`${providerMessageId} not stored`);
  return t.db.selectFrom('conversations').selectAll().where('id', '=', message.conversation_id).executeTakeFirstOrThrow();
}


const deliveryOf = (messageId: string) =>
  t.db.selectFrom('messages').select(['delivery_status', 'delivery_error', 'provider_message_id', 'channel_meta']).where('id', '=', messageId).executeTakeFirstOrThrow();

/** The agent replies; resolves with the message id once the delivery has an outcome. */
function replyAndSettle(conversationId: string, body: string): Promise<string> {
  return replyAndSettleWith(conversationId, body, {});
}

async function replyAndSettleWith(conversationId: string, body: string, extra: Partial<RequestOf<'message:send'>>): Promise<string> {
  const messageId = randomUUID();
  okData(await emit(agent, 'message:send', { ...envelope(), conversationId, messageId, body, ...extra }));
  await until(async () => (await deliveryOf(messageId)).delivery_status !== 'queued', t.hub);
  return messageId;
}

// Meta's documented samples, with ids filled in and timestamps of now.
const messengerSample = (mid: string, psid = '1254459154682919', text = 'hello, world!') => ({
  object: 'page',
  entry: [
    {
      id: PAGE_ID,
      time: Date.now(),
      messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text, quick_reply: { payload: 'DEVELOPER_DEFINED_PAYLOAD' } } }],
    },
  ],
});

const feedCommentSample = (commentId: string, fromId = '2010102338987654', message = 'Does this come in blue?') => ({
  entry: [
    {
      id: PAGE_ID,
      time: Math.floor(Date.now() / 1000),
      changes: [
        {
          field: 'feed',
          value: {
            from: { id: fromId, name: 'Jane Doe' },
            post: { status_type: 'added_photos', is_published: true, updated_time: '2026-11-23T00:46:11+0000', permalink_url: 'https://www.facebook.com/brand/posts/1', promotion_status: 'inactive', id: `${PAGE_ID}_5550001` },
            message,
            post_id: `${PAGE_ID}_5550001`,
            comment_id: commentId,
            created_time: Math.floor(Date.now() / 1000),
            item: 'comment',
            parent_id: `${PAGE_ID}_5550001`,
            verb: 'add',
          },
        },
      ],
    },
  ],
  object: 'page',
});

const whatsAppSample = (wamid: string, from = '4915112345678', at = Date.now(), body = 'Can I move my delivery to Saturday?') => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
            contacts: [{ profile: { name: 'Kerry Fisher' }, wa_id: from }],
            messages: [{ from, id: wamid, timestamp: String(Math.floor(at / 1000)), text: { body }, type: 'text' }],
          },
          field: 'messages',
        },
      ],
    },
  ],
});

describe('GET /webhooks/meta (subscription challenge)', () => {
  it('echoes the challenge for a known verify token and refuses others', async () => {
    const ok = await fetch(`${t.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${t.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
    expect((await fetch(`${t.url}/webhooks/meta?hub.challenge=1`)).status).toBe(400);
  });
});

describe('POST /webhooks/meta', () => {
  it('stores a Messenger message on the page account, once, however often Meta delivers it', async () => {
    const mid = `m_${randomUUID()}`;
    const first = await postWebhook(messengerSample(mid));
    expect(first).toMatchObject({ status: 200, json: { stored: 1, duplicates: 0 } });
    const again = await postWebhook(messengerSample(mid));
    expect(again).toMatchObject({ status: 200, json: { stored: 0, duplicates: 1 } });
    const message = await messageBy(mid);
    expect(message).toMatchObject({ channel: 'facebook', direction: 'inbound', body: 'hello, world!', channel_meta: { mid } });
    const conversation = await conversationOf(mid);
    expect(conversation).toMatchObject({ kind: 'message', channel: 'facebook', channel_account_id: accounts.facebook!.id, department_id: 'support' });
    const identity = await t.db.selectFrom('identities').selectAll().where('id', '=', conversation.identity_id).executeTakeFirstOrThrow();
    expect(identity.provider_user_id).toBe('1254459154682919');
  });

  it('refuses unsigned, wrongly signed and tampered requests and stores nothing', async () => {
    const before = await countRows(t.db, 'messages');
    const mid = `m_${randomUUID()}`;
    const body = messengerSample(mid);
    const raw = JSON.stringify(body);
    expect((await postWebhook(body, { signature: null })).status).toBe(401);
    expect((await postWebhook(body, { signature: sign(raw, 'another-apps-secret') })).status).toBe(403);
    expect((await postWebhook(body, { signature: 'sha256=' })).status).toBe(403);
    expect((await postWebhook(body, { signature: sign(raw).replace('sha256=', 'sha1=') })).status).toBe(403);
    // Signed, then changed on the way: the signature covers the exact bytes.
    expect((await postWebhook(body, { signature: sign(raw), raw: raw.replace('hello, world!', 'hello, w0rld!') })).status).toBe(403);
    expect(await countRows(t.db, 'messages')).toBe(before);
    expect(await messageBy(mid)).toBeUndefined();
  });

  it('refuses malformed and oversized payloads with a reason, storing nothing of the batch', async () => {
    const before = await countRows(t.db, 'messages');
    const notJson = await postWebhook(null, { raw: '{"object":"page",' });
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(notJson.json)).toMatch(/not valid JSON/);
    const wrongShape = await postWebhook({ object: 'page', entry: 'everything' });
    expect(wrongShape.status).toBe(400);
    expect(JSON.stringify(wrongShape.json)).toMatch(/entry/);
    // A good message and a broken one in one batch: neither is stored.
    const good = messengerSample(`m_${randomUUID()}`);
    const broken = feedCommentSample('123_456');
    delete (broken.entry[0]!.changes[0]!.value as Partial<(typeof broken.entry)[0]['changes'][0]['value']>).comment_id;
    const mixed = { object: 'page', entry: [...good.entry, ...broken.entry] };
    const refused = await postWebhook(mixed);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toMatch(/comment_id/);
    const huge = messengerSample(`m_${randomUUID()}`, '1254459154682919', 'x'.repeat(1_100_000));
    expect((await postWebhook(huge)).status).toBe(413);
    expect(await countRows(t.db, 'messages')).toBe(before);
  });

  it('ignores echoes, receipts and the page’s own comments', async () => {
    const before = await countRows(t.db, 'messages');
    const echo = messengerSample(`m_${randomUUID()}`);
    echo.entry[0]!.messaging[0]!.message = { ...echo.entry[0]!.messaging[0]!.message, is_echo: true } as never;
    const read = { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: '1254459154682919' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), read: { watermark: Date.now() } }] }] };
    const ownComment = feedCommentSample(`5550001_${Date.now()}`, PAGE_ID);
    for (const body of [echo, read, ownComment]) expect((await postWebhook(body)).json).toMatchObject({ stored: 0, ignored: 1 });
    expect(await countRows(t.db, 'messages')).toBe(before);
  });

  it('drops events for pages no account has, without failing the batch', async () => {
    const other = messengerSample(`m_${randomUUID()}`);
    other.entry[0]!.messaging[0]!.recipient.id = '999999999999';
    expect((await postWebhook(other)).json).toMatchObject({ stored: 0, unrouted: 1 });
  });

  it('stores a page comment as a comment conversation with its post and answers it under the comment', async () => {
    const commentId = `5550001_${Date.now()}`;
    expect((await postWebhook(feedCommentSample(commentId))).json).toMatchObject({ stored: 1 });
    const message = await messageBy(commentId);
    expect(message?.channel_meta).toMatchObject({ commentId, postId: `${PAGE_ID}_5550001`, post: { id: `${PAGE_ID}_5550001` } });
    const conversation = await conversationOf(commentId);
    expect(conversation.kind).toBe('comment');

    const sent = graph.next();
    const replyId = await replyAndSettle(conversation.id, 'Yes, it does! Have a look at our shop.');
    const request = await sent;
    expect(request).toMatchObject({ method: 'POST', path: `/graph/v21.0/${commentId}/comments`, body: { message: 'Yes, it does! Have a look at our shop.' } });
    expect(request.headers.authorization).toBe('Bearer token-facebook');
    expect(await deliveryOf(replyId)).toMatchObject({ delivery_status: 'sent', channel_meta: { inReplyToComment: commentId } });
  });

  it('answers a Messenger conversation through the Send API', async () => {
    const mid = `m_${randomUUID()}`;
    await postWebhook(messengerSample(mid, '7000000000000001', 'Where is my order?'));
    const conversation = await conversationOf(mid);
    const sent = graph.next();
    // Templates are a WhatsApp thing only.
    const template = { name: 'order_update', language: 'en_US', parameters: [] };
    errorOf(await emit(agent, 'message:send', { ...envelope(), conversationId: conversation.id, messageId: randomUUID(), body: 'x', template }), 'bad_request');
    const replyId = await replyAndSettle(conversation.id, 'It left our warehouse today.');
    expect(await sent).toMatchObject({
      path: `/graph/v21.0/${PAGE_ID}/messages`,
      body: { recipient: { id: '7000000000000001' }, messaging_type: 'RESPONSE', message: { text: 'It left our warehouse today.' } },
    });
    const row = await deliveryOf(replyId);
    expect(row.delivery_status).toBe('sent');
    expect(row.provider_message_id).toMatch(/^m_/);
  });

  it('fails a reply Meta refuses with its reason, and retries one that hit a Meta outage', async () => {
    const mid = `m_${randomUUID()}`;
    await postWebhook(messengerSample(mid, '7000000000000002', 'Hi'));
    const conversation = await conversationOf(mid);
    graph.queue({ status: 400, body: { error: { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001, fbtrace_id: 'AbC' } } });
    const refusedId = await replyAndSettle(conversation.id, 'Hello?');
    expect(await deliveryOf(refusedId)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringMatching(/No matching user found \(code 100\)/) });

    graph.queue({ status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2, is_transient: true } } });
    const retriedId = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: conversation.id, messageId: retriedId, body: 'Are you still there?' }));
    await until(async () => (await t.db.selectFrom('deliveries').select(['attempts', 'last_error']).where('message_id', '=', retriedId).executeTakeFirstOrThrow()).attempts >= 1 && (await deliveryOf(retriedId)).delivery_status === 'queued' && (await t.db.selectFrom('deliveries').select('last_error').where('message_id', '=', retriedId).executeTakeFirstOrThrow()).last_error !== null, t.hub);
    await t.db.updateTable('deliveries').set({ next_attempt_at: new Date() }).where('message_id', '=', retriedId).execute();
    await until(async () => (await deliveryOf(retriedId)).delivery_status === 'sent', t.hub);
  });

  it('stores Instagram messages and comments and replies to each in its own way', async () => {
    const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE${Date.now()}`;
    const dm = {
      object: 'instagram',
      entry: [{ id: IG_ID, time: Date.now(), messaging: [{ sender: { id: '6543210987654321' }, recipient: { id: IG_ID }, timestamp: Date.now(), message: { mid, text: 'Is the shop open on Sunday?' } }] }],
    };
    const commentId = `1790${Date.now()}`;
    const comment = {
      object: 'instagram',
      entry: [{ id: IG_ID, time: Math.floor(Date.now() / 1000), changes: [{ field: 'comments', value: { from: { id: '6543210987654321', username: 'lena.hoffi' }, media: { id: '17887498072083520', media_product_type: 'FEED' }, id: commentId, parent_id: '17865799348089039', text: 'Love it 😍' } }] }],
    };
    // The comment first: its username names the person (messaging events carry only the id).
    expect((await postWebhook(comment)).json).toMatchObject({ stored: 1 });
    expect((await postWebhook(dm)).json).toMatchObject({ stored: 1 });
    const dmConversation = await conversationOf(mid);
    const commentConversation = await conversationOf(commentId);
    expect(dmConversation).toMatchObject({ channel: 'instagram', kind: 'message', channel_account_id: accounts.instagram!.id });
    expect(commentConversation).toMatchObject({ channel: 'instagram', kind: 'comment' });
    expect((await messageBy(commentId))?.channel_meta).toMatchObject({ mediaId: '17887498072083520', parentCommentId: '17865799348089039' });
    const identity = await t.db.selectFrom('identities').selectAll().where('id', '=', commentConversation.identity_id).executeTakeFirstOrThrow();
    expect(identity.handle).toBe('@lena.hoffi');
    expect(dmConversation.identity_id).toBe(commentConversation.identity_id);

    let sent = graph.next();
    await replyAndSettle(dmConversation.id, 'Yes, 10 to 6.');
    expect(await sent).toMatchObject({ path: `/graph/v21.0/${IG_ID}/messages`, body: { recipient: { id: '6543210987654321' }, message: { text: 'Yes, 10 to 6.' } } });
    sent = graph.next();
    await replyAndSettle(commentConversation.id, 'Thank you!');
    expect(await sent).toMatchObject({ path: `/graph/v21.0/${commentId}/replies`, body: { message: 'Thank you!' } });
  });

  it('can answer comments privately when the account is set up so', async () => {
    okData(await emit(admin, 'channels:save', { id: accounts.facebook!.id, channel: 'facebook', name: 'Brand on facebook', address: PAGE_ID, departmentId: 'support', settings: { apiBaseUrl: `${graph.url}/graph`, commentReplies: 'private' } }));
    try {
      const commentId = `5550001_${Date.now()}1`;
      await postWebhook(feedCommentSample(commentId, '2010102338900001', 'My order never arrived'));
      const sent = graph.next();
      await replyAndSettle((await conversationOf(commentId)).id, 'Sorry! Sending you a message.');
      expect(await sent).toMatchObject({ path: `/graph/v21.0/${PAGE_ID}/messages`, body: { recipient: { comment_id: commentId }, message: { text: 'Sorry! Sending you a message.' } } });
    } finally {
      okData(await emit(admin, 'channels:save', { id: accounts.facebook!.id, channel: 'facebook', name: 'Brand on facebook', address: PAGE_ID, departmentId: 'support', settings: { apiBaseUrl: `${graph.url}/graph` } }));
    }
  });
});

describe('WhatsApp', () => {
  it('stores a Cloud API message with the contact’s profile name and replies through /{phone-number-id}/messages', async () => {
    const wamid = `wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYIDNBM0Y${Date.now()}`;
    expect((await postWebhook(whatsAppSample(wamid))).json).toMatchObject({ stored: 1 });
    const conversation = await conversationOf(wamid);
    expect(conversation).toMatchObject({ channel: 'whatsapp', kind: 'message', channel_account_id: accounts.whatsapp!.id });
    const customer = await t.db.selectFrom('customers').selectAll().where('id', '=', conversation.customer_id).executeTakeFirstOrThrow();
    expect(customer.name).toBe('Kerry Fisher');

    const sent = graph.next();
    const replyId = await replyAndSettle(conversation.id, 'Sure, Saturday it is.');
    const request = await sent;
    expect(request).toMatchObject({
      path: `/graph/v21.0/${PHONE_NUMBER_ID}/messages`,
      body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '4915112345678', type: 'text', text: { body: 'Sure, Saturday it is.' } },
    });
    expect(request.headers.authorization).toBe('Bearer token-whatsapp');
    const row = await deliveryOf(replyId);
    expect(row).toMatchObject({ delivery_status: 'sent' });
    expect(row.provider_message_id).toMatch(/^wamid\./);

    // WhatsApp reports later that the message failed: the agent sees why.
    const status = {
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, statuses: [{ id: row.provider_message_id, status: 'failed', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '4915112345678', errors: [{ code: 131026, title: 'Message undeliverable' }] }] } }] }],
    };
    expect((await postWebhook(status)).status).toBe(200);
    expect(await deliveryOf(replyId)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringMatching(/Message undeliverable \(131026\)/) });
  });

  it('refuses a free-form reply more than 24 hours after the customer last wrote but sends a template, and accepts free text inside the window', async () => {
    const customer = '4917100000001';
    const old = `wamid.old${Date.now()}`;
    await postWebhook(whatsAppSample(old, customer, Date.now() - 25 * 3_600_000, 'Hello from yesterday'));
    const conversation = await conversationOf(old);
    const before = graph.requests.length;
    const refused = errorOf(await emit(agent, 'message:send', { ...envelope(), conversationId: conversation.id, messageId: randomUUID(), body: 'Sorry for the wait!' }), 'reply_window_closed');
    expect(refused.message).toMatch(/24 hours/);
    // The console words it from the reason, with the time the window closed.
    expect(refused.reason).toEqual({ key: 'replyWindow.closed', params: { closedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
    expect(await t.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation.id).where('direction', '=', 'outbound').execute()).toEqual([]);

    // An approved template may still be sent, in WhatsApp's template request format.
    const sent = graph.next();
    const templateId = await replyAndSettleWith(conversation.id, 'Order update: your order BL-208431 has shipped.', {
      template: { name: 'order_update', language: 'en_US', parameters: ['BL-208431'] },
    });
    expect((await sent).body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: customer,
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'BL-208431' }] }] },
    });
    expect(await deliveryOf(templateId)).toMatchObject({ delivery_status: 'sent', channel_meta: { template: { name: 'order_update' } } });

    // The customer writes again: the window opens.
    const fresh = `wamid.new${Date.now()}`;
    await postWebhook(whatsAppSample(fresh, customer, Date.now() - 60_000, 'Anyone there?'));
    expect((await conversationOf(fresh)).id).toBe(conversation.id);
    const replyId = await replyAndSettle(conversation.id, 'Yes, how can we help?');
    expect((await deliveryOf(replyId)).delivery_status).toBe('sent');
    // The template and this reply.
    expect(graph.requests.length).toBe(before + 2);
  });

  it('the sender refuses a reply written inside the window that is only delivered after it closed', async () => {
    const customer = '4917100000002';
    const wamid = `wamid.late${Date.now()}`;
    const wroteAt = Date.now() - 30 * 3_600_000;
    await postWebhook(whatsAppSample(wamid, customer, wroteAt, 'Please call me back'));
    const conversation = await conversationOf(wamid);
    const before = graph.requests.length;
    // Written an hour after the customer (window open then), delivered now.
    const messageId = randomUUID();
    await sendReply(t.db, t.users.agentA, { ...envelope(), conversationId: conversation.id, messageId, body: 'We will call you.', direction: 'outbound', confirmed: false }, new Date(wroteAt + 3_600_000));
    await until(async () => (await deliveryOf(messageId)).delivery_status !== 'queued', t.hub);
    expect(await deliveryOf(messageId)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringMatching(/within 24 hours/) });
    expect(graph.requests.length).toBe(before);
  });
});

describe('database unavailable', () => {
  it('answers 503 so Meta redelivers', async () => {
    const down = await startTestHub();
    try {
      const { socket } = await down.connectAs(await down.addUser({ email: 'root@example.test', role: 'admin', departments: [] }));
      okData(await emit(socket, 'channels:save', { channel: 'facebook', name: 'Page', address: PAGE_ID, departmentId: 'support', secrets: { appSecret: APP_SECRET } }));
      socket.disconnect();
      await down.db.destroy();
      const raw = JSON.stringify(messengerSample(`m_${randomUUID()}`));
      const response = await fetch(`${down.url}/webhooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
      expect(response.status).toBe(503);
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});
