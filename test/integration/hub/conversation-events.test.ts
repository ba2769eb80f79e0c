/**
 * System events of a conversation against the real hub: assignment, claim by reply, transfer,
 * close/reopen and snooze are recorded as rows, reach consoles through the change log scoped like
 * the conversation, and come with a thread's snapshot.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, ConversationEvent } from '../../../src-shared/index.js';
import { wakeSnoozed } from '../../../src-hub/conversations/snooze.js';
import { emit, envelope, inbound, okData, pullAll, startTestHub, type TestHub, type TestSocket } from './harness.js';

let t: TestHub;
let lead: TestSocket;
let anna: TestSocket;
let outsider: TestSocket;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: lead } = await t.connectAs(t.users.lead));
  ({ socket: anna } = await t.connectAs(t.users.agentA));
  const sam = await t.addUser({ email: 'sam@example.test', name: 'Sam Sales', departments: ['sales'] });
  ({ socket: outsider } = await t.connectAs(sam));
});

afterAll(async () => {
  await t?.close();
});

const eventsIn = (changes: Change[], conversationId: string): ConversationEvent[] =>
  changes.flatMap((c) => (c.entity === 'conversation-event' && c.data.conversationId === conversationId ? [c.data] : []));

describe('conversation events', () => {
  it('records assignment, claim by reply, transfer, close, reopen and snooze with who and when', async () => {
    const { conversationId } = await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-1' }));
    const before = (await pullAll(anna, 0)).cursor;
    const { agentA, lead: leadUser } = t.users;

    okData(await emit(lead, 'conversation:assign', { ...envelope('lead-client-1'), conversationId, assigneeId: agentA.id }));
    okData(await emit(anna, 'conversation:assign', { ...envelope(), conversationId, assigneeId: null }));
    // A reply claims the unassigned conversation.
    okData(await emit(anna, 'message:send', { ...envelope(), conversationId, messageId: randomUUID(), body: 'On it!' }));
    okData(await emit(anna, 'conversation:set-status', { ...envelope(), conversationId, status: 'closed' }));
    // Closing again is no new event.
    okData(await emit(anna, 'conversation:set-status', { ...envelope(), conversationId, status: 'closed' }));
    okData(await emit(anna, 'conversation:set-status', { ...envelope(), conversationId, status: 'open' }));
    const until = new Date(Date.now() + 3_600_000).toISOString();
    okData(await emit(anna, 'conversation:snooze', { ...envelope(), conversationId, until }));
    okData(await emit(anna, 'conversation:transfer', { ...envelope(), conversationId, departmentId: 'sales' }));

    const rows = await t.db.selectFrom('conversation_events').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at').execute();
    expect(rows.map((r) => [r.kind, r.actor_id])).toEqual([
      ['assigned', leadUser.id],
      ['unassigned', agentA.id],
      ['assigned', agentA.id],
      ['closed', agentA.id],
      ['reopened', agentA.id],
      ['snoozed', agentA.id],
      ['transferred', agentA.id],
    ]);

    // The lead's console gets them through the change log, with the details.
    const seen = eventsIn((await pullAll(lead, before)).changes, conversationId);
    expect(seen.map((e) => e.kind)).toEqual(['assigned', 'unassigned', 'assigned', 'closed', 'reopened', 'snoozed', 'transferred']);
    expect(seen[0]).toMatchObject({ actorId: leadUser.id, assigneeId: agentA.id });
    expect(seen[5]).toMatchObject({ until });
    expect(seen[6]).toMatchObject({ departmentId: 'sales' });
    // Anna saw the events while it was her team's; after the transfer she may not see it any more.
    const annas = eventsIn((await pullAll(anna, before)).changes, conversationId);
    expect(annas.map((e) => e.kind)).toEqual(['assigned', 'unassigned', 'assigned', 'closed', 'reopened', 'snoozed']);
    // Sam (sales) sees only what happened after the conversation reached his team.
    const sams = eventsIn((await pullAll(outsider, before)).changes, conversationId);
    expect(sams.map((e) => e.kind)).toEqual(['transferred']);
    // The thread's snapshot brings all of them (Sam fetches the history he gained access to).
    const snapshot = okData(await emit(outsider, 'sync:conversation', { conversationId }));
    expect(snapshot.events?.map((e) => e.kind)).toEqual(['assigned', 'unassigned', 'assigned', 'closed', 'reopened', 'snoozed', 'transferred']);
  });

  it('a snooze the hub ends records an event without an actor', async () => {
    const { conversationId } = await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-2' }));
    okData(await emit(anna, 'conversation:snooze', { ...envelope(), conversationId, until: new Date(Date.now() + 60_000).toISOString() }));
    await wakeSnoozed(t.db, new Date(Date.now() + 120_000));
    const rows = await t.db.selectFrom('conversation_events').select(['kind', 'actor_id']).where('conversation_id', '=', conversationId).orderBy('created_at').execute();
    expect(rows).toEqual([
      { kind: 'snoozed', actor_id: t.users.agentA.id },
      { kind: 'woken', actor_id: null },
    ]);
  });

  it('a customer writing to a snoozed conversation wakes it with an event saying so, on the single and the grouped ingest path', async () => {
    const first = await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-3' }));
    const second = await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-4' }));
    const ids = [first.conversationId, second.conversationId];
    const until = new Date(Date.now() + 3_600_000).toISOString();
    for (const conversationId of ids) okData(await emit(anna, 'conversation:snooze', { ...envelope(), conversationId, until }));
    const before = (await pullAll(lead, 0)).cursor;
    // One message alone (storeOne's path), then two at once (the group's set-wise path).
    await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-3', body: 'Hello again?' }));
    // The first message of a quiet moment is written alone; the two that arrive meanwhile share a group.
    await Promise.all([
      t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-5', body: 'Opening the group' })),
      t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-4', body: 'Anyone there?' })),
      t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-4', body: 'Still waiting' })),
    ]);
    // A message to a conversation that is not snoozed records nothing.
    await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'events-3', body: 'One more thing' }));

    for (const conversationId of ids) {
      const rows = await t.db.selectFrom('conversation_events').select(['kind', 'actor_id', 'data']).where('conversation_id', '=', conversationId).orderBy('created_at').execute();
      expect(rows.map((r) => [r.kind, r.actor_id])).toEqual([
        ['snoozed', t.users.agentA.id],
        ['woken', null],
      ]);
      const seen = eventsIn((await pullAll(lead, before)).changes, conversationId);
      expect(seen).toEqual([expect.objectContaining({ kind: 'woken', actorId: null, cause: 'customer' })]);
    }
  });

  it('automatic routing records who got the conversation, without an actor', async () => {
    // A team of her own, so other waiting conversations do not interfere.
    const agent = await t.addUser({ email: `routed-${randomUUID()}@example.test`, name: 'Rita Routed', departments: ['marketing'] });
    const { socket } = await t.connectAs(agent);
    okData(await emit(lead, 'lead:settings-save', { ...okData(await emit(lead, 'lead:settings', {})), autoAssign: true }));
    try {
      const { conversationId } = await t.hub.ingest(inbound({ channel: 'chat', department: 'marketing', sender: `routed-${randomUUID()}` }));
      await t.hub.lead.route();
      const rows = await t.db.selectFrom('conversation_events').select(['kind', 'actor_id']).where('conversation_id', '=', conversationId).execute();
      expect(rows).toEqual([{ kind: 'assigned', actor_id: null }]);
      const seen = eventsIn((await pullAll(socket, 0)).changes, conversationId);
      expect(seen).toEqual([expect.objectContaining({ kind: 'assigned', actorId: null, assigneeId: agent.id, cause: 'routing' })]);
    } finally {
      okData(await emit(lead, 'lead:settings-save', { ...okData(await emit(lead, 'lead:settings', {})), autoAssign: false }));
    }
  });

  it('"next conversation" records that the agent took it', async () => {
    const agent = await t.addUser({ email: `next-${randomUUID()}@example.test`, name: 'Nick Next', departments: ['marketing'] });
    const { socket } = await t.connectAs(agent);
    const { conversationId } = await t.hub.ingest(inbound({ channel: 'chat', department: 'marketing', sender: `next-${randomUUID()}` }));
    expect(okData(await emit(socket, 'routing:next', {})).conversation?.id).toBe(conversationId);
    const rows = await t.db.selectFrom('conversation_events').select(['kind', 'actor_id']).where('conversation_id', '=', conversationId).execute();
    expect(rows).toEqual([{ kind: 'assigned', actor_id: agent.id }]);
  });
});
