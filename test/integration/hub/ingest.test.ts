/**
 * The one ingest path: idempotency by provider message id, who the sender is, which conversation
 * a message joins, refusal of invalid input, and a gap-free change log under concurrent ingest.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src-shared/index.js';
import { HubError } from '../../../src-hub/errors.js';
import type { InboundMessage } from '../../../src-hub/ingest/ingest.js';
import {
  countRows,
  emit,
  envelope,
  inbound,
  okData,
  pullAll,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSocket,
} from './harness.js';

let t: TestHub;
let agent: TestSocket;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: agent } = await t.connectAs(t.users.agentA));
});

afterAll(async () => {
  await t?.close();
});

const TABLES = ['customers', 'identities', 'conversations', 'messages', 'changes'] as const;
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await countRows(t.db, table)] as const)));
const newSender = (prefix = 'sender') => `${prefix}-${randomUUID()}`;

async function stored(message: InboundMessage) {
  const result = await t.hub.ingest(message);
  if (result.status !== 'stored') throw new Error(`expected stored, got ${result.status}`);
  return result;
}

const conversationRow = (id: string) => t.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('idempotency', () => {
  it('answers a redelivered provider message id with duplicate and stores it once', async () => {
    const message = inbound({ sender: newSender(), providerMessageId: `wamid.${randomUUID()}`, channel: 'whatsapp' });
    const first = await stored(message);
    const before = await counts();
    const headBefore = (await pullAll(agent, 0)).cursor;

    const second = await t.hub.ingest({ ...message, body: 'the provider retried with a different body' });
    expect(second).toEqual({ status: 'duplicate', conversationId: first.conversationId, messageId: first.messageId });
    expect(await counts()).toEqual(before);
    expect((await pullAll(agent, headBefore)).changes).toEqual([]);
    const rows = await t.db.selectFrom('messages').select(['id', 'body']).where('provider_message_id', '=', message.providerMessageId).execute();
    expect(rows).toEqual([{ id: first.messageId, body: message.body }]);
  });

  it('keys provider message ids per channel', async () => {
    const providerMessageId = `shared-${randomUUID()}`;
    const sender = newSender();
    const chat = await stored(inbound({ sender, providerMessageId, channel: 'chat' }));
    const email = await stored(inbound({ sender, providerMessageId, channel: 'email' }));
    expect(email.messageId).not.toBe(chat.messageId);
  });
});

describe('senders and conversations', () => {
  it('creates a customer and an identity for a new sender, and pokes consoles', async () => {
    const sender = newSender('ig');
    const before = await counts();
    const headBefore = (await pullAll(agent, 0)).cursor;
    const poke = waitFor(agent, 'sync:poke', { until: (p) => p.head > headBefore });
    const result = await stored(
      inbound({
        sender,
        channel: 'instagram',
        from: { providerUserId: sender, handle: '@marie', displayName: 'Marie Curie' },
        customer: { language: 'fr', country: 'FR' },
      }),
    );
    expect((await poke).head).toBe(result.head);
    expect(await counts()).toEqual({
      customers: before.customers! + 1,
      identities: before.identities! + 1,
      conversations: before.conversations! + 1,
      messages: before.messages! + 1,
      changes: before.changes! + 4,
    });

    const identity = await t.db.selectFrom('identities').selectAll().where('provider_user_id', '=', sender).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ channel: 'instagram', handle: '@marie', display_name: 'Marie Curie' });
    const customer = await t.db.selectFrom('customers').selectAll().where('id', '=', identity.customer_id).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: 'Marie Curie', language: 'fr', country: 'FR' });
    const conversation = await conversationRow(result.conversationId);
    expect(conversation).toMatchObject({ identity_id: identity.id, customer_id: customer.id, channel: 'instagram', status: 'open', version: 1 });

    const changes = (await pullAll(agent, headBefore)).changes;
    expect(changes.map((c) => [c.entity, c.data.id])).toEqual([
      ['customer', customer.id],
      ['identity', identity.id],
      ['message', result.messageId],
      ['conversation', result.conversationId],
    ]);
  });

  it('names a customer without a display name after the handle', async () => {
    const sender = newSender();
    const result = await stored(inbound({ sender, from: { providerUserId: sender, handle: '+4915112345678' } }));
    const conversation = await conversationRow(result.conversationId);
    const customer = await t.db.selectFrom('customers').select('name').where('id', '=', conversation.customer_id).executeTakeFirstOrThrow();
    expect(customer.name).toBe('+4915112345678');
  });

  it('continues the open conversation for the next message from the same sender', async () => {
    const sender = newSender();
    const firstAt = new Date('2024-03-01T09:00:00.000Z');
    const first = await stored(inbound({ sender, body: 'Hello?', receivedAt: firstAt }));
    const before = await counts();
    const second = await stored(inbound({ sender, body: 'Anyone there?', receivedAt: new Date('2024-03-01T09:10:00.000Z') }));

    expect(second.conversationId).toBe(first.conversationId);
    expect(second.messageId).not.toBe(first.messageId);
    const after = await counts();
    expect(after.customers).toBe(before.customers);
    expect(after.identities).toBe(before.identities);
    expect(after.conversations).toBe(before.conversations);
    expect(after.messages).toBe(before.messages! + 1);

    const conversation = await conversationRow(first.conversationId);
    expect(conversation.version).toBe(2);
    expect(conversation.snippet).toBe('Anyone there?');
    // The customer has been waiting since their first unanswered message.
    expect(new Date(conversation.waiting_since!).toISOString()).toBe(firstAt.toISOString());
    expect(new Date(conversation.last_message_at).toISOString()).toBe('2024-03-01T09:10:00.000Z');
  });

  it('opens a new conversation after the previous one was closed, for the same customer', async () => {
    const sender = newSender();
    const first = await stored(inbound({ sender }));
    const closed = okData(await emit(agent, 'conversation:set-status', { ...envelope('console-ingest-1'), conversationId: first.conversationId, status: 'closed' }));
    expect(closed.conversation.status).toBe('closed');

    const next = await stored(inbound({ sender }));
    expect(next.conversationId).not.toBe(first.conversationId);
    const [old, fresh] = await Promise.all([conversationRow(first.conversationId), conversationRow(next.conversationId)]);
    expect(old.status).toBe('closed');
    expect(fresh).toMatchObject({ status: 'open', customer_id: old.customer_id, identity_id: old.identity_id });
  });
});

describe('invalid input', () => {
  const valid = () => inbound({ sender: newSender() });
  const cases: [string, () => unknown][] = [
    ['an empty provider message id', () => ({ ...valid(), providerMessageId: '' })],
    ['an unknown channel', () => ({ ...valid(), channel: 'telegram' })],
    ['an unknown kind', () => ({ ...valid(), kind: 'dm' })],
    ['no sender', () => ({ ...valid(), from: undefined })],
    ['an empty sender id', () => ({ ...valid(), from: { providerUserId: '', handle: 'x' } })],
    ['a body that is not a string', () => ({ ...valid(), body: 42 })],
    ['a body over 1 MB', () => ({ ...valid(), body: 'x'.repeat(1_000_001) })],
    ['an unknown department', () => ({ ...valid(), department: 'hr' })],
    ['a priority out of range', () => ({ ...valid(), priority: 101 })],
    ['a receivedAt that is not a Date', () => ({ ...valid(), receivedAt: '2024-01-01' })],
    ['null', () => null],
  ];

  it.each(cases)('refuses %s with bad_request and stores nothing', async (_name, make) => {
    const before = await counts();
    const error: unknown = await t.hub.ingest(make() as InboundMessage).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('bad_request');
    expect(await counts()).toEqual(before);
  });
});

describe('concurrency', () => {
  it('stores 40 concurrent messages from several senders with a gap-free, ordered change log', async () => {
    const senders = Array.from({ length: 5 }, () => newSender('burst'));
    const messages = Array.from({ length: 40 }, (_, i) => inbound({ sender: senders[i % senders.length]! }));
    const before = await counts();
    const results = await Promise.all(messages.map((m) => t.hub.ingest(m)));

    expect(results.every((r) => r.status === 'stored')).toBe(true);
    const messageIds = results.map((r) => r.messageId);
    expect(new Set(messageIds).size).toBe(40);
    const after = await counts();
    expect(after.messages).toBe(before.messages! + 40);
    // Ingest is serialised per sender: each sender got exactly one conversation and one customer.
    expect(after.conversations).toBe(before.conversations! + 5);
    expect(after.customers).toBe(before.customers! + 5);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(5);

    // Small pages exercise hasMore and cursors.
    const { changes, cursor } = await pullAll(agent, 0, 7);
    const syncIds = changes.map((c) => c.syncId);
    for (let i = 1; i < syncIds.length; i++) expect(syncIds[i]).toBeGreaterThan(syncIds[i - 1]!);
    expect(cursor).toBe(syncIds.at(-1));
    expect(cursor).toBe(Math.max(...results.map((r) => (r.status === 'stored' ? r.head : 0))));
    const seen = changes.filter((c) => c.entity === 'message').map((c) => c.data.id);
    for (const id of messageIds) expect(seen.filter((s) => s === id)).toHaveLength(1);

    const latest = new Map<string, Change>();
    for (const change of changes) if (change.entity === 'conversation') latest.set(change.data.id, change);
    for (const id of new Set(results.map((r) => r.conversationId))) {
      const change = latest.get(id);
      expect(change?.entity === 'conversation' && change.data.version).toBe(8);
    }
  });
});

describe('property: each provider message is stored once', () => {
  it('stores as many messages as there are distinct (channel, provider message id) pairs', async () => {
    let run = 0;
    const step = fc.record({
      sender: fc.integer({ min: 0, max: 3 }),
      message: fc.integer({ min: 0, max: 4 }),
      channel: fc.constantFrom('chat' as const, 'email' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        run += 1;
        const ns = `prop-${run}-${randomUUID().slice(0, 8)}`;
        const firstSeen = new Map<string, string>();
        const storedSenders = new Set<string>();
        for (const s of steps) {
          const key = `${s.channel}:${ns}-m${s.message}`;
          const result = await t.hub.ingest(inbound({ channel: s.channel, sender: `${ns}-s${s.sender}`, providerMessageId: `${ns}-m${s.message}` }));
          const first = firstSeen.get(key);
          if (first) {
            expect(result).toMatchObject({ status: 'duplicate', messageId: first });
          } else {
            expect(result.status).toBe('stored');
            firstSeen.set(key, result.messageId);
            storedSenders.add(`${s.channel}:${s.sender}`);
          }
        }
        const rows = await t.db
          .selectFrom('messages')
          .select(['id', 'channel', 'provider_message_id'])
          .where('provider_message_id', 'like', `${ns}-%`)
          .execute();
        expect(rows).toHaveLength(firstSeen.size);
        expect(new Set(rows.map((r) => `${r.channel}:${r.provider_message_id}`)).size).toBe(rows.length);
        expect(new Set(rows.map((r) => r.id))).toEqual(new Set(firstSeen.values()));
        // A duplicate never creates its sender: identities exist only for senders of stored messages.
        const identities = await t.db.selectFrom('identities').select(['channel', 'provider_user_id']).where('provider_user_id', 'like', `${ns}-%`).execute();
        expect(new Set(identities.map((i) => `${i.channel}:${i.provider_user_id.slice(ns.length + 2)}`))).toEqual(storedSenders);
      }),
      { numRuns: 30 },
    );
  });
});
