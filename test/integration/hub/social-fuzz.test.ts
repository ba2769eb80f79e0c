/**
 * Property tests (fast-check) for the social webhook parsers and endpoints: arbitrary JSON and
 * documented sample payloads with random damage. The parsers never throw; the real hub answers
 * every signed request with 200 or a 4xx (never a crash or 5xx), stores exactly the messages it
 * reports, and every stored message is whole (with its conversation, identity and customer).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetaWebhook } from '../../../src-hub/channels/meta/parse.js';
import { parseXWebhook } from '../../../src-hub/channels/x/parse.js';
import { countRows, emit, okData, startTestHub, type TestHub } from './harness.js';

const APP_SECRET = 'fuzz-app-secret';
const CONSUMER_SECRET = 'fuzz-consumer-secret';
const PAGE_ID = '104200112233445';
const IG_ID = '17841405822304914';
const PHONE_NUMBER_ID = '106540352242922';
const X_ID = '2244994945';

const SAMPLES: { path: '/webhooks/meta' | '/webhooks/x'; body: unknown }[] = [
  {
    path: '/webhooks/meta',
    body: { object: 'page', entry: [{ id: PAGE_ID, time: 1_763_900_000_000, messaging: [{ sender: { id: '1254459154682919' }, recipient: { id: PAGE_ID }, timestamp: 1_763_900_000_000, message: { mid: 'm_fuzz_1', text: 'hello, world!' } }] }] },
  },
  {
    path: '/webhooks/meta',
    body: { object: 'page', entry: [{ id: PAGE_ID, time: 1_763_900_000, changes: [{ field: 'feed', value: { from: { id: '2010102338987654', name: 'Jane Doe' }, message: 'Nice!', post_id: `${PAGE_ID}_1`, comment_id: '1_2', created_time: 1_763_900_000, item: 'comment', parent_id: `${PAGE_ID}_1`, verb: 'add' } }] }] },
  },
  {
    path: '/webhooks/meta',
    body: { object: 'instagram', entry: [{ id: IG_ID, time: 1_763_900_000, changes: [{ field: 'comments', value: { from: { id: '6543210987654321', username: 'lena' }, media: { id: '17887498072083520', media_product_type: 'FEED' }, id: '17865799348089039', text: 'Love it' } }] }] },
  },
  {
    path: '/webhooks/meta',
    body: {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
                contacts: [{ profile: { name: 'Kerry Fisher' }, wa_id: '16315551181' }],
                messages: [
                  { from: '16315551181', id: 'wamid.fuzz1', timestamp: '1763900000', text: { body: 'this is a text message' }, type: 'text' },
                  { from: '16315551181', id: 'wamid.fuzz2', timestamp: '1763900001', image: { id: '1', mime_type: 'image/jpeg', caption: 'look' }, type: 'image' },
                ],
              },
            },
          ],
        },
      ],
    },
  },
  {
    path: '/webhooks/x',
    body: {
      for_user_id: X_ID,
      tweet_create_events: [{ id_str: '1330000000000000001', text: '@TwitterDev help', user: { id_str: '3001969357', screen_name: 'jessicagarson', name: 'Jessica' }, in_reply_to_user_id_str: X_ID, timestamp_ms: '1763900000000' }],
      direct_message_events: [{ type: 'message_create', id: '1330000000000000002', created_timestamp: '1763900000000', message_create: { target: { recipient_id: X_ID }, sender_id: '3001969357', message_data: { text: 'hi' } } }],
    },
  },
];

/** Damage a JSON value: replace or delete the `index`th node (depth-first) with `replacement`. */
function damage(value: unknown, index: number, replacement: unknown, remove: boolean): unknown {
  let counter = 0;
  const visit = (node: unknown): unknown => {
    if (counter++ === index) return remove ? undefined : replacement;
    if (Array.isArray(node)) return node.map(visit).filter((v) => v !== undefined);
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(
        Object.entries(node)
          .map(([k, v]) => [k, visit(v)] as const)
          .filter(([, v]) => v !== undefined),
      );
    }
    return node;
  };
  return visit(value);
}

const damagedSample = fc
  .record({ sample: fc.constantFrom(...SAMPLES), index: fc.nat({ max: 60 }), replacement: fc.jsonValue({ maxDepth: 3 }), remove: fc.boolean() })
  .map(({ sample, index, replacement, remove }) => ({ path: sample.path, body: damage(sample.body, index, replacement, remove) }));

const anyPayload = fc.oneof(
  damagedSample,
  fc.record({ path: fc.constantFrom('/webhooks/meta' as const, '/webhooks/x' as const), body: fc.jsonValue({ maxDepth: 4 }) }),
);

describe('webhook parsers', () => {
  it('never throw, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), damagedSample.map((s) => s.body)), (body) => {
        const meta = parseMetaWebhook(body);
        const x = parseXWebhook(body);
        // A payload that parses yields only messages with an id and a sender.
        for (const result of [meta, x]) {
          if (!result.ok) expect(result.reason).toMatch(/\S/);
          else for (const event of result.events) expect(event.message.providerMessageId && event.message.from.providerUserId).toBeTruthy();
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('webhook endpoints', () => {
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub();
    const { socket } = await t.connectAs(await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] }));
    for (const [channel, address] of [
      ['facebook', PAGE_ID],
      ['instagram', IG_ID],
      ['whatsapp', PHONE_NUMBER_ID],
    ] as const) {
      okData(await emit(socket, 'channels:save', { channel, name: channel, address, departmentId: 'support', secrets: { appSecret: APP_SECRET } }));
    }
    okData(await emit(socket, 'channels:save', { channel: 'x', name: 'x', address: X_ID, departmentId: 'support', secrets: { consumerSecret: CONSUMER_SECRET } }));
    socket.disconnect();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answer every signed payload with 200 or 4xx, store exactly what they report, and only whole messages', async () => {
    await fc.assert(
      fc.asyncProperty(anyPayload, async ({ path, body }) => {
        const raw = JSON.stringify(body) ?? 'null';
        const signature: Record<string, string> =
          path === '/webhooks/meta'
            ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}` }
            : { 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', CONSUMER_SECRET).update(raw).digest('base64')}` };
        const before = await countRows(t.db, 'messages');
        const response = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body: raw });
        const answer = (await response.json()) as { stored?: number; error?: { message: string } };
        const after = await countRows(t.db, 'messages');
        expect([200, 400]).toContain(response.status);
        if (response.status === 200) expect(after - before).toBe(answer.stored);
        else {
          expect(answer.error?.message).toMatch(/\S/);
          expect(after).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
    // Every stored message is whole: its conversation, identity and customer exist.
    const orphans = await t.db
      .selectFrom('messages')
      .leftJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .leftJoin('identities', 'identities.id', 'conversations.identity_id')
      .leftJoin('customers', 'customers.id', 'identities.customer_id')
      .select('messages.id')
      .where((eb) => eb.or([eb('conversations.id', 'is', null), eb('identities.id', 'is', null), eb('customers.id', 'is', null)]))
      .execute();
    expect(orphans).toEqual([]);
    expect(await countRows(t.db, 'messages')).toBeGreaterThan(0);
    expect(t.logs.filter((l) => /failed/.test(l) && !/dropped/.test(l))).toEqual([]);
  });
});
