import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headSyncId } from '../../../src-hub/store/changes.js';
import type { SyncPoke } from '../../../src-shared/index.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { readCursor } from '../../../src-renderer/sync/apply-changes.js';
import { SyncEngine } from '../../../src-renderer/sync/engine.js';
import { connectHub, type HubSocket } from '../../../src-renderer/sync/hub-client.js';
import { inbound, startTestHub, type TestHub } from '../hub/harness.js';
import { eventually as until } from '../../support/eventually.js';

/**
 * The console's engine against the real hub, live: small commits arrive inside their pokes and are
 * stored without a pull; a batch that does not continue the stored cursor (a poke lost on the way,
 * a batch out of order) is never applied — the engine pulls instead.
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


/**
 * A real socket that records the requests the engine sends and lets a test tamper with the pokes
 * it receives (`alter` returns the poke to deliver, or null to drop it).
 */
function tampering(alter: (poke: SyncPoke, n: number) => SyncPoke | null) {
  const sent: string[] = [];
  const connect = (hubUrl: string, tok: string): HubSocket => {
    const socket = connectHub(hubUrl, tok);
    const on = socket.on.bind(socket);
    socket.on = ((event: string, handler: (...args: unknown[]) => void) => {
      if (event !== 'sync:poke') return on(event as never, handler as never);
      let n = 0;
      return on('sync:poke', ((poke: SyncPoke) => {
        const delivered = alter(poke, n++);
        if (delivered) handler(delivered);
      }) as never);
    }) as HubSocket['on'];
    const timeout = socket.timeout.bind(socket);
    socket.timeout = ((ms: number) => {
      const timed = timeout(ms) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
      return {
        emitWithAck(event: string, payload: unknown) {
          sent.push(event);
          return timed.emitWithAck(event, payload);
        },
      };
    }) as unknown as HubSocket['timeout'];
    return socket;
  };
  return { connect, sent };
}

async function startEngine(connect: (hubUrl: string, token: string) => HubSocket): Promise<{ engine: SyncEngine; db: SwitchboardDb }> {
  const db = new SwitchboardDb(`live-${Date.now()}-${Math.random()}`);
  let online = false;
  const engine = new SyncEngine(db, { hubUrl: t.url, token, onStatus: (s) => (online = s.kind === 'online'), log: () => undefined, connect });
  engine.start();
  const head = await headSyncId(t.db);
  // Online: the catch-up after connecting (bootstrap, then a pull) is over.
  await until('the first sync', async () => online && (await readCursor(db)) >= head);
  return { engine, db };
}

async function ingestSome(n: number, tag: string) {
  const results = [];
  for (let i = 0; i < n; i++) {
    const r = await t.hub.ingest(inbound({ sender: `${tag}-${i}` }));
    if (r.status !== 'stored') throw new Error('expected stored');
    results.push(r);
  }
  return results;
}

describe('live pokes', () => {
  it('stores small commits from their pokes without pulling', async () => {
    const tap = tampering((p) => p);
    const { engine, db } = await startEngine(tap.connect);
    try {
      const pullsBefore = tap.sent.filter((e) => e === 'sync:pull').length;
      const results = await ingestSome(5, 'inline');
      await until('the last message', () => db.messages.get(results.at(-1)!.messageId));
      for (const r of results) expect(await db.messages.get(r.messageId)).toBeDefined();
      expect(await readCursor(db)).toBe(results.at(-1)!.head);
      expect(tap.sent.filter((e) => e === 'sync:pull').length).toBe(pullsBefore);
    } finally {
      engine.stop();
      db.close();
    }
  });

  it('pulls instead of applying a batch that skips a lost poke, and stores every change', async () => {
    // The second poke after the first sync never arrives; the third's batch does not continue the cursor.
    const tap = tampering((p, n) => (n === 1 ? null : p));
    const { engine, db } = await startEngine(tap.connect);
    try {
      const pullsBefore = tap.sent.filter((e) => e === 'sync:pull').length;
      const results = await ingestSome(4, 'lost');
      await until('the last message', () => db.messages.get(results.at(-1)!.messageId));
      for (const r of results) expect(await db.messages.get(r.messageId)).toBeDefined();
      expect(tap.sent.filter((e) => e === 'sync:pull').length).toBeGreaterThan(pullsBefore);
    } finally {
      engine.stop();
      db.close();
    }
  });

  it('never applies a batch whose `from` is not the stored cursor, even with a head ahead', async () => {
    // Every batch is shifted by one: it claims to continue a cursor the console does not have.
    const tap = tampering((p) => (p.batch ? { ...p, batch: { ...p.batch, from: p.batch.from + 1 } } : p));
    const { engine, db } = await startEngine(tap.connect);
    try {
      const results = await ingestSome(3, 'shifted');
      await until('the last message', () => db.messages.get(results.at(-1)!.messageId));
      for (const r of results) expect(await db.messages.get(r.messageId)).toBeDefined();
      expect(await readCursor(db)).toBe(await headSyncId(t.db));
    } finally {
      engine.stop();
      db.close();
    }
  });
});
