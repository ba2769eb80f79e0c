import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { applyChanges, applySnapshot, readCursor, resetSyncedData } from '../../../src-renderer/sync/apply-changes.js';
import { KnownConversations } from '../../../src-renderer/sync/known-conversations.js';
import { change, conversation, freshDb, message } from './fixtures.js';

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('applyChanges with the runner memory of stored conversations', () => {
  it('remembers what a committed page stored', async () => {
    db = freshDb();
    const known = new KnownConversations();
    const c = conversation(1, { version: 3 });
    const bare = conversation(2, { version: 1 });
    await applyChanges(db, [change(1, 'conversation', c), change(2, 'message', message(1, c.id)), change(3, 'conversation', bare)], 3, undefined, known);
    expect(known.get(c.id)).toEqual({ version: 3, needsHistory: false });
    expect(known.get(bare.id)).toEqual({ version: 1, needsHistory: true });
  });

  it('answers the version guard from memory instead of reading the row back', async () => {
    db = freshDb();
    const known = new KnownConversations();
    const c = conversation(1, { version: 1, snippet: 'stored' });
    await applyChanges(db, [change(1, 'conversation', c), change(2, 'message', message(1, c.id))], 2);
    // Memory that disagrees with the cache shows which one decided.
    known.remember([[c.id, { version: 9, needsHistory: false }]]);
    await applyChanges(db, [change(3, 'conversation', { ...c, version: 5, snippet: 'incoming' })], 3, undefined, known);
    expect((await db.conversations.get(c.id))?.snippet).toBe('stored');
    expect(await readCursor(db)).toBe(3);
  });

  it('keeps the history mark it remembers for a conversation still lacking its thread', async () => {
    db = freshDb();
    const known = new KnownConversations();
    const c = conversation(1, { version: 1 });
    await applyChanges(db, [change(1, 'conversation', c)], 1, undefined, known);
    const outcome = await applyChanges(db, [change(2, 'conversation', { ...c, version: 2 }), change(3, 'message', message(1, c.id))], 3, undefined, known);
    expect(outcome).toEqual({ kind: 'applied', bare: [c.id] });
    expect(await db.conversations.get(c.id)).toMatchObject({ version: 2, needsHistory: true });
  });

  it('reads conversations it does not know from the cache', async () => {
    db = freshDb();
    const c = conversation(1, { version: 4, snippet: 'cached' });
    await applyChanges(db, [change(1, 'conversation', c), change(2, 'message', message(1, c.id))], 2);
    const known = new KnownConversations();
    await applyChanges(db, [change(3, 'conversation', { ...c, version: 3, snippet: 'older' })], 3, undefined, known);
    expect((await db.conversations.get(c.id))?.snippet).toBe('cached');
    expect(known.get(c.id)).toEqual({ version: 4, needsHistory: false });
  });

  it('learns nothing from a page that was not stored', async () => {
    db = freshDb();
    const known = new KnownConversations();
    const good = conversation(1);
    const broken = { ...conversation(2), id: undefined } as unknown as ReturnType<typeof conversation>;
    await expect(applyChanges(db, [change(1, 'conversation', good), change(2, 'conversation', broken)], 2, undefined, known)).rejects.toThrow();
    expect(known.size).toBe(0);
    await applyChanges(db, [change(5, 'conversation', conversation(3))], 5, 4, known);
    expect(known.size).toBe(0);
  });

  it('forgets purged conversations, and the conversations of snapshots and resets', async () => {
    db = freshDb();
    const known = new KnownConversations();
    const [a, b] = [conversation(1), conversation(2)];
    await applyChanges(db, [change(1, 'conversation', a), change(2, 'conversation', b)], 2, undefined, known);
    await applyChanges(db, [{ syncId: 3, entity: 'purge', data: { id: a.id } }], 3, undefined, known);
    expect(known.get(a.id)).toBeUndefined();
    const snapshot: Snapshot = { conversations: [{ ...b, version: 7 }], messages: [], customers: [], identities: [], users: [], cursor: 3, total: 1 };
    await applySnapshot(db, snapshot, { phase: 'conversation' }, known);
    expect(known.get(b.id)).toBeUndefined();
    // Read back, the snapshot's newer version now guards the row.
    await applyChanges(db, [change(4, 'conversation', { ...b, version: 6, snippet: 'older' })], 4, undefined, known);
    expect(await db.conversations.get(b.id)).toMatchObject({ version: 7 });
    expect(known.get(b.id)).toEqual({ version: 7, needsHistory: false });
    await resetSyncedData(db, known);
    expect(known.size).toBe(0);
  });
});
