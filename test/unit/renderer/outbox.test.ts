import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH, type Ack, type User, type WireError } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { queueReply } from '../../../src-renderer/features/conversation/commands.js';
import type { HubSocket } from '../../../src-renderer/sync/hub-client.js';
import { BATCH_CHARS, BATCH_ROWS, OutboxDrainer, backoffDelay } from '../../../src-renderer/sync/outbox.js';
import { freshDb, uuid } from './fixtures.js';

const me: User = { id: uuid(77), email: 'anna@example.org', name: 'Anna', role: 'agent', departments: ['support'] };

type Item = { seq: number; name: string; payload: Record<string, unknown> };
type Answer = Ack<unknown> | 'timeout';

/**
 * A stand-in for the socket.io client with scripted acknowledgements: `answer` decides each item
 * of a `mutation:batch`, `whole` (when given) answers the request itself. The drain against the
 * real hub is covered by the integration and e2e suites; here we pin down the drainer's decisions.
 */
function scriptedSocket(answer: (item: Item, request: number) => Ack<unknown>, whole?: (request: number) => Answer | undefined) {
  const sent: { event: string; items: Item[] }[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (event: string, payload: { mutations: Item[] }) => {
        const request = sent.length;
        sent.push({ event, items: payload.mutations });
        const result = whole?.(request) ?? { ok: true, data: { results: payload.mutations.map((m) => answer(m, request)) } };
        if (result === 'timeout') throw new Error('operation has timed out');
        return result;
      },
    }),
  };
  const bodies = () => sent.flatMap((s) => s.items.map((m) => m.payload.body));
  return { socket: socket as unknown as HubSocket, sent, bodies };
}

const ok: Ack<unknown> = { ok: true, data: {} };
const refused = (code: WireError['code'], message: string): Ack<never> => ({ ok: false, error: { code, message } });

async function queueMany(n: number, body = (i: number) => `reply ${i}`): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push(await queueReply(db, { conversationId: uuid(1 + (i % 3)), body: body(i), direction: 'outbound', author: me }));
  return ids;
}

async function settle(db: SwitchboardDb, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`outbox did not settle: ${JSON.stringify(await db.outbox.toArray())}`);
}

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('queueReply', () => {
  it('writes the pending message and its outbox row together', async () => {
    db = freshDb();
    const id = await queueReply(db, { conversationId: uuid(1), body: '  Hallo  ', direction: 'outbound', author: me });
    const row = await db.outbox.toArray();
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ name: 'message:send', status: 'pending', messageId: id });
    expect(row[0]!.payload).toMatchObject({ conversationId: uuid(1), messageId: id, body: 'Hallo', direction: 'outbound' });
    expect(String(row[0]!.payload.clientId)).toMatch(/^console-/);
    expect(await db.messages.get(id)).toMatchObject({ localState: 'pending', body: 'Hallo', authorId: me.id });
  });

  it('refuses an empty reply and writes nothing', async () => {
    db = freshDb();
    await expect(queueReply(db, { conversationId: uuid(1), body: '   ', direction: 'outbound', author: me })).rejects.toThrow('empty');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });

  it('keeps one client id and distinct mutation ids across replies', async () => {
    db = freshDb();
    await queueReply(db, { conversationId: uuid(1), body: 'a', direction: 'outbound', author: me });
    await queueReply(db, { conversationId: uuid(1), body: 'b', direction: 'note', author: me });
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows[0]!.payload.clientId).toBe(rows[1]!.payload.clientId);
    expect(rows[0]!.mutationId).not.toBe(rows[1]!.mutationId);
    expect(rows[0]!.seq!).toBeLessThan(rows[1]!.seq!);
  });
});

