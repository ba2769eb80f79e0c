/**
 * Keeps the search index in line with the cache. Runs in the search worker (one window per
 * profile, under a Web Lock); a plain class so unit tests drive it step by step.
 *
 * Sources, both read from the cache itself so nothing is lost when a window closes mid-way:
 * - the search queue (`searchQueue`, written in the sync transactions, see queue.ts), applied in
 *   seq order with the position stored in the index's `state` row in the same transaction as
 *   the index rows it produced;
 * - once, for a cache that existed before its index (an upgraded console, a deleted index), a
 *   scan of all cached messages by id, with the last id stored likewise.
 * Every step reads the messages' current state, so the two can interleave in any order: whatever
 * ran last saw the latest state. On start the index resumes from its stored position: it is
 * never rebuilt.
 */
import type { SearchQueueRow, SwitchboardDb } from '../../db/database.js';
import type { IndexState, SearchDb } from './search-db.js';
import { clearIndex, indexMessages, readState, removeConversations, type IndexInput } from './search-index.js';

/**
 * Messages read and indexed per step (one index transaction). Big: a batch writes about one row
 * per distinct word, and most words of a batch recur in it, so the writes per message fall as the
 * batch grows. Bounded by text size too (HTML mails are long).
 */
const BATCH = 2_000;
const BATCH_CHARS = 4_000_000;

export interface IndexerProgress {
  /** Messages still to index (an estimate while queue rows wait). */
  backlog: number;
  /** Messages indexed since the index was created. */
  indexed: number;
  /** Messages this indexer (re)indexed since it started: a reload that re-indexed everything would show it. */
  indexedSession: number;
}

const rowDone = (state: IndexState, seq: number): IndexState => ({ ...state, queueSeq: seq, rowOffset: 0 });

export class Indexer {
  indexedSession = 0;
  /** Running average of message ids per queue row, for the backlog estimate. */
  #rowSize = 100;

  constructor(
    private readonly db: SwitchboardDb,
    private readonly sdb: SearchDb,
  ) {}

  /** Do one unit of work; false when there was nothing to do. */
  async step(): Promise<boolean> {
    const stored = await this.sdb.state.get('state');
    if (!stored) {
      await this.#start();
      return true;
    }
    if (stored.backfillAfter !== null) return this.#backfillStep(stored.backfillAfter);
    const row = await this.db.searchQueue.where('seq').above(stored.queueSeq).first();
    if (!row) {
      // The queue's key generator only goes backwards when the cache database was deleted and
      // created again under the same name (a sign-out interrupted between the two deletes): this
      // index belongs to the old cache. Start over, or the new cache's first rows would be skipped.
      const last = await this.db.searchQueue.orderBy(':id').last();
      if (last?.seq !== undefined && last.seq < stored.queueSeq) {
        await clearIndex(this.sdb, (s) => s);
        await this.sdb.state.delete('state');
        return true;
      }
      return false;
    }
    await this.#queueStep(row as Required<Pick<SearchQueueRow, 'seq'>> & SearchQueueRow, stored);
    return true;
  }

  /**
   * A new index: the queue rows written so far describe messages already in the cache, so they
   * are skipped and the scan covers them (a row written after this read is applied later).
   */
  async #start(): Promise<void> {
    const last = await this.db.searchQueue.orderBy(':id').last();
    await this.sdb.state.put({ key: 'state', nextOrd: 1, queueSeq: last?.seq ?? 0, rowOffset: 0, backfillAfter: '', indexed: 0 });
  }

  async #backfillStep(after: string): Promise<boolean> {
    let chars = 0;
    const messages = await this.db.messages
      .where(':id')
      .above(after)
      .until(() => chars > BATCH_CHARS, true)
      .limit(BATCH)
      .filter((m) => {
        chars += m.body.length;
        return true;
      })
      .toArray();
    const last = messages.at(-1)?.id ?? null;
    const n = await indexMessages(
      this.sdb,
      messages.map((m) => ({ id: m.id, message: m })),
      (s, indexed) => ({ ...s, backfillAfter: last, indexed: s.indexed + indexed }),
    );
    this.indexedSession += n;
    return true;
  }

  async #queueStep(row: SearchQueueRow & { seq: number }, state: IndexState): Promise<void> {
    if (row.reset) {
      await clearIndex(this.sdb, (s) => rowDone(s, row.seq));
      return;
    }
    const ids = row.messageIds ?? [];
    // Purges first: a conversation purged and visible again within one page has its messages in
    // the same row, indexed below from their current state. Repeating the removal after a crash
    // (rowOffset still 0) is harmless for the same reason.
    if (state.rowOffset === 0 && row.conversationIds?.length) {
      await removeConversations(this.sdb, row.conversationIds, (s) => (ids.length ? s : rowDone(s, row.seq)));
    }
    if (ids.length === 0) {
      if (!row.conversationIds?.length) await this.sdb.state.put(rowDone(state, row.seq));
      return;
    }
    const end = Math.min(ids.length, state.rowOffset + BATCH);
    const chunk = ids.slice(state.rowOffset, end);
    const messages = await this.db.messages.bulkGet(chunk);
    const inputs: IndexInput[] = chunk.map((id, i) => ({ id, message: messages[i] }));
    const n = await indexMessages(this.sdb, inputs, (s, indexed) => ({ ...(end >= ids.length ? rowDone(s, row.seq) : { ...s, rowOffset: end }), indexed: s.indexed + indexed }));
    this.indexedSession += n;
    if (end >= ids.length) this.#rowSize = this.#rowSize * 0.8 + ids.length * 0.2;
  }

  /** Drop queue rows the index has applied (they are never read again). */
  async prune(): Promise<void> {
    const state = await this.sdb.state.get('state');
    if (state && state.queueSeq > 0) await this.db.searchQueue.where('seq').belowOrEqual(state.queueSeq).delete();
  }

  /** How far the index is. */
  async progress(): Promise<IndexerProgress> {
    const state = await readState(this.sdb);
    let backlog = 0;
    if (state.backfillAfter !== null) backlog += await this.db.messages.where(':id').above(state.backfillAfter).count();
    const pending = await this.db.searchQueue.where('seq').above(state.queueSeq).count();
    if (pending > 0) {
      const next = await this.db.searchQueue.where('seq').above(state.queueSeq).first();
      backlog += Math.max(0, (next?.messageIds?.length ?? 0) - state.rowOffset) + Math.round((pending - 1) * this.#rowSize);
    }
    return { backlog, indexed: state.indexed, indexedSession: this.indexedSession };
  }
}
