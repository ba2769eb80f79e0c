/**
 * The engine's handle on the apply worker (apply.worker.ts): the same `SyncApplier` as the
 * in-thread one, with each call answered by the worker.
 *
 * If the worker cannot run (it failed to load, or died), the calls waiting for it fail and every
 * later one runs in this thread instead: the engine retries a failed page from the stored cursor,
 * so nothing is lost, only the main thread does the work again.
 */
import type { SwitchboardDb } from '../db/database.js';
import type { ApplyOutcome } from './apply-changes.js';
import { localApplier, type SyncApplier } from './applier.js';
import { TransientError } from './hub-client.js';
import type { ApplyRequest, FromApplyWorker, ToApplyWorker } from './apply-worker-protocol.js';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

export function workerApplier(db: SwitchboardDb, log: (msg: string, error?: unknown) => void): SyncApplier {
  let worker: Worker | null = new Worker(new URL('./apply.worker.ts', import.meta.url), { type: 'module', name: 'sync-apply' });
  let fallback: SyncApplier | null = null;
  const pending = new Map<number, Pending>();
  let next = 0;

  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const giveUp = (reason: string): void => {
    if (!worker) return;
    log(`apply worker stopped (${reason}); storing in this thread`);
    worker.terminate();
    worker = null;
    fallback = localApplier(db);
    // Transient: the engine retries from the stored cursor, now in this thread.
    failAll(new TransientError(`apply worker stopped: ${reason}`));
  };

  worker.onmessage = (event: MessageEvent<FromApplyWorker>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.type === 'done') p.resolve(msg.result);
    else p.reject(Object.assign(new Error(msg.message), { name: msg.name }));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    giveUp(event.message || 'error');
  };
  worker.onmessageerror = () => giveUp('unreadable message');
  worker.postMessage({ type: 'init', cacheName: db.name } satisfies ToApplyWorker);

  const call = <T>(request: ApplyRequest): Promise<T> => {
    if (!worker) throw new TransientError('apply worker: closed');
    const id = ++next;
    const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (r: unknown) => void, reject }));
    worker.postMessage({ type: 'apply', id, request } satisfies ToApplyWorker);
    return answer;
  };

  return {
    changes: async (changes, cursor, from) => (fallback ? fallback.changes(changes, cursor, from) : call<ApplyOutcome>({ op: 'changes', changes, cursor, from })),
    snapshot: async (read, progress) => (fallback ? fallback.snapshot(read, progress) : call<boolean>({ op: 'snapshot', read, progress })),
    reset: async () => {
      if (fallback) return fallback.reset();
      await call<null>({ op: 'reset' });
    },
    close: () => {
      worker?.terminate();
      worker = null;
      fallback?.close();
      // The engine stopped: whoever syncs next continues from the stored cursor.
      failAll(new TransientError('sync stopped'));
    },
  };
}
