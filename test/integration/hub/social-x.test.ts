/**
 * X end to end against the real hub: the CRC challenge, signed Account Activity webhook requests
 * built from X's documented sample events (mentions in `tweet_create_events`, DMs in
 * `direct_message_events`), refused requests that store nothing, and replies captured by a local
 * server speaking X API v2's format (reply tweets and DM events, OAuth 1.0a signed).
 */
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccount } from '../../../src-shared/index.js';
import { countRows, emit, envelope, okData, startTestHub, type TestHub, type TestSocket, until } from './harness.js';
import { startProviderServer, type ProviderServer } from './provider-server.js';

const CONSUMER_SECRET = 'x-consumer-secret-for-tests';
const BRAND_ID = '2244994945';

let t: TestHub;
let agent: TestSocket;
let api: ProviderServer;
let account: ChannelAccount;

beforeAll(async () => {
  t = await startTestHub();
  api = await startProviderServer((request) =>
    request.path.startsWith('/2/dm_conversations/')
      ? { status: 201, body: { data: { dm_conversation_id: '1346889436626259968', dm_event_id: `1${Date.now()}` } } }
      : { status: 201, body: { data: { id: `1${Date.now()}`, text: (request.body as { text: string }).text, edit_history_tweet_ids: [] } } },
  );
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  const { socket: admin } = await t.connectAs(adminUser);
  ({ socket: agent } = await t.connectAs(t.users.agentA));
  ({ account } = okData(
    await emit(admin, 'channels:save', {
      channel: 'x',
      name: 'TwitterDev',
      address: BRAND_ID,
      departmentId: 'support',
      settings: { apiBaseUrl: api.url },
      secrets: { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: CONSUMER_SECRET, accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
    }),
  ));
  admin.disconnect();
});

afterAll(async () => {
  await t?.close();
  await api?.close();
});

const sign = (raw: string, secret = CONSUMER_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;
const snowflake = () => `1${Date.now()}${randomInt(100_000, 999_999)}`;

async function postWebhook(body: unknown, signature: string | null | undefined = undefined) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const value = signature === undefined ? sign(raw) : signature;
  if (value !== null) headers['x-twitter-webhooks-signature'] = value;
  const response = await fetch(`${t.url}/webhooks/x`, { method: 'POST', headers, body: raw });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

// X's documented Account Activity samples, with ids of this test.
const mentionSample = (id: string, from = { id: '3001969357', screen_name: 'jessicagarson', name: 'Jessica Garson' }, text = '@TwitterDev my order still has not shipped, can you help?') => ({
  for_user_id: BRAND_ID,
  tweet_create_events: [
    {
      created_at: 'Mon Nov 23 12:00:00 +0000 2026',
      id: Number(id),
      id_str: id,
      text,
      truncated: false,
      in_reply_to_status_id: null,
      in_reply_to_status_id_str: null,
      in_reply_to_user_id: Number(BRAND_ID),
      in_reply_to_user_id_str: BRAND_ID,
      user: { id: Number(from.id), id_str: from.id, name: from.name, screen_name: from.screen_name },
      entities: { hashtags: [], urls: [], user_mentions: [{ screen_name: 'TwitterDev', name: 'Twitter Dev', id: Number(BRAND_ID), id_str: BRAND_ID, indices: [0, 11] }], symbols: [] },
      timestamp_ms: String(Date.now()),
    },
  ],
});

const dmSample = (id: string, senderId = '3001969357', recipientId = BRAND_ID, text = 'Hi, I have a question about my bill') => ({
  for_user_id: BRAND_ID,
  direct_message_events: [
    {
      type: 'message_create',
      id,
      created_timestamp: String(Date.now()),
      message_create: { target: { recipient_id: recipientId }, sender_id: senderId, message_data: { text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } } },
    },
  ],
  users: {
    [senderId]: { id: senderId, created_timestamp: '1422556069340', name: 'Jessica Garson', screen_name: 'jessicagarson', protected: false, verified: false, followers_count: 10, friends_count: 10, statuses_count: 10 },
    [BRAND_ID]: { id: BRAND_ID, created_timestamp: '1212556069340', name: 'Twitter Dev', screen_name: 'TwitterDev', protected: false, verified: true, followers_count: 10, friends_count: 10, statuses_count: 10 },
  },
});

const messageBy = (providerMessageId: string) => t.db.selectFrom('messages').selectAll().where('channel', '=', 'x').where('provider_message_id', '=', providerMessageId).executeTakeFirst();

/** Check an OAuth 1.0a HMAC-SHA1 header independently (RFC 5849 §3.4), as X's servers would. */
function oauthSignatureValid(header: string, url: string): boolean {
  const params = Object.fromEntries([...header.slice('OAuth '.length).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
  const { oauth_signature: signature, ...rest } = params;
  const enc = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const paramString = Object.keys(rest)
    .sort()
    .map((k) => `${enc(k)}=${enc(rest[k]!)}`)
    .join('&');
  const base = `POST&${enc(url)}&${enc(paramString)}`;
  const key = `${enc(CONSUMER_SECRET)}&${enc('LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE')}`;
  return createHmac('sha1', key).update(base).digest('base64') === signature;
}


const deliveryOf = (messageId: string) => t.db.selectFrom('messages').select(['delivery_status', 'delivery_error', 'provider_message_id', 'channel_meta']).where('id', '=', messageId).executeTakeFirstOrThrow();

async function replyAndSettle(conversationId: string, body: string): Promise<string> {
  const messageId = randomUUID();
  okData(await emit(agent, 'message:send', { ...envelope(), conversationId, messageId, body }));
  await until(async () => (await deliveryOf(messageId)).delivery_status !== 'queued', t.hub);
  return messageId;
}

describe('GET /webhooks/x (CRC)', () => {
  it('answers the challenge with the HMAC of the crc_token under the consumer secret', async () => {
    const response = await fetch(`${t.url}/webhooks/x?crc_token=a1b2c3d4e5`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_token: `sha256=${createHmac('sha256', CONSUMER_SECRET).update('a1b2c3d4e5').digest('base64')}` });
    expect((await fetch(`${t.url}/webhooks/x`)).status).toBe(400);
    expect((await fetch(`${t.url}/webhooks/x?crc_token=a&account=1`)).status).toBe(404);
  });
});

describe('POST /webhooks/x', () => {
  it('stores a mention as a mention conversation and replies with a reply tweet', async () => {
    const id = snowflake();
    expect(await postWebhook(mentionSample(id))).toMatchObject({ status: 200, json: { stored: 1 } });
    expect(await postWebhook(mentionSample(id))).toMatchObject({ status: 200, json: { stored: 0, duplicates: 1 } });
    const message = await messageBy(id);
    expect(message).toMatchObject({ body: '@TwitterDev my order still has not shipped, can you help?', channel_meta: { tweetId: id } });
    const conversation = await t.db.selectFrom('conversations').selectAll().where('id', '=', message!.conversation_id).executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({ channel: 'x', kind: 'mention', channel_account_id: account.id });
    const identity = await t.db.selectFrom('identities').selectAll().where('id', '=', conversation.identity_id).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ handle: '@jessicagarson', provider_user_id: '3001969357', display_name: 'Jessica Garson' });

    const sent = api.next();
    const replyId = await replyAndSettle(conversation.id, '@jessicagarson Sorry! Please DM us your order number.');
    const request = await sent;
    expect(request).toMatchObject({ method: 'POST', path: '/2/tweets', body: { text: '@jessicagarson Sorry! Please DM us your order number.', reply: { in_reply_to_tweet_id: id } } });
    const auth = String(request.headers.authorization);
    expect(auth).toMatch(/^OAuth /);
    for (const part of ['oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog"', 'oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"', 'oauth_signature_method="HMAC-SHA1"', 'oauth_signature="']) expect(auth).toContain(part);
    expect(oauthSignatureValid(auth, `${api.url}/2/tweets`)).toBe(true);
    const row = await deliveryOf(replyId);
    expect(row).toMatchObject({ delivery_status: 'sent', channel_meta: { inReplyToTweetId: id } });
  });

  it('stores a direct message and answers with a DM event', async () => {
    const id = snowflake();
    expect((await postWebhook(dmSample(id, '4001969357'))).json).toMatchObject({ stored: 1 });
    const message = await messageBy(`dm-${id}`);
    const conversation = await t.db.selectFrom('conversations').selectAll().where('id', '=', message!.conversation_id).executeTakeFirstOrThrow();
    expect(conversation.kind).toBe('message');
    const sent = api.next();
    const replyId = await replyAndSettle(conversation.id, 'Happy to help: what is your account number?');
    expect(await sent).toMatchObject({ path: '/2/dm_conversations/with/4001969357/messages', body: { text: 'Happy to help: what is your account number?' } });
    expect((await deliveryOf(replyId)).provider_message_id).toMatch(/^dm-1/);
  });

  it('ignores the account’s own tweets and DMs, retweets and tweets that do not concern it', async () => {
    const before = await countRows(t.db, 'messages');
    const own = mentionSample(snowflake(), { id: BRAND_ID, screen_name: 'TwitterDev', name: 'Twitter Dev' });
    const retweet = mentionSample(snowflake());
    Object.assign(retweet.tweet_create_events[0]!, { retweeted_status: { id_str: '1' } });
    const unrelated = mentionSample(snowflake());
    Object.assign(unrelated.tweet_create_events[0]!, { in_reply_to_user_id_str: '42', entities: { user_mentions: [] } });
    const ownDm = dmSample(snowflake(), BRAND_ID, '3001969357', 'Thanks for reaching out!');
    for (const body of [own, retweet, unrelated, ownDm]) expect((await postWebhook(body)).json).toMatchObject({ stored: 0, ignored: 1 });
    expect(await countRows(t.db, 'messages')).toBe(before);
  });

  it('refuses unsigned, wrongly signed and malformed requests and stores nothing', async () => {
    const before = await countRows(t.db, 'messages');
    const body = mentionSample(snowflake());
    expect((await postWebhook(body, null)).status).toBe(401);
    expect((await postWebhook(body, sign(JSON.stringify(body), 'not-the-secret'))).status).toBe(403);
    const malformed = mentionSample(snowflake());
    (malformed.tweet_create_events[0]!.user as { id_str: unknown }).id_str = { evil: true };
    const refused = await postWebhook(malformed);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toMatch(/user\.id_str/);
    expect((await postWebhook({ tweet_create_events: [] })).status).toBe(400);
    expect(await countRows(t.db, 'messages')).toBe(before);
  });

  it('retries a rate-limited reply and fails one X refuses, with X’s reason', async () => {
    const id = snowflake();
    await postWebhook(mentionSample(id, { id: '5001969357', screen_name: 'someone', name: 'Some One' }));
    const conversationId = (await messageBy(id))!.conversation_id;
    api.queue({ status: 403, body: { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 } });
    const refusedId = await replyAndSettle(conversationId, 'Hello there');
    expect(await deliveryOf(refusedId)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringMatching(/duplicate content/) });

    api.queue({ status: 429, body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } });
    const messageId = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId, messageId, body: 'Hello again' }));
    await until(async () => (await t.db.selectFrom('deliveries').select('last_error').where('message_id', '=', messageId).executeTakeFirstOrThrow()).last_error !== null, t.hub);
    expect((await deliveryOf(messageId)).delivery_status).toBe('queued');
    await t.db.updateTable('deliveries').set({ next_attempt_at: new Date() }).where('message_id', '=', messageId).execute();
    await until(async () => (await deliveryOf(messageId)).delivery_status === 'sent', t.hub);
  });

  it('refuses a tweet reply over 280 characters without calling X', async () => {
    const id = snowflake();
    await postWebhook(mentionSample(id, { id: '6001969357', screen_name: 'longreader', name: 'Long Reader' }));
    const before = api.requests.length;
    // The hub refuses it when the agent sends (see reply-options.test.ts), before anything is queued.
    const ack = await emit(agent, 'message:send', { ...envelope(), conversationId: (await messageBy(id))!.conversation_id, messageId: randomUUID(), body: 'a'.repeat(281) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/280 characters/) } });
    expect(api.requests.length).toBe(before);
  });
});
