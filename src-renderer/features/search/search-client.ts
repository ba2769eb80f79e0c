/**
 * The console's handle on its search worker: starts it for a cache, sends queries (a newer query
 * supersedes the ones still running) and passes the indexing progress on.
 */
import type { IndexerProgress } from './indexer.js';
import type { SearchResult } from './search.js';
import type { FromSearchWorker, ToSearchWorker } from './worker-protocol.js';

export interface SearchAnswerMessage {
  results: SearchResult[];
  truncated: boolean;
  /** Time the worker took: in all, in the index, reading the hits from the cache. */
  ms: number;
  indexMs: number;
  hydrateMs: number;
  /** Index candidates checked. */
  scanned: number;
}

/** Input that pauses indexing (capture phase: a scroll in any list counts). */
const ACTIVITY_EVENTS = ['scroll', 'wheel', 'pointerdown', 'keydown'] as const;
/** At most one activity message per this many ms: scroll events come every frame. */
const ACTIVITY_THROTTLE_MS = 250;

export class SearchClient {
  readonly #worker: Worker;
  #next = 0;
  #lastActivity = 0;
  readonly #onActivity = () => {
    const now = Date.now();
    if (now - this.#lastActivity < ACTIVITY_THROTTLE_MS) return;
    this.#lastActivity = now;
    this.#post({ type: 'activity' });
  };
  readonly #pending = new Map<number, (answer: SearchAnswerMessage | null) => void>();

  constructor(cacheName: string, onProgress: (progress: IndexerProgress, indexing: boolean) => void) {
    this.#worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'search' });
    this.#worker.onmessage = (event: MessageEvent<FromSearchWorker>) => {
      const msg = event.data;
      switch (msg.type) {
        case 'progress':
          onProgress(msg.progress, msg.indexing);
          return;
        case 'results':
          this.#settle(msg.id, { results: msg.results, truncated: msg.truncated, ms: msg.ms, indexMs: msg.indexMs, hydrateMs: msg.hydrateMs, scanned: msg.scanned });
          return;
        case 'error':
          console.error('search failed:', msg.message);
          if (msg.id !== null) this.#settle(msg.id, null);
          return;
      }
    };
    this.#post({ type: 'init', cacheName });
    // The agent's input pauses the indexer, so its steps do not take the CPU the page needs.
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, this.#onActivity, { capture: true, passive: true });
  }

  /** Search the cache; null when a newer query replaced this one (or it failed). */
  query(text: string, limit?: number): Promise<SearchAnswerMessage | null> {
    const id = ++this.#next;
    // Only the newest query's answer is wanted.
    for (const [older, resolve] of this.#pending) {
      resolve(null);
      this.#pending.delete(older);
    }
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#post({ type: 'query', id, text, limit });
    });
  }

  close(): void {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, this.#onActivity, { capture: true });
    for (const resolve of this.#pending.values()) resolve(null);
    this.#pending.clear();
    this.#worker.terminate();
  }

  #settle(id: number, answer: SearchAnswerMessage | null): void {
    const resolve = this.#pending.get(id);
    if (!resolve) return;
    this.#pending.delete(id);
    resolve(answer);
  }

  #post(message: ToSearchWorker): void {
    this.#worker.postMessage(message);
  }
}
