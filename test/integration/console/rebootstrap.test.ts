import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneChanges } from '../../../src-hub/store/changes.js';
import { updateUserAccess } from '../../../src-hub/store/users.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { queueReply } from '../../../src-renderer/features/conversation/commands.js';
import { readBackfill, readCursor } from '../../../src-renderer/sync/apply-changes.js';
import { bootstrapQueue, runBackfill } from '../../../src-renderer/sync/bootstrap.js';
import { SyncEngine } from '../../../src-renderer/sync/engine.js';
import { connectHub, type HubSocket } from '../../../src-renderer/sync/hub-client.js';
import type { SyncStatus } from '../../../src-renderer/sync/status.js';
import { emit, envelope, inbound, okData, startTestHub, type TestHub } from '../hub/harness.js';
import { eventually as until } from '../../support/eventually.js';

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


function startEngine(db: SwitchboardDb, connect?: (hubUrl: string, token: string) => HubSocket): { engine: SyncEngine; statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  const engine = new SyncEngine(db, { hubUrl: t.url, token, onStatus: (s) => statuses.push(s), log: () => undefined, connect });
  engine.start();
  return { engine, statuses };
}

/**
 * A real socket whose requests of `held` events wait until `release()`; every request is logged.
 * The engine sends only through `socket.timeout(ms).emitWithAck` (hub-client's `request`).
 */
function holding(held: string[]): { connect: (hubUrl: string, token: string) => HubSocket; release: () => void; sent: string[] } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent: string[] = [];
  const connect = (hubUrl: string, token: string): HubSocket => {
    const socket = connectHub(hubUrl, token);
    const timeout = socket.timeout.bind(socket);
    socket.timeout = ((ms: number) => {
      const timed = timeout(ms) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
      return {
        async emitWithAck(event: string, payload: unknown) {
          sent.push(event);
          if (held.includes(event)) await gate;
          return timed.emitWithAck(event, payload);
        },
      };
    }) as unknown as HubSocket['timeout'];
    return socket;
  };
  return { connect, release, sent };
}

/** A connected socket.io client as agent Anna, the way the engine opens it. */
async function annaSocket(): Promise<HubSocket> {
  const socket = connectHub(t.url, token);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
    socket.connect();
  });
  return socket;
}

