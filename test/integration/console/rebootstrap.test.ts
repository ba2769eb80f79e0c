import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneChanges } from '../../../src-hub/store/changes.js';
import { updateUserAccess } from '../../../src-hub/store/users.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { queueReply } from '../../../src-renderer/features/conversation/commands.js';
import { readBackfill, readCursor } from '../../../src-renderer/sync/apply-changes.js';
import { SyncEngine } from '../../../src-renderer/sync/engine.js';
import type { SyncStatus } from '../../../src-renderer/sync/status.js';
import { emit, envelope, inbound, okData, startTestHub, type TestHub } from '../hub/harness.js';

/**
 * The console's sync engine, running in Node against the real hub: first bootstrap (queue, then
 * history in the background) and the clean re-bootstrap after its cursor fell behind the log.
 */
let t: TestHub;
let token: string;

beforeAll(async () => {
  t = await startTestHub();
  token = await t.tokenFor(t.users.agentA);
});

afterAll(async () => {
  await t?.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startEngine(db: SwitchboardDb): { engine: SyncEngine; statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  const engine = new SyncEngine(db, { hubUrl: t.url, token, onStatus: (s) => statuses.push(s), log: () => undefined });
  engine.start();
  return { engine, statuses };
}

describe('console bootstrap against the real hub', () => {
  it('loads the queue, then the closed history, and resumes nothing twice', async () => {
    const { socket: lead } = await t.connectAs(t.users.lead);
    const open = await t.hub.ingest(inbound({ sender: 'cb-open' }));
    const closed = await t.hub.ingest(inbound({ sender: 'cb-closed' }));
    okData(await emit(lead, 'conversation:set-status', { ...envelope('lead-c-1'), conversationId: closed.conversationId, status: 'closed' }));

    const db = new SwitchboardDb(`cb-${Date.now()}`);
    const { engine } = startEngine(db);
    try {
      await until('the open conversation', () => db.conversations.get(open.conversationId));
      await until('the closed history', async () => (await readBackfill(db))?.complete);
      expect(await db.conversations.get(closed.conversationId)).toMatchObject({ status: 'closed' });
      expect(await db.messages.get(closed.messageId)).toBeDefined();
      expect(await db.users.count()).toBe(3);
      expect(await readCursor(db)).toBeGreaterThan(0);
    } finally {
      engine.stop();
      db.close();
      lead.close();
    }
  });

  it('re-bootstraps cleanly when its cursor is older than the log, keeping unsent replies', async () => {
    const first = await t.hub.ingest(inbound({ sender: 'rb-1' }));
    const db = new SwitchboardDb(`rb-${Date.now()}`);
    let run = startEngine(db);
    await until('first sync', () => db.conversations.get(first.conversationId));
    run.engine.stop();
    const staleCursor = await readCursor(db);

    // While this console is away: new traffic, and the hub prunes its whole log.
    const second = await t.hub.ingest(inbound({ sender: 'rb-2' }));
    const { floor } = await pruneChanges(t.db, new Date(Date.now() + 60_000));
    expect(floor).toBeGreaterThan(staleCursor);
    // The agent wrote a reply offline meanwhile.
    const replyId = await queueReply(db, { conversationId: first.conversationId, body: 'Reply written offline', direction: 'outbound', author: t.users.agentA });

    run = startEngine(db);
    try {
      await until('the new conversation after re-bootstrap', () => db.conversations.get(second.conversationId));
      await until('the cursor past the floor', async () => (await readCursor(db)) >= floor);
      // The reply survived the reset and was delivered exactly once.
      await until('the reply delivered', async () => (await db.outbox.count()) === 0);
      const stored = await t.db.selectFrom('messages').select('id').where('body', '=', 'Reply written offline').execute();
      expect(stored.map((r) => r.id)).toEqual([replyId]);
      expect(await db.conversations.get(first.conversationId)).toBeDefined();
    } finally {
      run.engine.stop();
      db.close();
    }
  });

  it('rebuilds the cache when a lead changes the agent’s departments', async () => {
    const inSupport = await t.hub.ingest(inbound({ sender: 'scope-support', department: 'support' }));
    const inSales = await t.hub.ingest(inbound({ sender: 'scope-sales', department: 'sales' }));
    const db = new SwitchboardDb(`scope-${Date.now()}`);
    const run = startEngine(db);
    try {
      await until('the support conversation', () => db.conversations.get(inSupport.conversationId));
      expect(await db.conversations.get(inSales.conversationId)).toBeUndefined();

      const { head } = await updateUserAccess(t.db, t.users.agentA.id, { departments: ['sales'] });
      t.hub.realtime.poke(head);
      await until('the sales conversation', () => db.conversations.get(inSales.conversationId));
      await until('the support conversation gone', async () => (await db.conversations.get(inSupport.conversationId)) === undefined);
      expect(await db.messages.get(inSupport.messageId)).toBeUndefined();
      expect(await db.messages.get(inSales.messageId)).toBeDefined();
    } finally {
      run.engine.stop();
      db.close();
      await updateUserAccess(t.db, t.users.agentA.id, { departments: ['support'] });
    }
  });
});
