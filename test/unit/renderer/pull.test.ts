import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { applyChanges, readCursor } from '../../../src-renderer/sync/apply-changes.js';
import { pullToHead, splitPage, withNewestConversations, type ChangePage } from '../../../src-renderer/sync/pull.js';
import { change, conversation, freshDb, message } from './fixtures.js';

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

/** A hub log of `n` message changes into one conversation, as sync ids 1..n (conversation first). */
function hubLog(n: number): Change[] {
  const c = conversation(1);
  return [change(1, 'conversation', c), ...Array.from({ length: n - 1 }, (_, i) => change(i + 2, 'message', message(i + 1, c.id)))];
}

function pageAfter(log: Change[], cursor: number, size: number): ChangePage {
  const rest = log.filter((c) => c.syncId > cursor);
  const changes = rest.slice(0, size);
  return { from: cursor, changes, cursor: changes.at(-1)?.syncId ?? cursor, hasMore: rest.length > size };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('pullToHead', () => {
  it('requests the next page while the current one is being stored', async () => {
    db = freshDb();
    const log = hubLog(10);
    const events: string[] = [];
    await pullToHead({
      fetch: async (cursor) => {
        events.push(`fetch ${cursor}`);
        await tick();
        return pageAfter(log, cursor, 3);
      },
      apply: async (page) => {
        events.push(`apply ${page.from}`);
        await tick();
        await tick();
        const outcome = await applyChanges(db, page.changes, page.cursor, page.from);
        events.push(`applied ${page.cursor}`);
        return outcome.kind;
      },
      readCursor: () => readCursor(db),
      active: () => true,
    });
    expect(await readCursor(db)).toBe(10);
    expect(await db.messages.count()).toBe(9);
    // Page 2 is asked for before page 1 is stored; pages are stored strictly in order.
    expect(events.indexOf('fetch 3')).toBeLessThan(events.indexOf('applied 3'));
    expect(events.filter((e) => e.startsWith('applied'))).toEqual(['applied 3', 'applied 6', 'applied 9', 'applied 10']);
  });

  it('never skips a change when answers arrive late, out of order, or are lost (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 3 }), lose: fc.boolean(), wrongFrom: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        async (n, size, faults) => {
          const db = freshDb();
          const log = hubLog(n);
          let call = 0;
          let stored = 0;
          const deps = {
            fetch: async (cursor: number) => {
              // The faults happen first; after them the link is healthy, so the catch-up must finish.
              const fault = faults[call++] ?? { delay: 0, lose: false, wrongFrom: false };
              for (let i = 0; i < fault.delay; i++) await tick();
              if (fault.lose) throw new Error('lost');
              // An answer for a later cursor (one whose predecessor was lost): applying it would
              // skip the change in between, so it must be refused.
              return pageAfter(log, fault.wrongFrom ? Math.min(n, cursor + 1) : cursor, size);
            },
            apply: async (page: ChangePage) => {
              const outcome = await applyChanges(db, page.changes, page.cursor, page.from);
              if (outcome.kind === 'applied') stored = page.cursor;
              return outcome.kind;
            },
            readCursor: () => readCursor(db),
            active: () => true,
          };
          // The engine retries a failed catch-up; every attempt resumes from the stored cursor.
          for (let attempt = 0; attempt < 200 && (await readCursor(db)) < n; attempt++) await pullToHead(deps).catch(() => undefined);
          expect(await readCursor(db)).toBe(n);
          expect(stored).toBe(n);
          const ids = (await db.messages.toCollection().primaryKeys()).length;
          expect(ids).toBe(n - 1);
          db.close();
          await db.delete();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stops without applying the page fetched ahead when the applier takes over', async () => {
    db = freshDb();
    const log = hubLog(10);
    const applied: number[] = [];
    await pullToHead({
      fetch: async (cursor) => pageAfter(log, cursor, 3),
      apply: async (page) => {
        applied.push(page.cursor);
        return 'stop';
      },
      readCursor: () => readCursor(db),
      active: () => true,
    });
    expect(applied).toEqual([3]);
  });
});

