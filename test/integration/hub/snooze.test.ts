import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../src-shared/index.js';
import { wakeSnoozed } from '../../../src-hub/conversations/snooze.js';
import { emit, emitRaw, envelope, errorOf, inbound, okData, pullAll, startTestHub, until, type TestHub, type TestSocket } from './harness.js';

/**
 * Snooze (issue 5): roles, validation, idempotent replay, and waking — by the hub's sweep when the
 * time comes and at once when the customer writes again.
 */
let t: TestHub;
let lead: TestSocket;
let anna: TestSocket;
let ben: TestSocket;
let sales: TestSocket;

beforeAll(async () => {
  // A quick sweep so the timer-driven wake is seen within the test.
  t = await startTestHub({ snoozeSweepMs: 200 });
  ({ socket: lead } = await t.connectAs(t.users.lead));
  ({ socket: anna } = await t.connectAs(t.users.agentA));
  ({ socket: ben } = await t.connectAs(t.users.agentB));
  ({ socket: sales } = await t.connectAs(await t.addUser({ email: 'sam@example.test', name: 'Sam Sales', departments: ['sales'] })));
});

afterAll(async () => {
  await t?.close();
});

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const snoozedUntilOf = async (id: string) =>
  (await t.db.selectFrom('conversations').select('snoozed_until').where('id', '=', id).executeTakeFirstOrThrow()).snoozed_until;

describe('conversation:snooze', () => {
  it('stores the wake time, logs the change, and a replay changes nothing', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'snooze-1', department: 'support' }));
    const start = okData(await emit(ben, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const wake = inHours(2);
    const req = { ...envelope('anna-console'), conversationId: r.conversationId, until: wake };
    const first = okData(await emit(anna, 'conversation:snooze', req));
    expect(first.conversation.snoozedUntil).toBe(wake);
    expect(first.conversation.status).toBe('open');
    // Colleagues of the team get the snoozed conversation through the change log.
    const pulled = await pullAll(ben, start);
    const change = pulled.changes.findLast((c) => c.entity === 'conversation' && c.data.id === r.conversationId);
    expect(change?.entity === 'conversation' && change.data.snoozedUntil).toBe(wake);
    // Replayed after a lost acknowledgement: the original answer, no new version.
    const replay = okData(await emit(anna, 'conversation:snooze', req));
    expect(replay).toEqual(first);
    const version = (await t.db.selectFrom('conversations').select('version').where('id', '=', r.conversationId).executeTakeFirstOrThrow()).version;
    expect(version).toBe(first.conversation.version);

    // Unsnooze.
    const woken = okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: null }));
    expect(woken.conversation.snoozedUntil).toBeNull();
    expect(await snoozedUntilOf(r.conversationId)).toBeNull();
  });

  it('lets agents snooze only their own or unassigned work, leads any, and checks the team', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'snooze-2', department: 'support' }));
    okData(await emit(ben, 'conversation:assign', { ...envelope('ben-console'), conversationId: r.conversationId, assigneeId: t.users.agentB.id }));
    errorOf(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: inHours(1) }), 'forbidden');
    errorOf(await emit(sales, 'conversation:snooze', { ...envelope('sales-console'), conversationId: r.conversationId, until: inHours(1) }), 'forbidden');
    expect(await snoozedUntilOf(r.conversationId)).toBeNull();
    // The assignee and any lead may.
    okData(await emit(ben, 'conversation:snooze', { ...envelope('ben-console'), conversationId: r.conversationId, until: inHours(1) }));
    const byLead = okData(await emit(lead, 'conversation:snooze', { ...envelope('lead-console'), conversationId: r.conversationId, until: inHours(3) }));
    expect(Date.parse(byLead.conversation.snoozedUntil!)).toBeGreaterThan(Date.now() + 2.5 * 3_600_000);
    // Through the outbox's batch, with the same rules.
    const batch = okData(
      await emit(anna, 'mutation:batch', {
        mutations: [{ seq: 1, name: 'conversation:snooze', payload: { ...envelope('anna-console'), conversationId: r.conversationId, until: null } }],
      }),
    );
    expect(batch.results[0]?.ok).toBe(false);
    expect(!batch.results[0]?.ok && batch.results[0]?.error.code).toBe('forbidden');
  });

  it('refuses bad wake times and closed conversations, storing nothing', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'snooze-3', department: 'support' }));
    // A wake time already past (a snooze that waited offline in the outbox) leaves it awake.
    const past = okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: inHours(-1) }));
    expect(past.conversation.snoozedUntil).toBeNull();
    errorOf(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: inHours(24 * 400) }), 'bad_request');
    errorOf(await emitRaw(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: 'tomorrow' }), 'bad_request');
    errorOf(await emitRaw(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId }), 'bad_request');
    errorOf(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: crypto.randomUUID(), until: inHours(1) }), 'not_found');
    okData(await emit(anna, 'conversation:set-status', { ...envelope('anna-console'), conversationId: r.conversationId, status: 'closed' }));
    errorOf(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: inHours(1) }), 'conflict');
    expect(await snoozedUntilOf(r.conversationId)).toBeNull();
  });

  it('closing ends a snooze', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'snooze-4', department: 'support' }));
    okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: inHours(1) }));
    const closed = okData(await emit(anna, 'conversation:set-status', { ...envelope('anna-console'), conversationId: r.conversationId, status: 'closed' }));
    expect(closed.conversation.snoozedUntil).toBeNull();
  });
});

