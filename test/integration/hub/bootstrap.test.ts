import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PROTOCOL_VERSION, SnapshotSchema, type Snapshot } from '../../../src-shared/index.js';
import { pruneChanges } from '../../../src-hub/store/changes.js';
import { emit, envelope, errorOf, inbound, okData, startTestHub, type TestHub, type TestSocket } from './harness.js';

let t: TestHub;
let lead: TestSocket;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: lead } = await t.connectAs(t.users.lead));
});

afterAll(async () => {
  await t?.close();
});

async function closeConversation(id: string): Promise<void> {
  okData(await emit(lead, 'conversation:set-status', { ...envelope('lead-client-1'), conversationId: id, status: 'closed' }));
}

/** Walk a whole plan as `socket`, page by page; every page is checked for shape. */
async function walkPlan(socket: TestSocket, pageSize: number): Promise<{ total: number; pages: Snapshot[] }> {
  const plan = okData(await emit(socket, 'sync:plan', { pageSize }));
  const pages: Snapshot[] = [];
  for (const page of plan.pages) pages.push(SnapshotSchema.parse(okData(await emit(socket, 'sync:bootstrap', { phase: 'page', page }))));
  return { total: plan.total, pages };
}

async function visibleIds(where: (q: any) => any): Promise<string[]> {
  const rows = await where(t.db.selectFrom('conversations').select('id')).execute();
  return rows.map((r: { id: string }) => r.id).sort();
}

describe('bootstrap: the lean first page', () => {
  it('holds open conversations with customers, identities and all staff, but no messages', async () => {
    const open = await t.hub.ingest(inbound({ sender: 'boot-open-1' }));
    const closed = await t.hub.ingest(inbound({ sender: 'boot-closed-1' }));
    await closeConversation(closed.conversationId);
    const snapshot: Snapshot = okData(await emit(lead, 'sync:bootstrap', { phase: 'queue' }));
    const ids = snapshot.conversations.map((c) => c.id);
    expect(ids).toContain(open.conversationId);
    expect(ids).not.toContain(closed.conversationId);
    expect(snapshot.messages).toEqual([]);
    const conversation = snapshot.conversations.find((c) => c.id === open.conversationId)!;
    expect(conversation.snippet).toContain('boot-open-1');
    expect(snapshot.customers.map((c) => c.id)).toContain(conversation.customerId);
    expect(snapshot.identities.map((i) => i.id)).toContain(conversation.identityId);
    expect(snapshot.users.map((u) => u.email).sort()).toEqual(
      [t.users.lead.email, t.users.agentA.email, t.users.agentB.email].sort(),
    );
    // The cursor was read before the rows: pulling from it returns at least the latest changes again.
    const pull = okData(await emit(lead, 'sync:pull', { cursor: snapshot.cursor, limit: 1000 }));
    expect(pull.cursor).toBeGreaterThanOrEqual(snapshot.cursor);
  });

  it('is the top of the queue in queue order, plus the agent’s own conversations further down', async () => {
    const { socket: anna } = await t.connectAs(t.users.agentA);
    const made = [];
    for (let i = 0; i < 4; i += 1) made.push(await t.hub.ingest(inbound({ sender: `boot-order-${i}`, receivedAt: new Date(Date.UTC(2020, 0, 1, 9, i)) })));
    // The newest waits least, so it is last in queue order; assign it to Anna.
    const hers = made.at(-1)!;
    await t.db.updateTable('conversations').set({ assignee_id: t.users.agentA.id }).where('id', '=', hers.conversationId).execute();
    await t.db.updateTable('conversations').set({ priority: 5 }).where('id', '=', made[2]!.conversationId).execute();
    const page: Snapshot = okData(await emit(anna, 'sync:bootstrap', { phase: 'queue', limit: 2 }));
    // Priority first, then the longest waiting.
    expect(page.conversations.slice(0, 2).map((c) => c.id)).toEqual([made[2]!.conversationId, made[0]!.conversationId]);
    expect(page.conversations.map((c) => c.id)).toContain(hers.conversationId);
    expect(page.conversations).toHaveLength(3);
    anna.close();
  });

  it('refuses a limit beyond the maximum', async () => {
    errorOf(await emit(lead, 'sync:bootstrap', { phase: 'queue', limit: 1_000_000 }), 'bad_request');
  });
});

