import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-shared/index.js';
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

describe('bootstrap', () => {
  it('sends open work first: open conversations with messages, their customers and all staff', async () => {
    const open = await t.hub.ingest(inbound({ sender: 'boot-open-1' }));
    const closed = await t.hub.ingest(inbound({ sender: 'boot-closed-1' }));
    await closeConversation(closed.conversationId);
    const snapshot: Snapshot = okData(await emit(lead, 'sync:bootstrap', { phase: 'queue' }));
    const ids = snapshot.conversations.map((c) => c.id);
    expect(ids).toContain(open.conversationId);
    expect(ids).not.toContain(closed.conversationId);
    expect(snapshot.messages.map((m) => m.id)).toContain(open.messageId);
    const conversation = snapshot.conversations.find((c) => c.id === open.conversationId)!;
    expect(snapshot.customers.map((c) => c.id)).toContain(conversation.customerId);
    expect(snapshot.identities.map((i) => i.id)).toContain(conversation.identityId);
    expect(snapshot.users.map((u) => u.email).sort()).toEqual(
      [t.users.lead.email, t.users.agentA.email, t.users.agentB.email].sort(),
    );
    // The cursor was read before the rows: pulling from it returns at least the latest changes again.
    const pull = okData(await emit(lead, 'sync:pull', { cursor: snapshot.cursor, limit: 1000 }));
    expect(pull.cursor).toBeGreaterThanOrEqual(snapshot.cursor);
  });

  it('pages closed history newest first, resumable from a token, with a total for progress', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await t.hub.ingest(inbound({ sender: `boot-history-${i}`, receivedAt: new Date(Date.UTC(2026, 0, 1, 12, i)) }));
      await closeConversation(r.conversationId);
      made.push(r.conversationId);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    do {
      const page: Snapshot = okData(await emit(lead, 'sync:bootstrap', { phase: 'history', after, limit: 2 }));
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      for (const c of page.conversations) {
        expect(c.status).toBe('closed');
        expect(page.messages.some((m) => m.conversationId === c.id)).toBe(true);
      }
      seen.push(...page.conversations.map((c) => c.id));
      total = page.total;
      after = page.next;
      pages += 1;
    } while (after !== null && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    for (const id of made) expect(seen).toContain(id);
    // Newest first: the five January conversations come last, in reverse order of arrival.
    expect(seen.slice(-5)).toEqual([...made].reverse());
  });

  it('rejects a forged page token', async () => {
    errorOf(await emit(lead, 'sync:bootstrap', { phase: 'history', after: 'not-a-token', limit: 10 }), 'bad_request');
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