/** Conversation ids Anna may see: her department (support) and her own. */
async function visibleToAnna(): Promise<string[]> {
  const rows = await t.db
    .selectFrom('conversations')
    .select('id')
    .where((eb) => eb.or([eb('department_id', '=', 'support'), eb('assignee_id', '=', t.users.agentA.id)]))
    .execute();
  return rows.map((r) => r.id).sort();
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

  it('paints the queue from a lean first page; threads follow with the plan’s pages', async () => {
    const open = await t.hub.ingest(inbound({ sender: 'lean-open' }));
    const hidden = await t.hub.ingest(inbound({ sender: 'lean-sales', department: 'sales' }));
    const db = new SwitchboardDb(`lean-${Date.now()}`);
    const hold = holding(['sync:plan']);
    const { engine } = startEngine(db, hold.connect);
    try {
      const row = await until('the open conversation', () => db.conversations.get(open.conversationId));
      // The first page carries the queue row, not the thread.
      expect(row.needsHistory).toBe(true);
      expect(await db.messages.get(open.messageId)).toBeUndefined();
      expect(await db.conversations.get(hidden.conversationId)).toBeUndefined();
      hold.release();
      await until('the download complete', async () => (await readBackfill(db))?.complete);
      expect(await db.messages.get(open.messageId)).toBeDefined();
      expect((await db.conversations.get(open.conversationId))?.needsHistory).toBeUndefined();
      expect((await db.conversations.toCollection().primaryKeys()).sort()).toEqual(await visibleToAnna());
    } finally {
      engine.stop();
      db.close();
    }
  });

  it('fetches the thread of a conversation opened before its page arrived', async () => {
    const open = await t.hub.ingest(inbound({ sender: 'on-demand' }));
    const db = new SwitchboardDb(`demand-${Date.now()}`);
    // The download never starts in this test: only the on-demand fetch can bring the thread.
    const hold = holding(['sync:plan']);
    const { engine } = startEngine(db, hold.connect);
    try {
      await until('the queue row', () => db.conversations.get(open.conversationId));
      expect(await db.messages.get(open.messageId)).toBeUndefined();
      await db.meta.put({ key: 'focus', value: open.conversationId });
      await until('the thread', () => db.messages.get(open.messageId));
      expect((await db.conversations.get(open.conversationId))?.needsHistory).toBeUndefined();
      expect(hold.sent).toContain('sync:conversation');
      expect((await readBackfill(db))?.complete).toBe(false);
    } finally {
      hold.release();
      engine.stop();
      db.close();
    }
  });

  it('fetches the thread of a conversation opened while offline once it reconnects', async () => {
    const open = await t.hub.ingest(inbound({ sender: 'on-demand-offline' }));
    const db = new SwitchboardDb(`demand-offline-${Date.now()}`);
    const hold = holding(['sync:plan']);
    let run = startEngine(db, hold.connect);
    await until('the queue row', () => db.conversations.get(open.conversationId));
    run.engine.stop();
    // Opened while no sync runs (offline): nothing can be fetched yet.
    await db.meta.put({ key: 'focus', value: open.conversationId });
    run = startEngine(db, hold.connect);
    try {
      await until('the thread', () => db.messages.get(open.messageId));
      expect((await readBackfill(db))?.complete).toBe(false);
    } finally {
      hold.release();
      run.engine.stop();
      db.close();
    }
  });

  it('resumes an interrupted download at the first page not stored, and fetches no page twice', async () => {
    for (let i = 0; i < 4; i += 1) {
      const r = await t.hub.ingest(inbound({ sender: `resume-${i}` }));
      if (i % 2 === 0) await t.db.updateTable('conversations').set({ status: 'closed' }).where('id', '=', r.conversationId).execute();
    }
    const db = new SwitchboardDb(`resume-${Date.now()}`);
    const socket = await annaSocket();
    const pageRequests: string[] = [];
    socket.onAnyOutgoing((event: string, payload: { phase?: string; page?: string }) => {
      if (event === 'sync:bootstrap' && payload.phase === 'page') pageRequests.push(payload.page!);
    });
    try {
      await bootstrapQueue(db, socket, 10_000);
      // Interrupted after two stored pages (the engine stopped): no new requests, the ones in flight are stored.
      let stored = 0;
      const first = await runBackfill(db, socket, { timeoutMs: 10_000, pageSize: 1, inFlight: 2, active: () => stored < 2, onProgress: (s) => (stored = s.done) });
      expect(first?.complete).toBe(false);
      const left = (await readBackfill(db))!;
      const { total, done } = left;
      expect(done).toBeGreaterThanOrEqual(2);
      expect(done).toBeLessThan(total);
      expect(left.pages).toHaveLength(total - done);
      expect(pageRequests).toHaveLength(done);

      const second = await runBackfill(db, socket, { timeoutMs: 10_000, pageSize: 1, active: () => true });
      expect(second).toMatchObject({ complete: true, done: total, pages: [] });
      // The second run asked only for the pages the first did not store: each page once in all.
      expect(pageRequests).toHaveLength(total);
      expect(new Set(pageRequests).size).toBe(total);
      expect((await db.conversations.toCollection().primaryKeys()).sort()).toEqual(await visibleToAnna());
      const messages = await t.db.selectFrom('messages').innerJoin('conversations', 'conversations.id', 'messages.conversation_id').select('messages.id').where('conversations.department_id', '=', 'support').execute();
      for (const m of messages) expect(await db.messages.get(m.id)).toBeDefined();
      expect(await db.conversations.filter((c) => c.needsHistory === true).count()).toBe(0);
    } finally {
      socket.disconnect();
      db.close();
    }
  });

  it('re-bootstraps cleanly when its cursor is older than the log, keeping unsent replies', async () => {
    const first = await t.hub.ingest(inbound({ sender: 'rb-1' }));
    const db = new SwitchboardDb(`rb-${Date.now()}`);
    let run = startEngine(db);
    // The agent saw the thread (not just the lean queue row): her reply is judged on it.
    await until('first sync', () => db.messages.get(first.messageId));
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
      // The new scope's first page is lean; the thread follows with the download.
      await until('the sales thread', () => db.messages.get(inSales.messageId));
    } finally {
      run.engine.stop();
      db.close();
      await updateUserAccess(t.db, t.users.agentA.id, { departments: ['support'] });
    }
  });
});
