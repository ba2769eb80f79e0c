/**
 * The search worker: indexes the cache in the background and answers queries, off the main
 * thread, so neither the index nor its work touch the console's heap or frames.
 *
 * One window per profile indexes (a Web Lock, like the sync runner); every window's worker answers
 * its own queries from the shared index. While the cache is still downloading its history the
 * indexer works at a third of the time (it waits twice as long as each step took), so the download
 * — which the agent needs first — keeps most of the machine; after that it runs at full speed. It
 * pauses while the agent is searching, and while she scrolls, clicks or types: on a machine with
 * few cores an indexing step competes with the page for the CPU and costs it frames (scrolling the
 * queue dropped frames while a full cache was being indexed). It also pauses while the sync engine
 * catches up after a reconnect (sync/catch-up-signal.ts): both are IndexedDB-bound, and the agent
 * needs the missed changes before the index of them.
 */
import { SwitchboardDb } from '../../db/database.js';
import { CatchUpListener } from '../../sync/catch-up-signal.js';
import { Indexer } from './indexer.js';
import { SearchDb, searchDbName } from './search-db.js';
import { searchCache } from './search.js';
import type { FromSearchWorker, ToSearchWorker } from './worker-protocol.js';

interface WorkerScope {
  postMessage(message: FromSearchWorker): void;
  onmessage: ((event: MessageEvent<ToSearchWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** Idle polling of the search queue. */
const POLL_MS = 400;
const PROGRESS_MS = 1_000;
/** While the history downloads, the indexer waits this many times as long as a step took. */
const DOWNLOAD_BACKOFF = 2;
/** Indexing waits this long after the agent's last query. */
const QUERY_PAUSE_MS = 1_500;
/** Indexing waits this long after the agent's last scroll, click or key press. */
const ACTIVITY_PAUSE_MS = 750;
/** How often a paused indexer looks again. */
const PAUSE_POLL_MS = 100;

let db: SwitchboardDb | null = null;
let sdb: SearchDb | null = null;
/** The sync engine's catch-up after a reconnect (see sync/catch-up-signal.ts): indexing waits for it. */
let catchUp: CatchUpListener | null = null;
let latestQuery = 0;
let lastQueryAt = 0;
let lastActivityAt = 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

scope.onmessage = (event) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      if (db) return;
      db = new SwitchboardDb(msg.cacheName);
      sdb = new SearchDb(searchDbName(msg.cacheName));
      catchUp = new CatchUpListener(msg.cacheName);
      void navigator.locks.request(`switchboard-search-index:${msg.cacheName}`, () => indexForever(db!, sdb!));
      return;
    case 'query':
      void answer(msg.id, msg.text, msg.limit);
      return;
    case 'activity':
      lastActivityAt = Date.now();
      return;
  }
};

async function answer(id: number, text: string, limit?: number): Promise<void> {
  if (!db || !sdb) return scope.postMessage({ type: 'error', id, message: 'search worker not initialised' });
  latestQuery = id;
  lastQueryAt = Date.now();
  const start = performance.now();
  try {
    // A newer query makes this one stale: it stops at its next round trip.
    const found = await searchCache(db, sdb, text, limit, () => latestQuery !== id);
    lastQueryAt = Date.now();
    if (latestQuery !== id) return;
    scope.postMessage({ type: 'results', id, results: found.results, truncated: found.truncated, ms: performance.now() - start, indexMs: found.indexMs, hydrateMs: found.hydrateMs, scanned: found.scanned });
  } catch (error) {
    scope.postMessage({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  }
}

async function indexForever(cache: SwitchboardDb, index: SearchDb): Promise<never> {
  const indexer = new Indexer(cache, index);
  let lastProgress = 0;
  let wasBusy = true;
  let paused = false;
  /** What the search box was last told (see the pause above). */
  let lastPostedIndexing = true;
  for (;;) {
    // Paused: neither a step nor the idle work (progress, prune) until the agent lets go.
    if (Date.now() - lastQueryAt < QUERY_PAUSE_MS || Date.now() - lastActivityAt < ACTIVITY_PAUSE_MS || catchUp?.active) {
      paused = true;
      // What the search box shows must not go stale while paused: "idle, nothing left" from
      // before (or early in) the pause is wrong once messages arrive. While it says idle, look
      // again now and then whether work waits; the count is cheap then (little or nothing
      // queued), and during a big backlog no extra cache reads compete with the agent's page.
      if (!lastPostedIndexing && Date.now() - lastProgress > PROGRESS_MS) {
        lastProgress = Date.now();
        try {
          const progress = await indexer.progress();
          if (progress.backlog > 0) {
            lastPostedIndexing = true;
            scope.postMessage({ type: 'progress', progress, indexing: true });
          }
        } catch {
          // Progress is informational.
        }
      }
      await sleep(PAUSE_POLL_MS);
      continue;
    }
    if (paused) {
      paused = false;
      wasBusy = true; // report the next step's outcome, whatever it is
    }
    let worked = false;
    const start = performance.now();
    try {
      worked = await indexer.step();
    } catch (error) {
      console.error('search indexing failed; retrying', error);
      await sleep(2_000);
    }
    const took = performance.now() - start;
    if ((worked || wasBusy) && (Date.now() - lastProgress > PROGRESS_MS || !worked)) {
      lastProgress = Date.now();
      try {
        scope.postMessage({ type: 'progress', progress: await indexer.progress(), indexing: worked });
        lastPostedIndexing = worked;
      } catch {
        // Progress is informational.
      }
    }
    if (!worked) {
      if (wasBusy) await indexer.prune().catch(() => undefined);
      wasBusy = false;
      await sleep(POLL_MS);
      continue;
    }
    wasBusy = true;
    await sleep((await historyComplete(cache)) ? 0 : took * DOWNLOAD_BACKOFF);
  }
}

async function historyComplete(cache: SwitchboardDb): Promise<boolean> {
  const row = await cache.meta.get('backfill').catch(() => undefined);
  return row?.key !== 'backfill' || row.value.complete;
}
