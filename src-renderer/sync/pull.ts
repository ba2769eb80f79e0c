/**
 * The pull pipeline: catches the cache up to the hub's head, page by page.
 *
 * Pages are requested one ahead — page n + 1 is on the wire while page n is written to IndexedDB —
 * but applied strictly in order: each page names the cursor it was read after (`from`), and the
 * applier stores it only when that is exactly the stored cursor, with the page's own cursor in the
 * same transaction. A page fetched ahead whose predecessor failed or was refused is therefore never
 * applied; the pipeline starts over from the stored cursor instead. Gap-free by construction, and a
 * crash between pages resumes from the last committed one.
 */
import { z } from 'zod';
import { ChangeSchema, type Change } from '../../src-shared/index.js';
import { measureSync } from './timings.js';

/** A contiguous run of changes: everything the viewer may see after `from`, up to `cursor`. */
export interface ChangePage {
  from: number;
  changes: Change[];
  cursor: number;
  hasMore: boolean;
}

export const PullResultSchema = z.object({ changes: z.array(ChangeSchema), cursor: z.number().int().nonnegative(), hasMore: z.boolean() });

/** Changes per `sync:pull` page: large enough that per-request and per-transaction costs vanish. */
export const PULL_PAGE_SIZE = 2000;

/**
 * Changes per IndexedDB transaction. A pulled page is stored in a few transactions rather than one,
 * each with its own cursor, so the reads of an agent clicking around meanwhile are never queued
 * behind a long write, and the main thread gets a turn between them.
 */
export const APPLY_CHUNK = 1000;

/**
 * Split a page into contiguous parts of at most `size` changes. Each part ends at its last change's
 * sync id (every change up to it is in the part or an earlier one) and the last part at the page's
 * cursor (which may lie past the last visible change: rows this viewer may not see).
 */
export function splitPage(page: ChangePage, size: number): ChangePage[] {
  if (page.changes.length <= size) return [page];
  const parts: ChangePage[] = [];
  const all = withNewestConversations(page.changes);
  let from = page.from;
  for (let i = 0; i < all.length; i += size) {
    const changes = all.slice(i, i + size);
    const last = i + size >= page.changes.length;
    const cursor = last ? page.cursor : changes.at(-1)!.syncId;
    parts.push({ from, changes, cursor, hasMore: last ? page.hasMore : true });
    from = cursor;
  }
  return parts;
}

/**
 * The page's changes with every conversation change carrying the conversation's newest state in
 * the page, unless the page ends with it purged.
 *
 * A busy conversation changes in several parts of one page (a new message bumps it each time);
 * the first part then stores its newest state and the version guard skips it in the later parts,
 * so each conversation row is written once per page instead of once per part. Conversation rows
 * are most of what a catch-up writes. Storing a newer state of a row ahead of its cursor loses
 * nothing: the cursor still only moves with its own part, and if the later part is never stored,
 * pulling it again finds the row already at that version.
 */
export function withNewestConversations(changes: Change[]): Change[] {
  const newest = new Map<string, Change>();
  for (const change of changes) if (change.entity === 'conversation' || change.entity === 'purge') newest.set(change.data.id, change);
  return changes.map((change) => {
    if (change.entity !== 'conversation') return change;
    const last = newest.get(change.data.id);
    return last?.entity === 'conversation' && last !== change ? { ...change, data: last.data } : change;
  });
}

/** The hub dropped the changes after this cursor (retention): the cache must be rebuilt. */
export class CursorExpiredError extends Error {
  override name = 'CursorExpiredError';
}

export interface PullDeps {
  /** Request the page after `cursor`. */
  fetch(cursor: number): Promise<ChangePage>;
  /**
   * Store one page with its cursor. `applied`: continue with the next; `not-contiguous`: the page
   * did not start at the stored cursor and was not stored; `stop`: the caller took over (the cache
   * is being rebuilt), drop the page fetched ahead.
   */
  apply(page: ChangePage): Promise<'applied' | 'not-contiguous' | 'stop'>;
  readCursor(): Promise<number>;
  /** False once the connection dropped or the engine stopped: no further requests. */
  active(): boolean;
}

/** A request fetched ahead may be dropped unawaited; its failure must not surface as unhandled. */
function ahead<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Pull from the stored cursor until the hub says there is no more, one request ahead.
 *
 * @throws whatever `fetch` or `apply` throws (TransientError, CursorExpiredError); the stored
 * cursor is then the last page fully applied.
 */
export async function pullToHead(deps: PullDeps): Promise<void> {
  let next: Promise<ChangePage> | null = ahead(deps.fetch(await deps.readCursor()));
  let restarts = 0;
  while (next) {
    const waitStart = performance.now();
    const page: ChangePage = await next;
    measureSync('sync:pull-wait', waitStart, page.changes.length);
    next = page.hasMore && deps.active() ? ahead(deps.fetch(page.cursor)) : null;
    const outcome = await deps.apply(page);
    if (outcome === 'applied') continue;
    if (outcome === 'stop' || !deps.active()) return;
    // Someone else moved the cursor (an inline batch, a late page): continue from what is stored.
    // Bounded, so a hub that keeps answering from the wrong place cannot spin us forever.
    if (++restarts > 100) throw new Error('sync:pull: pages keep missing the stored cursor');
    next = ahead(deps.fetch(await deps.readCursor()));
  }
}
