/**
 * Reads for the queue, straight from the cache via live queries. Each view is read through one of
 * the compound queue indexes (see query-builder.ts) one visible window at a time, so 50,000 cached
 * conversations cost what the rows on screen cost. A filtered view walks the index with a key-only
 * cursor and tests the facets part of each key: the conversations themselves are loaded only for
 * the rows on screen.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Conversation, Customer } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueKeyOf, type CachedConversation } from '../../db/queue-keys.js';
import { facetMatcher, hasFacetFilter, NO_FILTERS, queueRange, type QueueFilters, type QueueSort, type QueueView } from './query-builder.js';

export type { QueueFilters, QueueSort, QueueView } from './query-builder.js';

/** Queue order (the same order the `queueKey` index gives). */
export function compareQueue(a: Conversation, b: Conversation): number {
  const ka = queueKeyOf(a);
  const kb = queueKeyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function rangeOf(db: SwitchboardDb, view: Exclude<QueueView, 'attention'>, sort: QueueSort, filters: QueueFilters, meId: string) {
  const r = queueRange(view, sort, filters, meId);
  return { collection: db.conversations.where(r.index).between(r.lower, r.upper, true, true), facetsAt: r.facetsAt };
}

/** Conversations held back by the stale-send guard or refused: read from the small outbox. */
async function attention(db: SwitchboardDb): Promise<CachedConversation[]> {
  const held = await db.outbox.where('status').anyOf('needs-attention', 'failed').toArray();
  const ids = [...new Set(held.map((r) => String(r.payload.conversationId)))];
  const rows = await db.conversations.bulkGet(ids);
  return rows.filter((c): c is CachedConversation => c !== undefined).sort((a, b) => (a.queueKey < b.queueKey ? -1 : 1));
}

/**
 * Walk a filtered view's index keys once: how many match, and the ids of matches `start`…`end`.
 * Key-only: `eachKey` opens an IndexedDB key cursor, which never reads the stored objects.
 */
async function scanFiltered(
  db: SwitchboardDb,
  view: Exclude<QueueView, 'attention'>,
  sort: QueueSort,
  filters: QueueFilters,
  meId: string,
  start: number,
  end: number,
): Promise<{ count: number; ids: string[] }> {
  const { collection, facetsAt } = rangeOf(db, view, sort, filters, meId);
  const matches = facetMatcher(filters);
  let count = 0;
  const ids: string[] = [];
  await collection.eachKey((key, cursor) => {
    const facets = (key as unknown[])[facetsAt];
    if (typeof facets !== 'string' || !matches(facets)) return;
    if (count >= start && count < end) ids.push(cursor.primaryKey as string);
    count++;
  });
  return { count, ids };
}

/** How many conversations a view lists (with the filters, when given). */
export async function countView(db: SwitchboardDb, view: QueueView, meId: string, sort: QueueSort = 'priority', filters: QueueFilters = NO_FILTERS): Promise<number> {
  if (view === 'attention') return (await attention(db)).length;
  if (hasFacetFilter(filters)) return (await scanFiltered(db, view, sort, filters, meId, 0, 0)).count;
  return rangeOf(db, view, sort, filters, meId).collection.count();
}

/** The rows `start`…`end` of a view in its sort order, with the total. */
export async function readWindow(
  db: SwitchboardDb,
  view: QueueView,
  meId: string,
  sort: QueueSort,
  filters: QueueFilters,
  start: number,
  end: number,
): Promise<{ count: number; rows: CachedConversation[] }> {
  if (view === 'attention') {
    const all = await attention(db);
    return { count: all.length, rows: all.slice(start, end) };
  }
  if (hasFacetFilter(filters)) {
    const { count, ids } = await scanFiltered(db, view, sort, filters, meId, start, end);
    const rows = (await db.conversations.bulkGet(ids)).filter((c): c is CachedConversation => c !== undefined);
    return { count, rows };
  }
  // Two collections: a Dexie clone shares the offset and limit set on the original later.
  const [count, rows] = await Promise.all([
    rangeOf(db, view, sort, filters, meId).collection.count(),
    rangeOf(db, view, sort, filters, meId).collection.offset(start).limit(Math.max(0, end - start)).toArray(),
  ]);
  return { count, rows };
}

/** Live count of a view without filters: the tab badges (an index count, cheap at any size). */
export function useViewCount(db: SwitchboardDb, view: QueueView, meId: string): number | undefined {
  return useLiveQuery(() => countView(db, view, meId), [db, view, meId]);
}

export interface QueueWindow {
  start: number;
  count: number;
  rows: CachedConversation[];
  customers: Map<string, Customer>;
}

/** The rows from `start` (inclusive) to `end` (exclusive) of a view, with their customers and the view's total. */
export function useQueueWindow(
  db: SwitchboardDb,
  view: QueueView,
  meId: string,
  sort: QueueSort,
  filters: QueueFilters,
  start: number,
  end: number,
): QueueWindow | undefined {
  const { channel, department, tag, status } = filters;
  return useLiveQuery(async () => {
    const { count, rows } = await readWindow(db, view, meId, sort, { channel, department, tag, status }, start, end);
    const customerIds = [...new Set(rows.map((r) => r.customerId))];
    const customers = await db.customers.bulkGet(customerIds);
    return {
      start,
      count,
      rows,
      customers: new Map(customers.filter((c): c is Customer => c !== undefined).map((c) => [c.id, c])),
    };
  }, [db, view, meId, sort, channel, department, tag, status, start, end]);
}

export function useOutboxCounts(db: SwitchboardDb): { pending: number; failed: number; attention: number } | undefined {
  return useLiveQuery(
    async () => ({
      pending: await db.outbox.where('status').equals('pending').count(),
      failed: await db.outbox.where('status').equals('failed').count(),
      attention: await db.outbox.where('status').equals('needs-attention').count(),
    }),
    [db],
  );
}
