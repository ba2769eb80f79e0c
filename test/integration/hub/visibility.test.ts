import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Change } from '../../../src-shared/index.js';
import { emit, envelope, errorOf, inbound, okData, pullAll, startTestHub, type TestHub, type TestSocket } from './harness.js';

/**
 * Agents see their departments' conversations and those assigned to them; leads see all. Losing
 * access turns into a purge in the agent's next pull.
 */
let t: TestHub;
let lead: TestSocket;
let support: TestSocket; // agentA: Support only (the harness default)
let salesAgent: TestSocket;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: lead } = await t.connectAs(t.users.lead));
  ({ socket: support } = await t.connectAs(t.users.agentA));
  const sales = await t.addUser({ email: 'sales-agent@example.test', departments: ['sales'] });
  ({ socket: salesAgent } = await t.connectAs(sales));
});

afterAll(async () => {
  await t?.close();
});

const ids = (changes: Change[], entity: Change['entity']) => changes.filter((c) => c.entity === entity).map((c) => c.data.id);

describe('conversation visibility', () => {
  it('keeps another team’s conversations and messages out of an agent’s pull and snapshot', async () => {
    const start = okData(await emit(salesAgent, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const r = await t.hub.ingest(inbound({ sender: 'vis-support', department: 'support' }));
    const seenBySales = await pullAll(salesAgent, start);
    expect(ids(seenBySales.changes, 'conversation')).not.toContain(r.conversationId);
    expect(ids(seenBySales.changes, 'message')).not.toContain(r.messageId);
    // The cursor still moves past what was filtered, so nothing is read twice.
    expect(seenBySales.cursor).toBeGreaterThan(start);
    const seenBySupport = await pullAll(support, start);
    expect(ids(seenBySupport.changes, 'message')).toContain(r.messageId);
    const seenByLead = await pullAll(lead, start);
    expect(ids(seenByLead.changes, 'message')).toContain(r.messageId);

    const snapshot = okData(await emit(salesAgent, 'sync:bootstrap', { phase: 'queue' }));
    expect(snapshot.conversations.map((c) => c.id)).not.toContain(r.conversationId);
    errorOf(await emit(salesAgent, 'sync:conversation', { conversationId: r.conversationId }), 'not_found');
  });

  it('refuses work on a conversation outside the agent’s teams', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'vis-refuse', department: 'support' }));
    const reply = await emit(salesAgent, 'message:send', {
      ...envelope('sales-console-1'),
      conversationId: r.conversationId,
      messageId: crypto.randomUUID(),
      body: 'Not my team',
    });
    expect(errorOf(reply, 'forbidden').message).toContain("not in your team's queue");
    errorOf(await emit(salesAgent, 'conversation:assign', { ...envelope('sales-console-1'), conversationId: r.conversationId, assigneeId: null }), 'forbidden');
  });

  it('purges a conversation from the pull of an agent who lost access, and serves its history when access returns', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'vis-transfer', department: 'support' }));
    const before = okData(await emit(support, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    okData(await emit(lead, 'conversation:transfer', { ...envelope('lead-console-1'), conversationId: r.conversationId, departmentId: 'sales' }));
    const supportPull = await pullAll(support, before);
    expect(ids(supportPull.changes, 'purge')).toEqual([r.conversationId]);
    expect(ids(supportPull.changes, 'conversation')).not.toContain(r.conversationId);

    const salesPull = await pullAll(salesAgent, before);
    const moved = salesPull.changes.find((c) => c.entity === 'conversation' && c.data.id === r.conversationId);
    expect(moved?.data).toMatchObject({ departmentId: 'sales', assigneeId: null });
    // The sales agent never saw its messages; the conversation snapshot brings them.
    const history = okData(await emit(salesAgent, 'sync:conversation', { conversationId: r.conversationId }));
    expect(history.messages.map((m) => m.id)).toEqual([r.messageId]);
    expect(history.customers).toHaveLength(1);
  });

  it('lets an agent transfer her own conversation and validates the department', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'vis-own', department: 'support' }));
    okData(await emit(support, 'conversation:assign', { ...envelope('support-console-1'), conversationId: r.conversationId, assigneeId: t.users.agentA.id }));
    errorOf(await emit(support, 'conversation:transfer', { ...envelope('support-console-1'), conversationId: r.conversationId, departmentId: 'legal' as never }), 'bad_request');
    const moved = okData(await emit(support, 'conversation:transfer', { ...envelope('support-console-1'), conversationId: r.conversationId, departmentId: 'service' }));
    expect(moved.conversation).toMatchObject({ departmentId: 'service', assigneeId: null });
  });
});