describe('waking', () => {
  it('a new customer message wakes a snoozed conversation at once', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'snooze-5', department: 'support' }));
    okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: inHours(5) }));
    const start = okData(await emit(ben, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const again = await t.hub.ingest(inbound({ sender: 'snooze-5', department: 'support', body: 'Any news?' }));
    expect(again.conversationId).toBe(r.conversationId);
    expect(await snoozedUntilOf(r.conversationId)).toBeNull();
    const pulled = await pullAll(ben, start);
    const change = pulled.changes.findLast((c) => c.entity === 'conversation' && c.data.id === r.conversationId);
    expect(change?.entity === 'conversation' && change.data.snoozedUntil).toBeNull();
  });

  it('the sweep wakes exactly the conversations whose time has come, and logs each', async () => {
    const due = await t.hub.ingest(inbound({ sender: 'snooze-6', department: 'support' }));
    const later = await t.hub.ingest(inbound({ sender: 'snooze-7', department: 'support' }));
    okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: due.conversationId, until: inHours(1) }));
    okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: later.conversationId, until: inHours(10) }));
    const start = okData(await emit(ben, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    // As if 90 minutes had passed.
    const head = await wakeSnoozed(t.db, new Date(Date.now() + 90 * 60_000));
    expect(head).toBeGreaterThan(start);
    expect(await snoozedUntilOf(due.conversationId)).toBeNull();
    expect(await snoozedUntilOf(later.conversationId)).not.toBeNull();
    const pulled = await pullAll(ben, start);
    const woke = pulled.changes.filter((c) => c.entity === 'conversation').map((c) => c.data.id);
    expect(woke).toContain(due.conversationId);
    expect(woke).not.toContain(later.conversationId);
    // Nothing else due: a second round writes nothing.
    expect(await wakeSnoozed(t.db, new Date(Date.now() + 90 * 60_000))).toBe(0);
  });

  it('the hub wakes a snooze on its own when the time passes, and pokes the consoles', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'snooze-8', department: 'support' }));
    okData(await emit(anna, 'conversation:snooze', { ...envelope('anna-console'), conversationId: r.conversationId, until: new Date(Date.now() + 1500).toISOString() }));
    expect(await snoozedUntilOf(r.conversationId)).not.toBeNull();
    await until(async () => (await snoozedUntilOf(r.conversationId)) === null);
    const row = await t.db.selectFrom('conversations').select(['status', 'assignee_id']).where('id', '=', r.conversationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'open', assignee_id: null });
  });
});
