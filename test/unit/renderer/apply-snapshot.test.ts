import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message, Snapshot } from '../../../src-shared/index.js';
import type { BackfillState, SwitchboardDb } from '../../../src-renderer/db/database.js';
import { applyChanges, applySnapshot, readBackfill, readCursor } from '../../../src-renderer/sync/apply-changes.js';
import { change, conversation, freshDb, message } from './fixtures.js';

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

function snapshot(conversations: Conversation[], messages: Message[] = [], cursor = 0): Snapshot {
  return { conversations, messages, customers: [], identities: [], users: [], cursor, total: conversations.length };
}

const planned = (pages: string[], done = 0): BackfillState => ({ pages, done, total: 10, complete: pages.length === 0 });

describe('applySnapshot', () => {
  it('stores the lean first page with its cursor, marks its rows as lacking their thread, and starts a new download', async () => {
    db = freshDb();
    await db.meta.put({ key: 'backfill', value: planned(['old'], 3) });
    await applySnapshot(db, snapshot([conversation(1)], [], 42), { phase: 'queue' });
    expect(await readCursor(db)).toBe(42);
    expect((await db.conversations.get(conversation(1).id))?.needsHistory).toBe(true);
    expect(await readBackfill(db)).toEqual({ pages: null, done: 0, total: 0, complete: false });
  });

  it('clears the mark when a page brings the thread, also when the cached row is newer', async () => {
    db = freshDb();
    const c = conversation(1, { version: 1 });
    await applySnapshot(db, snapshot([c]), { phase: 'queue' });
    // A pull stored a newer version meanwhile (still marked); the page was read before it.
    await db.conversations.update(c.id, { version: 5, snippet: 'newer' });
    await db.meta.put({ key: 'backfill', value: planned(['p1', 'p2']) });
    const applied = await applySnapshot(db, snapshot([c], [message(1, c.id)]), { phase: 'page', page: 'p1', backfill: planned(['p2'], 1) });
    expect(applied).toBe(true);
    const row = await db.conversations.get(c.id);
    expect(row?.needsHistory).toBeUndefined();
    expect(row?.snippet).toBe('newer');
    expect(await db.messages.count()).toBe(1);
    expect((await readBackfill(db))?.pages).toEqual(['p2']);
  });

  it('refuses a page that is not the next one of the stored plan (the cache was bootstrapped again)', async () => {
    db = freshDb();
    await db.meta.put({ key: 'backfill', value: planned(['p2', 'p3']) });
    const c = conversation(1);
    const applied = await applySnapshot(db, snapshot([c], [message(1, c.id)]), { phase: 'page', page: 'p1', backfill: planned(['p2', 'p3']) });
    expect(applied).toBe(false);
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    expect((await readBackfill(db))?.pages).toEqual(['p2', 'p3']);
  });

  it('replaces the console’s own message in flight with the hub copy, and keeps a stored hub message as it is', async () => {
    db = freshDb();
    const c = conversation(1);
    await applySnapshot(db, snapshot([c]), { phase: 'queue' });
    const ours = message(1, c.id, { direction: 'outbound' });
    const stored = message(2, c.id, { delivery: { status: 'sent', error: null } });
    await db.messages.bulkPut([{ ...ours, localState: 'pending' }, stored]);
    // The thread was read before the delivery update that a pull already stored.
    await applySnapshot(db, snapshot([c], [ours, { ...stored, delivery: { status: 'queued', error: null } }]), { phase: 'conversation' });
    expect((await db.messages.get(ours.id))?.localState).toBeUndefined();
    expect((await db.messages.get(stored.id))?.delivery?.status).toBe('sent');
  });

  it('stores a page of conversations new to the cache with all their messages, and the finished download', async () => {
    db = freshDb();
    await db.meta.put({ key: 'backfill', value: planned(['p1']) });
    const cs = [conversation(1, { status: 'closed' }), conversation(2, { status: 'closed' })];
    const ms = [message(1, cs[0]!.id), message(2, cs[0]!.id), message(3, cs[1]!.id)];
    await applySnapshot(db, snapshot(cs, ms), { phase: 'page', page: 'p1', backfill: planned([], 2) });
    expect(await db.messages.count()).toBe(3);
    expect((await db.conversations.toArray()).every((row) => row.needsHistory === undefined)).toBe(true);
    expect((await readBackfill(db))?.complete).toBe(true);
  });

  it('does not bring back a conversation purged after the page was read (the agent lost access meanwhile)', async () => {
    db = freshDb();
    const kept = conversation(1, { status: 'closed' });
    const lost = conversation(2, { status: 'closed' });
    await applySnapshot(db, snapshot([], [], 10), { phase: 'queue' });
    await db.meta.put({ key: 'backfill', value: planned(['p1']) });
    // The page is read at head 10; then the conversation is transferred away (sync id 11) and the
    // pull stores that purge before the page arrives.
    await applyChanges(db, [{ syncId: 11, entity: 'purge', data: { id: lost.id } }], 11, 10);
    const page = snapshot([kept, lost], [message(1, kept.id), message(2, lost.id)], 10);
    expect(await applySnapshot(db, page, { phase: 'page', page: 'p1', backfill: planned([], 2) })).toBe(true);
    expect(await db.conversations.get(kept.id)).toBeDefined();
    expect(await db.conversations.get(lost.id)).toBeUndefined();
    expect(await db.messages.where('[conversationId+createdAt]').between([lost.id, Dexie.minKey], [lost.id, Dexie.maxKey]).count()).toBe(0);
    expect(await db.messages.count()).toBe(1);
    // The same holds for a thread fetched on demand.
    await applySnapshot(db, snapshot([lost], [message(2, lost.id)], 10), { phase: 'conversation' });
    expect(await db.conversations.get(lost.id)).toBeUndefined();
  });

  it('stores a conversation purged earlier when a snapshot read after the purge has it again (access regained)', async () => {
    db = freshDb();
    const c = conversation(1, { version: 3 });
    await applySnapshot(db, snapshot([], [], 10), { phase: 'queue' });
    await applyChanges(db, [{ syncId: 11, entity: 'purge', data: { id: c.id } }], 11, 10);
    // Transferred back (sync id 12): the pull stores the row without its thread; the thread's
    // snapshot is read after that.
    await applyChanges(db, [change(12, 'conversation', { ...c, version: 4 })], 12, 11);
    await applySnapshot(db, snapshot([{ ...c, version: 4 }], [message(1, c.id)], 12), { phase: 'conversation' });
    expect((await db.conversations.get(c.id))?.needsHistory).toBeUndefined();
    expect(await db.messages.count()).toBe(1);
    // A stale page read before the purge still does not resurrect anything.
    await db.meta.put({ key: 'backfill', value: planned(['p1']) });
    await applySnapshot(db, snapshot([{ ...c, version: 2 }], [message(2, c.id)], 9), { phase: 'page', page: 'p1', backfill: planned([], 1) });
    expect((await db.conversations.get(c.id))?.version).toBe(4);
  });

  it('reads a download state stored by an older console as "fetch a new plan"', async () => {
    db = freshDb();
    await db.meta.put({ key: 'backfill', value: { after: 'legacy-token', done: 400, total: 900, complete: false } as unknown as BackfillState });
    expect(await readBackfill(db)).toEqual({ pages: null, done: 0, total: 900, complete: false });
  });
});
