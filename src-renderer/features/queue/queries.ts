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

/** The rows `start`…`end` of a view in its sort order (without the total). */
export async function readRows(
  db: SwitchboardDb,
  view: QueueView,
  meId: string,
  sort: QueueSort,
  filters: QueueFilters,
  start: number,
  end: number,
): Promise<CachedConversation[]> {
  if (view === 'attention') return (await attention(db)).slice(start, end);
  if (hasFacetFilter(filters)) {
    const { ids } = await scanFiltered(db, view, sort, filters, meId, start, end);
    return (await db.conversations.bulkGet(ids)).filter((c): c is CachedConversation => c !== undefined);
  }
  return rangeOf(db, view, sort, filters, meId).collection.offset(start).limit(Math.max(0, end - start)).toArray();
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
    // One key walk gives both the total and the ids.
    const { count, ids } = await scanFiltered(db, view, sort, filters, meId, start, end);
    const rows = (await db.conversations.bulkGet(ids)).filter((c): c is CachedConversation => c !== undefined);
    return { count, rows };
  }
  const [count, rows] = await Promise.all([countView(db, view, meId, sort, filters), readRows(db, view, meId, sort, filters, start, end)]);
  return { count, rows };
}

/** Live count of a view without filters: the tab badges (an index count, cheap at any size). */
export function useViewCount(db: SwitchboardDb, view: QueueView, meId: string): number | undefined {
  return useLiveQuery(() => countView(db, view, meId), [db, view, meId]);
}

/** Rows per chunk of the queue that one live query reads. */
export const QUEUE_CHUNK = 40;
/**
 * Chunk queries kept live: the chunk before the first rendered row, the (at most two) chunks the
 * rendered rows span, and the next one. Chunk c lives in slot c mod SLOTS, so when the list
 * scrolls into a new chunk exactly one slot changes what it reads.
 */
const SLOTS = 4;

export interface QueueChunk {
  start: number;
  rows: CachedConversation[];
  customers: Map<string, Customer>;
}

/** Rows with their customers, as a chunk starting at `start`. */
async function withCustomers(db: SwitchboardDb, start: number, rows: CachedConversation[]): Promise<QueueChunk> {
  const customers = await db.customers.bulkGet([...new Set(rows.map((r) => r.customerId))]);
  return { start, rows, customers: new Map(customers.filter((c): c is Customer => c !== undefined).map((c) => [c.id, c])) };
}

/** The live rows of one chunk with their customers; null for no chunk. */
function useQueueChunk(db: SwitchboardDb, view: QueueView, meId: string, sort: QueueSort, filters: QueueFilters, chunk: number | null): QueueChunk | null | undefined {
  const { channel, department, tag, status } = filters;
  return useLiveQuery(async () => {
    if (chunk === null) return null;
    const start = chunk * QUEUE_CHUNK;
    return withCustomers(db, start, await readRows(db, view, meId, sort, { channel, department, tag, status }, start, start + QUEUE_CHUNK));
  }, [db, view, meId, sort, channel, department, tag, status, chunk]);
}

export interface QueueWindow {
  /** The view's total; undefined until counted. */
  count: number | undefined;
  /** The loaded chunks (some may still be loading or belong to the previous position). */
  chunks: QueueChunk[];
}

/**
 * The rows around `first`…`last` (rendered indexes) of a view, read one chunk per live query, and
 * the view's total from an index count. Scrolling reads only the chunk it scrolls into (40 rows and
 * their customers), not the whole window again: a re-read costs the main thread its clones. A
 * filtered view reads all slots with one key walk instead (see below).
 */
export function useQueueWindow(db: SwitchboardDb, view: QueueView, meId: string, sort: QueueSort, filters: QueueFilters, first: number, last: number): QueueWindow {
  const { channel, department, tag, status } = filters;
  // A filtered view (and Needs attention) walks every index key to count anyway: one walk per
  // read gives the count and all the slots' rows, where a walk per chunk would repeat it.
  const whole = view === 'attention' || hasFacetFilter(filters);
  const a = Math.floor(Math.max(0, first) / QUEUE_CHUNK);
  const b = Math.floor(Math.max(first, last) / QUEUE_CHUNK);
  // One chunk of margin before and after the rendered rows, as far as the slots reach.
  const lowest = Math.max(a - 1, b + 2 - SLOTS);
  // The chunk each slot reads: the one in lowest…lowest+SLOTS-1 with its residue (none below 0).
  const slotChunk = (slot: number): number | null => {
    const c = lowest + ((((slot - lowest) % SLOTS) + SLOTS) % SLOTS);
    return whole || c < 0 ? null : c;
  };
  const count = useLiveQuery(
    async () => (whole ? null : countView(db, view, meId, sort, { channel, department, tag, status })),
    [db, view, meId, sort, channel, department, tag, status, whole],
  );
  const start = Math.max(0, lowest) * QUEUE_CHUNK;
  const end = (lowest + SLOTS) * QUEUE_CHUNK;
  const read = useLiveQuery(async () => {
    if (!whole) return null;
    const found = await readWindow(db, view, meId, sort, { channel, department, tag, status }, start, end);
    return { count: found.count, chunk: await withCustomers(db, start, found.rows) };
  }, [db, view, meId, sort, channel, department, tag, status, whole, start, end]);
  const chunks = [
    useQueueChunk(db, view, meId, sort, filters, slotChunk(0)),
    useQueueChunk(db, view, meId, sort, filters, slotChunk(1)),
    useQueueChunk(db, view, meId, sort, filters, slotChunk(2)),
    useQueueChunk(db, view, meId, sort, filters, slotChunk(3)),
  ];
  if (whole) return { count: read?.count, chunks: read ? [read.chunk] : [] };
  return { count: count ?? undefined, chunks: chunks.filter((c): c is QueueChunk => c !== null && c !== undefined) };
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