describe('applyChanges with `from` (pipelined pages and inline poke batches)', () => {
  it('stores a page only when it continues the stored cursor exactly', async () => {
    db = freshDb();
    const c = conversation(1);
    expect(await applyChanges(db, [change(1, 'conversation', c)], 1, 0)).toEqual({ kind: 'applied', bare: [c.id] });
    // A batch that skipped sync id 2: refused, nothing written.
    const ahead = await applyChanges(db, [change(3, 'message', message(3, c.id))], 3, 2);
    expect(ahead).toEqual({ kind: 'not-contiguous', stored: 1 });
    expect(await db.messages.count()).toBe(0);
    // A late duplicate of the first page: refused too.
    expect((await applyChanges(db, [change(1, 'conversation', { ...c, snippet: 'late' })], 1, 0)).kind).toBe('not-contiguous');
    expect((await db.conversations.get(c.id))?.snippet).toBe(c.snippet);
    expect((await applyChanges(db, [change(2, 'message', message(2, c.id))], 2, 1)).kind).toBe('applied');
    expect(await readCursor(db)).toBe(2);
  });

  it('marks a conversation that arrives without history, keeps asking until a snapshot brings it', async () => {
    db = freshDb();
    const c = conversation(1);
    expect(await applyChanges(db, [change(1, 'conversation', c)], 1, 0)).toEqual({ kind: 'applied', bare: [c.id] });
    expect((await db.conversations.get(c.id))?.needsHistory).toBe(true);
    // The history fetch failed; the next change to it asks again, and keeps the mark.
    const next = await applyChanges(db, [change(2, 'conversation', { ...c, version: 2 })], 2, 1);
    expect(next).toEqual({ kind: 'applied', bare: [c.id] });
    expect(await db.conversations.get(c.id)).toMatchObject({ version: 2, needsHistory: true });
  });

  it('does not ask for history of a new conversation whose first message is in the page', async () => {
    db = freshDb();
    const c = conversation(1);
    const outcome = await applyChanges(db, [change(1, 'message', message(1, c.id)), change(2, 'conversation', c)], 2, 0);
    expect(outcome).toEqual({ kind: 'applied', bare: [] });
    expect((await db.conversations.get(c.id))?.needsHistory).toBeUndefined();
  });

  it('skips a conversation change that carries the version already stored', async () => {
    db = freshDb();
    const c = conversation(1, { version: 3 });
    await applyChanges(db, [change(1, 'message', message(1, c.id)), change(2, 'conversation', c)], 2, 0);
    await db.conversations.update(c.id, { snippet: 'marker: not rewritten' });
    await applyChanges(db, [change(3, 'conversation', { ...c })], 3, 2);
    expect((await db.conversations.get(c.id))?.snippet).toBe('marker: not rewritten');
  });
});

describe('splitPage', () => {
  it('splits a page into contiguous parts that together store exactly the page', async () => {
    db = freshDb();
    const log = hubLog(11);
    // The page's cursor lies past its last visible change (rows this viewer may not see).
    const page = { from: 0, changes: log, cursor: 14, hasMore: false };
    const parts = splitPage(page, 4);
    expect(parts.map((p) => [p.from, p.cursor, p.changes.length])).toEqual([
      [0, 4, 4],
      [4, 8, 4],
      [8, 14, 3],
    ]);
    for (const part of parts) expect((await applyChanges(db, part.changes, part.cursor, part.from)).kind).toBe('applied');
    expect(await readCursor(db)).toBe(14);
    expect(await db.messages.count()).toBe(10);
    expect(splitPage(page, 20)).toEqual([page]);
  });
});

describe('withNewestConversations', () => {
  it('lets the first part store a conversation in its newest state of the page, which later parts then skip', async () => {
    db = freshDb();
    const c = conversation(1, { version: 1, snippet: 'v1' });
    const log: Change[] = [
      change(1, 'conversation', c),
      change(2, 'message', message(1, c.id)),
      change(3, 'conversation', { ...c, version: 2, snippet: 'v2' }),
      change(4, 'message', message(2, c.id)),
      change(5, 'conversation', { ...c, version: 3, snippet: 'v3' }),
    ];
    const parts = splitPage({ from: 0, changes: log, cursor: 5, hasMore: false }, 2);
    expect(parts[0]!.changes[0]).toMatchObject({ syncId: 1, data: { version: 3, snippet: 'v3' } });
    await applyChanges(db, parts[0]!.changes, parts[0]!.cursor, parts[0]!.from);
    expect(await db.conversations.get(c.id)).toMatchObject({ version: 3, snippet: 'v3' });
    expect(await readCursor(db)).toBe(2);
    for (const part of parts.slice(1)) expect((await applyChanges(db, part.changes, part.cursor, part.from)).kind).toBe('applied');
    expect(await db.conversations.get(c.id)).toMatchObject({ version: 3, snippet: 'v3' });
    expect(await db.messages.count()).toBe(2);
    expect(await readCursor(db)).toBe(5);
  });

  it('leaves a conversation the page ends by purging as each change had it', () => {
    const c = conversation(1, { version: 1 });
    const log: Change[] = [change(1, 'conversation', c), change(2, 'conversation', { ...c, version: 2 }), { syncId: 3, entity: 'purge', data: { id: c.id } }];
    expect(withNewestConversations(log)).toEqual(log);
  });
});
