import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges, readCursor } from '../../../src-renderer/sync/apply-changes.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { queueFieldsOf, queueKeyOf } from '../../../src-renderer/db/queue-keys.js';
import { change, conversation, freshDb, message } from './fixtures.js';

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('applyChanges', () => {
  it('stores the rows and the cursor together', async () => {
    db = freshDb();
    const c = conversation(1);
    await applyChanges(db, [change(1, 'conversation', c), change(2, 'message', message(1, c.id))], 2);
    expect(await db.conversations.get(c.id)).toEqual({ ...c, ...queueFieldsOf(c) });
    expect(await db.conversations.get(c.id)).toMatchObject({ queueKey: queueKeyOf(c), assigneeKey: '-', lane: 'open' });
    expect(await db.messages.count()).toBe(1);
    expect(await readCursor(db)).toBe(2);
  });

  it('keeps the newest state when a row changes twice in one page', async () => {
    db = freshDb();
    const first = conversation(1, { version: 1, snippet: 'old' });
    const second = { ...first, version: 2, snippet: 'new' };
    await applyChanges(db, [change(5, 'conversation', first), change(6, 'conversation', second)], 6);
    expect((await db.conversations.get(first.id))?.snippet).toBe('new');
  });

  it('replaces an optimistic message with the hub copy, clearing its pending state', async () => {
    db = freshDb();
    const c = conversation(1);
    const m = message(1, c.id, { direction: 'outbound' });
    await db.messages.put({ ...m, localState: 'pending' });
    await applyChanges(db, [change(3, 'message', m)], 3);
    expect((await db.messages.get(m.id))?.localState).toBeUndefined();
  });

  it('never replaces a conversation with an older version (snapshot and log can cross)', async () => {
    db = freshDb();
    const c = conversation(1, { version: 5, snippet: 'newer' });
    await applyChanges(db, [change(10, 'conversation', c)], 10);
    await applyChanges(db, [change(11, 'conversation', { ...c, version: 4, snippet: 'older' })], 11);
    expect((await db.conversations.get(c.id))?.snippet).toBe('newer');
  });

  it('ignores a late page older than the stored cursor', async () => {
    db = freshDb();
    const c = conversation(1, { snippet: 'current' });
    await applyChanges(db, [change(10, 'conversation', c)], 10);
    await applyChanges(db, [change(4, 'conversation', { ...c, snippet: 'stale' })], 4);
    expect((await db.conversations.get(c.id))?.snippet).toBe('current');
    expect(await readCursor(db)).toBe(10);
  });

  it('writes nothing — not even the cursor — when a row in the page is invalid', async () => {
    db = freshDb();
    const good = conversation(1);
    const broken = { ...conversation(2), id: undefined } as unknown as ReturnType<typeof conversation>;
    await expect(applyChanges(db, [change(1, 'conversation', good), change(2, 'conversation', broken)], 2)).rejects.toThrow();
    expect(await db.conversations.count()).toBe(0);
    expect(await readCursor(db)).toBe(0);
  });
});

describe('purge', () => {
  it('drops a conversation and its stored messages but keeps replies still on their way out', async () => {
    db = freshDb();
    const c = conversation(1);
    const stored = message(1, c.id);
    await applyChanges(db, [change(1, 'conversation', c), change(2, 'message', stored)], 2);
    const pending = message(2, c.id, { direction: 'outbound' });
    await db.messages.put({ ...pending, localState: 'pending' });
    await applyChanges(db, [{ syncId: 3, entity: 'purge', data: { id: c.id } }], 3);
    expect(await db.conversations.get(c.id)).toBeUndefined();
    expect(await db.messages.get(stored.id)).toBeUndefined();
    expect(await db.messages.get(pending.id)).toMatchObject({ localState: 'pending' });
  });

  it('lets the later of a purge and a conversation change win within one page', async () => {
    db = freshDb();
    const c = conversation(1);
    await applyChanges(db, [change(1, 'conversation', c)], 1);
    const outcome = await applyChanges(db, [{ syncId: 2, entity: 'purge', data: { id: c.id } }, change(3, 'conversation', { ...c, version: 2 })], 3);
    expect(await db.conversations.get(c.id)).toMatchObject({ version: 2 });
    // Messages written while it was out of view never reached this console: fetch its history.
    expect(outcome).toEqual({ kind: 'applied', bare: [c.id] });
  });
});
