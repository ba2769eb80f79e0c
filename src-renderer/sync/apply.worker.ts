/**
 * The apply worker: stores the sync engine's pages, snapshots and resets in the cache off the main
 * thread.
 *
 * Writing to IndexedDB costs the calling thread the structured clone of every row and the index
 * keys of every record (measured during live ingest: most of the main thread's busy time went to
 * `put`), and a page of a thousand changes took it hundreds of milliseconds: frames the agent
 * sees. Here that time is the worker's. Requests are handled one at a time in arrival order, as
 * the engine sends them; the engine keeps the order rules (cursor, contiguity) in the transaction
 * itself (apply-changes.ts). The console's live queries see the writes through Dexie's
 * cross-context change notifications (a BroadcastChannel), as they see another window's.
 */
import { SwitchboardDb } from '../db/database.js';
import { localApplier, type SyncApplier } from './applier.js';
import type { ApplyRequest, FromApplyWorker, ToApplyWorker } from './apply-worker-protocol.js';

interface WorkerScope {
  postMessage(message: FromApplyWorker): void;
  onmessage: ((event: MessageEvent<ToApplyWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let applier: SyncApplier | null = null;
/** Requests run strictly one after another, in the order they came. */
let queue: Promise<void> = Promise.resolve();

type Result = Extract<FromApplyWorker, { type: 'done' }>['result'];

function run(target: SyncApplier, request: ApplyRequest): Promise<Result> {
  switch (request.op) {
    case 'changes':
      return target.changes(request.changes, request.cursor, request.from);
    case 'snapshot':
      return target.snapshot(request.read, request.progress);
    case 'reset':
      return target.reset().then(() => null);
  }
}

scope.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    if (applier) return;
    const db = new SwitchboardDb(msg.cacheName);
    // Signing out deletes the cache. Dexie closes this connection for the deletion but would
    // reopen it on the next write, recreating the cache with that write's rows: stay closed.
    db.on('versionchange', (event) => {
      if (!event.newVersion) db.close({ disableAutoOpen: true });
    });
    applier = localApplier(db);
    return;
  }
  const { id, request } = msg;
  queue = queue.then(async () => {
    try {
      if (!applier) throw new Error('apply worker: not initialised');
      const result = await run(applier, request);
      scope.postMessage({ type: 'done', id, result });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      scope.postMessage({ type: 'failed', id, name: e.name, message: e.message });
    }
  });
};