describe('OutboxDrainer', () => {
  it('sends consecutive rows in one batch in sequence order and clears each acknowledged row', async () => {
    db = freshDb();
    const ids = await queueMany(3);
    const { socket, sent, bodies } = scriptedSocket(() => ok);
    new OutboxDrainer(db, socket).kick();
    await settle(db, async () => (await db.outbox.count()) === 0);
    expect(sent.map((s) => s.event)).toEqual(['mutation:batch']);
    expect(bodies()).toEqual(['reply 0', 'reply 1', 'reply 2']);
    const seqs = sent[0]!.items.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(sent[0]!.items.every((m) => m.name === 'message:send' && typeof m.payload.mutationId === 'string')).toBe(true);
    for (const id of ids) expect((await db.messages.get(id))?.localState).toBeUndefined();
  });

  it('splits a long outbox into batches of at most BATCH_ROWS, each row sent once', async () => {
    db = freshDb();
    const n = BATCH_ROWS * 2 + 7;
    await queueMany(n);
    const { socket, sent, bodies } = scriptedSocket(() => ok);
    new OutboxDrainer(db, socket).kick();
    await settle(db, async () => (await db.outbox.count()) === 0);
    expect(sent.map((s) => s.items.length)).toEqual([BATCH_ROWS, BATCH_ROWS, 7]);
    expect(bodies()).toEqual(Array.from({ length: n }, (_, i) => `reply ${i}`));
  });

  it('keeps a batch under BATCH_CHARS, and sends a single large row on its own', async () => {
    db = freshDb();
    const big = 'x'.repeat(MAX_BODY_LENGTH);
    const count = Math.ceil((BATCH_CHARS * 1.5) / MAX_BODY_LENGTH);
    await queueMany(count, (i) => `${i} ${big}`);
    const { socket, sent } = scriptedSocket(() => ok);
    new OutboxDrainer(db, socket).kick();
    await settle(db, async () => (await db.outbox.count()) === 0);
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) expect(JSON.stringify(s.items.map((m) => m.payload)).length).toBeLessThanOrEqual(BATCH_CHARS + 100);
    expect(sent.reduce((n, s) => n + s.items.length, 0)).toBe(count);
  });

  it('parks refused rows (stale → needs attention, others → failed) without blocking the rows behind them', async () => {
    db = freshDb();
    const [good1, bad, stale, good2] = await queueMany(4, (i) => ['fine 1', 'to a closed door', 'outdated', 'fine 2'][i]!);
    const { socket, sent } = scriptedSocket((m) =>
      m.payload.body === 'to a closed door'
        ? refused('forbidden', 'Assigned to a colleague')
        : m.payload.body === 'outdated'
          ? refused('stale', 'The customer wrote')
          : ok,
    );
    new OutboxDrainer(db, socket).kick();
    await settle(db, async () => (await db.outbox.where('status').equals('pending').count()) === 0);
    expect(sent).toHaveLength(1);
    expect(await db.messages.get(bad!)).toMatchObject({ localState: 'failed', localError: 'Assigned to a colleague' });
    expect(await db.messages.get(stale!)).toMatchObject({ localState: 'needs-attention', localError: 'The customer wrote' });
    expect((await db.messages.get(good1!))?.localState).toBeUndefined();
    expect((await db.messages.get(good2!))?.localState).toBeUndefined();
    expect((await db.outbox.toArray()).map((r) => [r.status, r.messageId])).toEqual([
      ['failed', bad],
      ['needs-attention', stale],
    ]);
  });

  it('stops at a transient failure mid-batch and retries from that row: every row applied once, in order', async () => {
    db = freshDb();
    const ids = await queueMany(5);
    const applied: string[] = [];
    // The first request fails at the third row; the hub then applies nothing after it.
    const { socket, sent } = scriptedSocket((m, request) => {
      const index = ids.indexOf(String(m.payload.messageId));
      if (request === 0 && index >= 2) return refused(index === 2 ? 'internal' : 'unavailable', 'database hiccup');
      applied.push(String(m.payload.body));
      return ok;
    });
    new OutboxDrainer(db, socket, { retryDelay: () => 1 }).kick();
    await settle(db, async () => (await db.outbox.count()) === 0);
    expect(sent.map((s) => s.items.length)).toEqual([5, 3]);
    expect(sent[1]!.items.map((m) => m.payload.messageId)).toEqual(ids.slice(2));
    expect(applied).toEqual(['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4']);
  });

  it('records the attempt on the row it retries from', async () => {
    db = freshDb();
    await queueMany(3);
    const { socket } = scriptedSocket((m) => (m.payload.body === 'reply 1' ? refused('unavailable', 'busy') : ok));
    const drainer = new OutboxDrainer(db, socket, { retryDelay: () => 60_000 });
    drainer.kick();
    await settle(db, async () => (await db.outbox.count()) === 2 && (await db.outbox.toArray())[0]!.attempts === 1);
    drainer.stop();
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => [r.payload.body, r.status, r.attempts, r.lastError])).toEqual([
      ['reply 1', 'pending', 1, 'busy'],
      ['reply 2', 'pending', 0, null],
    ]);
  });

  it('treats rows the hub did not answer as not sent', async () => {
    db = freshDb();
    await queueMany(3);
    let requests = 0;
    const { socket, sent } = scriptedSocket(
      () => ok,
      (request) => {
        requests = request + 1;
        return request === 0 ? { ok: true, data: { results: [ok] } } : undefined;
      },
    );
    new OutboxDrainer(db, socket, { retryDelay: () => 1 }).kick();
    await settle(db, async () => (await db.outbox.count()) === 0);
    expect(requests).toBe(2);
    expect(sent[1]!.items.map((m) => m.payload.body)).toEqual(['reply 1', 'reply 2']);
  });

  it('keeps every row pending and counts the attempt on the first when no acknowledgement arrives', async () => {
    db = freshDb();
    const [id] = await queueMany(2);
    const { socket, sent } = scriptedSocket(() => ok, () => 'timeout');
    const drainer = new OutboxDrainer(db, socket, { retryDelay: () => 60_000 });
    drainer.kick();
    await settle(db, async () => (await db.outbox.toArray())[0]?.attempts === 1);
    drainer.stop();
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 0],
    ]);
    expect(rows[0]!.lastError).toContain('timed out');
    expect((await db.messages.get(id!))?.localState).toBe('pending');
    expect(sent).toHaveLength(1);
  });

  it('parks every row of a batch the hub refuses as a whole, but keeps them when the session ended', async () => {
    db = freshDb();
    await queueMany(2);
    const { socket } = scriptedSocket(() => ok, () => refused('unauthenticated', 'Your session has ended'));
    const drainer = new OutboxDrainer(db, socket, { retryDelay: () => 60_000 });
    drainer.kick();
    await settle(db, async () => (await db.outbox.toArray())[0]?.attempts === 1);
    drainer.stop();
    expect((await db.outbox.toArray()).map((r) => r.status)).toEqual(['pending', 'pending']);

    const other = scriptedSocket(() => ok, () => refused('bad_request', 'Invalid mutation:batch request'));
    new OutboxDrainer(db, other.socket).kick();
    await settle(db, async () => (await db.outbox.where('status').equals('failed').count()) === 2);
    expect((await db.outbox.toArray()).map((r) => r.lastError)).toEqual(['Invalid mutation:batch request', 'Invalid mutation:batch request']);
  });

  it('sends nothing while disconnected', async () => {
    db = freshDb();
    await queueMany(1);
    const { socket, sent } = scriptedSocket(() => ok);
    (socket as unknown as { connected: boolean }).connected = false;
    new OutboxDrainer(db, socket).kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toHaveLength(0);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter and is capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 0.999)).toBeLessThanOrEqual(750);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(40, () => 0.999)).toBeLessThanOrEqual(45_000);
    expect(backoffDelay(40, () => 0)).toBe(15_000);
  });
});
