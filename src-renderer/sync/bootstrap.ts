/**
 * First sync of a console: a lean queue page first, then everything else in pipelined pages.
 *
 * 1. `sync:bootstrap {phase: 'queue'}`: the top of the open queue and the agent's own
 *    conversations, with customers, identities and colleagues, but no messages. It is small, so
 *    the queue paints within seconds; its cursor (read before the rows) is stored with it.
 * 2. `sync:plan`: the rest cut into key ranges, open conversations first, then closed history
 *    newest first, with the total counted once. The list of pages still to fetch is stored.
 * 3. `sync:bootstrap {phase: 'page'}` for each range, several in flight, each applied in order in
 *    one transaction together with the shortened page list, so an interrupted download resumes
 *    at the first page not stored.
 */
import { BootstrapPlanSchema, SnapshotSchema, type Snapshot } from '../../src-shared/index.js';
import type { BackfillState, SwitchboardDb } from '../db/database.js';
import { applySnapshot, readBackfill, type SnapshotProgress } from './apply-changes.js';
import { request, type HubSocket } from './hub-client.js';

/** Stores a snapshot (`applySnapshot`, or the engine's applier that runs it in its worker). */
export type SnapshotStore = (read: Snapshot, progress: SnapshotProgress) => Promise<boolean>;

/** Open conversations on the first page; the rest of the queue follows within seconds. */
export const QUEUE_PAGE_SIZE = 300;
/** Conversations per background page (about ten messages each). */
export const BACKFILL_PAGE_SIZE = 250;
/**
 * Pages requested ahead of the one being stored: the hub reads the next pages while the console
 * parses and writes this one. More only adds memory; the hub serves a console's requests one
 * database query at a time anyway.
 */
export const PAGES_IN_FLIGHT = 3;

/**
 * Fetch and store the lean first page with the cursor to pull from.
 *
 * @throws Error when the hub refuses; TransientError when the link drops (the caller retries).
 */
export async function bootstrapQueue(db: SwitchboardDb, socket: HubSocket, timeoutMs: number, store?: SnapshotStore): Promise<void> {
  const ack = await request(socket, 'sync:bootstrap', { phase: 'queue', limit: QUEUE_PAGE_SIZE }, timeoutMs);
  if (!ack.ok) throw new Error(`bootstrap refused: ${ack.error.message}`);
  await (store ?? ((read, progress) => applySnapshot(db, read, progress)))(SnapshotSchema.parse(ack.data), { phase: 'queue' });
}

export interface BackfillOptions {
  timeoutMs: number;
  /** Progress after each stored page (and before the first), for the progress bar. */
  onProgress?: (state: BackfillState) => void;
  /** False once the engine stops or the link drops: no new pages are requested. */
  active: () => boolean;
  pageSize?: number;
  inFlight?: number;
  /** Where pages are stored; `applySnapshot` on `db` by default. */
  store?: SnapshotStore;
}

/**
 * Download everything after the first page, resuming from the stored page list.
 *
 * Pages are requested up to `inFlight` ahead but stored strictly in plan order, so the stored
 * list is always "everything before this is cached". Returns the final state (null when there is
 * no bootstrap to continue).
 *
 * @throws TransientError when the link drops mid-way (the stored state resumes it later).
 */
export async function runBackfill(db: SwitchboardDb, socket: HubSocket, options: BackfillOptions): Promise<BackfillState | null> {
  let state = await readBackfill(db);
  if (!state || state.complete || !options.active()) return state;
  if (state.pages === null) {
    const ack = await request(socket, 'sync:plan', { pageSize: options.pageSize ?? BACKFILL_PAGE_SIZE }, options.timeoutMs);
    if (!ack.ok) throw new Error(`bootstrap plan refused: ${ack.error.message}`);
    const plan = BootstrapPlanSchema.parse(ack.data);
    // The cache was reset meanwhile (cursor expired, access changed): that bootstrap plans its own.
    if (!options.active()) return state;
    state = { pages: plan.pages, done: 0, total: plan.total, complete: plan.pages.length === 0 };
    await db.meta.put({ key: 'backfill', value: state });
  }
  options.onProgress?.(state);
  const pages = state.pages ?? [];
  const ahead = options.inFlight ?? PAGES_IN_FLIGHT;
  const store = options.store ?? ((read, progress) => applySnapshot(db, read, progress));
  const fetchPage = (page: string) => request(socket, 'sync:bootstrap', { phase: 'page', page }, options.timeoutMs);
  const pending: ReturnType<typeof fetchPage>[] = [];
  // Failed requests still settle: avoid unhandled rejections for pages fetched ahead of a failure.
  const track = (p: ReturnType<typeof fetchPage>) => (p.catch(() => undefined), p);
  let requested = 0;
  for (let i = 0; i < pages.length; i++) {
    while (requested < pages.length && requested < i + ahead && options.active()) pending.push(track(fetchPage(pages[requested++]!)));
    if (pending.length === 0) break;
    const ack = await pending.shift()!;
    if (!ack.ok) throw new Error(`bootstrap page refused: ${ack.error.message}`);
    const page = SnapshotSchema.parse(ack.data);
    const rest = pages.slice(i + 1);
    state = { pages: rest, done: Math.min(state.total, state.done + page.conversations.length), total: state.total, complete: rest.length === 0 };
    // Not stored: the cache was reset and bootstrapped again meanwhile; that bootstrap's download takes over.
    if (!(await store(page, { phase: 'page', page: pages[i]!, backfill: state }))) return null;
    options.onProgress?.(state);
  }
  return state;
}
