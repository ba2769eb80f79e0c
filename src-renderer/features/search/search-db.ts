/**
 * The offline search index: its own IndexedDB database next to the cache (`<cache name>:search`),
 * written only by the search worker.
 *
 * Why an own inverted index and not a library: MiniSearch keeps the whole index in memory and
 * could only persist it by serializing all of it (500,000 messages: far too slow after every
 * change). FlexSearch 0.8 persists to IndexedDB, but its adapter removes a document by walking
 * every term row of the index with a cursor, and an erase or a purge (a conversation leaving the
 * agent's view) must remove messages quickly and for sure. This index is a few tables:
 *
 * - `docs`: one row per indexed message, keyed by `ord` — a number given when the message is
 *   (re)indexed, never reused — with the message id, its conversation and its terms.
 * - `postings`: per term, blocks of ords in increasing order, keyed by [term, first ord of the
 *   block]. Only the last block of a term is ever rewritten (see appendPostings).
 * - `terms`: per term, how many postings it has (an estimate for planning a query) and where
 *   its last block is; a prefix query reads its key range to find the words it stands for.
 * - `state`: how far the index is (see indexer.ts), written in the same transaction as the rows.
 *
 * Deleting or re-indexing a message deletes its `docs` row only; its postings stay behind and
 * are skipped at query time because no row exists for their ord any more. So a removal costs
 * one delete however common its words are, and a removed message can never be found again.
 */
import Dexie, { type EntityTable } from 'dexie';

/** New ords are appended to a term's last block while it stays within this size. */
export const BLOCK_SIZE = 512;
/** A batch's ords that do not fit start blocks of their own, up to this size. */
export const MAX_BLOCK = 4096;

export interface IndexedDoc {
  ord: number;
  /** The message id. */
  id: string;
  conversationId: string;
  terms: string[];
}

export interface PostingBlock {
  term: string;
  first: number;
  ords: number[];
}

export interface TermRow {
  term: string;
  /** Postings written for the term (including ones of messages removed since). */
  count: number;
  /** `first` of the term's last block and its length. */
  lastFirst: number;
  lastSize: number;
}

/**
 * How far the index is. `queueSeq`: every search-queue row up to this seq is applied, and
 * `rowOffset` message ids of the next one. `backfillAfter`: the full scan of the cache (a cache
 * that existed before its index) has indexed every message id up to this one; null when done.
 */
export interface IndexState {
  key: 'state';
  nextOrd: number;
  queueSeq: number;
  rowOffset: number;
  backfillAfter: string | null;
  /** Messages indexed since the index was created (informational). */
  indexed: number;
}

export class SearchDb extends Dexie {
  docs!: EntityTable<IndexedDoc, 'ord'>;
  postings!: Dexie.Table<PostingBlock, [string, number]>;
  terms!: EntityTable<TermRow, 'term'>;
  state!: EntityTable<IndexState, 'key'>;

  constructor(name: string) {
    super(name);
    // v1: the first index schema. Kept forever like the cache's versions.
    this.version(1).stores({
      docs: 'ord, &id, conversationId',
      postings: '[term+first]',
      terms: 'term',
      state: 'key',
    });
  }
}

/** The index database that belongs to a cache database. */
export function searchDbName(cacheName: string): string {
  return `${cacheName}:search`;
}

/** Delete a cache's index (signing out removes the user's data from the machine, the index too). */
export async function deleteSearchIndex(cacheName: string): Promise<void> {
  await Dexie.delete(searchDbName(cacheName)).catch(() => undefined);
}
