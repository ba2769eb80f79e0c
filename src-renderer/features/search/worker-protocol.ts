/** Messages between the console and its search worker (search.worker.ts). */
import type { IndexerProgress } from './indexer.js';
import type { SearchResult } from './search.js';

export type ToSearchWorker =
  /** First message: which cache (and index) this worker serves. */
  | { type: 'init'; cacheName: string }
  | { type: 'query'; id: number; text: string; limit?: number }
  /** The agent is scrolling, clicking or typing: indexing waits (see search.worker.ts). */
  | { type: 'activity' };

export type FromSearchWorker =
  | { type: 'progress'; progress: IndexerProgress; indexing: boolean }
  | { type: 'results'; id: number; results: SearchResult[]; truncated: boolean; ms: number; indexMs: number; hydrateMs: number; scanned: number }
  | { type: 'error'; id: number | null; message: string };