describe('bootstrap: the plan and its pages', () => {
  it('covers every conversation once, open ones first, then closed ones newest first, each with all its messages', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await t.hub.ingest(inbound({ sender: `boot-history-${i}`, receivedAt: new Date(Date.UTC(2019, 0, 1, 12, i)) }));
      await t.hub.ingest(inbound({ sender: `boot-history-${i}`, receivedAt: new Date(Date.UTC(2019, 0, 1, 12, i, 30)) }));
      await closeConversation(r.conversationId);
      made.push(r.conversationId);
    }
    const { total, pages } = await walkPlan(lead, 2);
    const seen = pages.flatMap((p) => p.conversations);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    expect(seen.map((c) => c.id).sort()).toEqual(await visibleIds((q) => q));
    expect(total).toBe(seen.length);
    for (const page of pages) expect(page.conversations.length).toBeLessThanOrEqual(2);
    // Open first, then closed.
    const firstClosed = seen.findIndex((c) => c.status === 'closed');
    expect(seen.slice(firstClosed).every((c) => c.status === 'closed')).toBe(true);
    // Newest first: the five 2019 conversations come last, in reverse order of arrival.
    expect(seen.slice(-5).map((c) => c.id)).toEqual([...made].reverse());
    const messages = pages.flatMap((p) => p.messages);
    const stored = await t.db.selectFrom('messages').select('id').execute();
    expect(messages.map((m) => m.id).sort()).toEqual(stored.map((m) => m.id).sort());
    for (const page of pages) {
      for (const c of page.conversations) {
        expect(page.customers.some((x) => x.id === c.customerId)).toBe(true);
        expect(page.identities.some((x) => x.id === c.identityId)).toBe(true);
      }
    }
  });

  it('keeps range bounds exact to the microsecond, even for conversations sharing a timestamp', async () => {
    const same: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await t.hub.ingest(inbound({ sender: `boot-tie-${i}` }));
      await closeConversation(r.conversationId);
      same.push(r.conversationId);
    }
    // Two share one instant; two differ from it by a microsecond only (JavaScript dates cannot tell).
    await sql`update conversations set last_message_at = timestamptz '2018-06-01 10:00:00.123456+00' where id in (${same[0]}, ${same[1]})`.execute(t.db);
    await sql`update conversations set last_message_at = timestamptz '2018-06-01 10:00:00.123457+00' where id = ${same[2]}`.execute(t.db);
    await sql`update conversations set last_message_at = timestamptz '2018-06-01 10:00:00.123455+00' where id = ${same[3]}`.execute(t.db);
    const { pages } = await walkPlan(lead, 1);
    // Bounds rounded to milliseconds would put all four into one page (and could skip or repeat rows).
    for (const page of pages) expect(page.conversations).toHaveLength(1);
    const ids = pages.flatMap((p) => p.conversations.map((c) => c.id));
    expect(ids.sort()).toEqual(await visibleIds((q) => q));
  });

  it('pages what an agent may see only: her departments and her own conversations', async () => {
    const sales = await t.hub.ingest(inbound({ sender: 'boot-vis-sales', department: 'sales' }));
    const salesClosed = await t.hub.ingest(inbound({ sender: 'boot-vis-sales-closed', department: 'sales' }));
    await closeConversation(salesClosed.conversationId);
    const salesHers = await t.hub.ingest(inbound({ sender: 'boot-vis-sales-hers', department: 'sales' }));
    await t.db.updateTable('conversations').set({ assignee_id: t.users.agentA.id }).where('id', '=', salesHers.conversationId).execute();
    const { socket: anna } = await t.connectAs(t.users.agentA);
    const { total, pages } = await walkPlan(anna, 3);
    const ids = pages.flatMap((p) => p.conversations.map((c) => c.id));
    expect(ids).not.toContain(sales.conversationId);
    expect(ids).not.toContain(salesClosed.conversationId);
    expect(ids).toContain(salesHers.conversationId);
    expect(ids.sort()).toEqual(await visibleIds((q) => q.where((eb: any) => eb.or([eb('department_id', '=', 'support'), eb('assignee_id', '=', t.users.agentA.id)]))));
    expect(total).toBe(ids.length);
    const hidden = new Set([sales.conversationId, salesClosed.conversationId]);
    expect(pages.flatMap((p) => p.messages).some((m) => hidden.has(m.conversationId))).toBe(false);
    const first: Snapshot = okData(await emit(anna, 'sync:bootstrap', { phase: 'queue' }));
    expect(first.conversations.map((c) => c.id)).not.toContain(sales.conversationId);
    anna.close();
  });

  it('says at which change-log head each page and thread was read, so a console can drop conversations it purged later', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'boot-head-1' }));
    const head = okData(await emit(lead, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const { pages } = await walkPlan(lead, 1000);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page.cursor).toBe(head);
    const thread = SnapshotSchema.parse(okData(await emit(lead, 'sync:conversation', { conversationId: r.conversationId })));
    expect(thread.cursor).toBe(head);
    // A change after the read: the next read says so.
    await t.hub.ingest(inbound({ sender: 'boot-head-1' }));
    const again = SnapshotSchema.parse(okData(await emit(lead, 'sync:conversation', { conversationId: r.conversationId })));
    expect(again.cursor).toBeGreaterThan(head);
  });

  it('rejects forged page tokens', async () => {
    errorOf(await emit(lead, 'sync:bootstrap', { phase: 'page', page: 'not-a-token' }), 'bad_request');
    const forged = Buffer.from(JSON.stringify({ s: 'closed', from: ["1; drop table messages", randomUUID()], to: null })).toString('base64url');
    errorOf(await emit(lead, 'sync:bootstrap', { phase: 'page', page: forged }), 'bad_request');
    errorOf(await emit(lead, 'sync:plan', { pageSize: 0 }), 'bad_request');
  });
});

describe('change-log retention', () => {
  it('answers cursor_expired for a cursor older than the pruned log, and serves newer cursors', async () => {
    await t.hub.ingest(inbound({ sender: 'retention-1' }));
    const { floor, removed } = await pruneChanges(t.db, new Date(Date.now() + 60_000));
    expect(removed).toBeGreaterThan(0);
    errorOf(await emit(lead, 'sync:pull', { cursor: 0, limit: 10 }), 'cursor_expired');
    errorOf(await emit(lead, 'sync:pull', { cursor: floor - 1, limit: 10 }), 'cursor_expired');
    const ok = okData(await emit(lead, 'sync:pull', { cursor: floor, limit: 10 }));
    expect(ok.changes).toEqual([]);
    const after = await t.hub.ingest(inbound({ sender: 'retention-2' }));
    const next = okData(await emit(lead, 'sync:pull', { cursor: floor, limit: 10 }));
    expect(next.changes.some((c) => c.entity === 'message' && c.data.id === after.messageId)).toBe(true);
  });
});
