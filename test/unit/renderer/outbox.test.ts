import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, User } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { queueReply } from '../../../src-renderer/features/conversation/commands.js';
import type { HubSocket } from '../../../src-renderer/sync/hub-client.js';
import { OutboxDrainer, backoffDelay } from '../../../src-renderer/sync/outbox.js';
import { freshDb, uuid } from './fixtures.js';

const me: User = { id: uuid(77), email: 'anna@example.org', name: 'Anna', role: 'agent', departments: ['support'] };

/**
 * A stand-in for the socket.io client with scripted acknowledgements. The drain against the
 * real hub is covered by the e2e suite; here we pin down the drainer's own decisions.
 */
function scriptedSocket(answer: (event: string, payload: Record<string, unknown>) => Ack<unknown> | 'timeout') {
  const sent: { event: string; payload: Record<string, unknown> }[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        sent.push({ event, payload });
        const result = answer(event, payload);
        if (result === 'timeout') throw new Error('operation has timed out');
        return result;
      },
    }),
  };
  return { socket: socket as unknown as HubSocket, sent };
}

async function settle(db: SwitchboardDb, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
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
  it('sends in sequence order and clears each row once acknowledged', async () => {
    db = freshDb();
    const a = await queueReply(db, { conversationId: uuid(1), body: 'first', direction: 'outbound', author: me });
    const b = await queueReply(db, { conversationId: uuid(2), body: 'second', direction: 'outbound', author: me });
    const { socket, sent } = scriptedSocket(() => ({ ok: true, data: {} }));
    new OutboxDrainer(db, socket).kick();
    await settle(db, async () => (await db.outbox.count()) === 0);
    expect(sent.map((s) => s.payload.body)).toEqual(['first', 'second']);
    expect((await db.messages.get(a))?.localState).toBeUndefined();
    expect((await db.messages.get(b))?.localState).toBeUndefined();
  });

  it('parks a rejected mutation as failed without blocking the next one', async () => {
    db = freshDb();
    const bad = await queueReply(db, { conversationId: uuid(1), body: 'to a closed door', direction: 'outbound', author: me });
    const good = await queueReply(db, { conversationId: uuid(2), body: 'fine', direction: 'outbound', author: me });
    const { socket, sent } = scriptedSocket((_e, p) =>
      p.body === 'fine' ? { ok: true, data: {} } : { ok: false, error: { code: 'forbidden', message: 'Assigned to a colleague' } },
    );
    new OutboxDrainer(db, socket).kick();
    await settle(db, async () => (await db.outbox.where('status').equals('pending').count()) === 0);
    expect(sent).toHaveLength(2);
    expect(await db.messages.get(bad)).toMatchObject({ localState: 'failed', localError: 'Assigned to a colleague' });
    expect((await db.messages.get(good))?.localState).toBeUndefined();
    expect(await db.outbox.where('status').equals('failed').count()).toBe(1);
  });

  it('keeps a mutation pending and counts the attempt when no acknowledgement arrives', async () => {
    db = freshDb();
    const id = await queueReply(db, { conversationId: uuid(1), body: 'lost ack', direction: 'outbound', author: me });
    const { socket, sent } = scriptedSocket(() => 'timeout');
    const drainer = new OutboxDrainer(db, socket);
    drainer.kick();
    await settle(db, async () => (await db.outbox.toArray())[0]?.attempts === 1);
    drainer.stop();
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toContain('timed out');
    expect((await db.messages.get(id))?.localState).toBe('pending');
    expect(sent).toHaveLength(1);
  });

  it('sends nothing while disconnected', async () => {
    db = freshDb();
    await queueReply(db, { conversationId: uuid(1), body: 'offline', direction: 'outbound', author: me });
    const { socket, sent } = scriptedSocket(() => ({ ok: true, data: {} }));
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
