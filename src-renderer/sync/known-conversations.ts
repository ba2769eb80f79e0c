/**
 * The version guard's memory: what the sync runner knows of the conversations it stored.
 *
 * Applying a page needs each changed conversation's cached `version` and `needsHistory` (see
 * apply-changes.ts). Reading them back is one IndexedDB `get` per conversation, and those reads cost
 * about as much as the writes (measured: 500 gets took 100–250 ms per transaction in Chromium, the
 * whole row is fetched and deserialized for two fields). During a catch-up or live ingest the same
 * conversations change page after page, so the runner keeps what it wrote itself and reads only
 * conversations it has not seen yet.
 *
 * Why it stays correct:
 * - Only the sync runner (one per profile, Web Lock) writes a conversation's `version` or
 *   `needsHistory`; optimistic edits (features/queue/local-update.ts) keep both.
 * - Entries are set only after the transaction that stored them committed, so an aborted write
 *   leaves no trace here.
 * - Snapshots and resets forget their conversations before their transaction starts and again after
 *   it commits: a page applied meanwhile reads them from IndexedDB. IndexedDB runs transactions with
 *   overlapping stores in order, and an apply reads this map only after its first request answered
 *   (the transaction runs), by which time an earlier transaction's commit continuation has run.
 * - Even a wrong entry cannot lose data for good: every change the hub made reaches the console
 *   through the gap-free change log, so a row written from a stale entry is corrected by a later one.
 */

/** What the version guard needs of a cached conversation. */
export interface KnownConversation {
  version: number;
  needsHistory: boolean;
}

/** Beyond this many entries the map starts over (a far larger cache than any agent's queue needs in memory). */
const MAX_ENTRIES = 200_000;

export class KnownConversations {
  readonly #rows = new Map<string, KnownConversation>();

  get(id: string): KnownConversation | undefined {
    return this.#rows.get(id);
  }

  /** Record conversations as committed. */
  remember(rows: Iterable<readonly [string, KnownConversation]>): void {
    for (const [id, known] of rows) {
      if (this.#rows.size >= MAX_ENTRIES && !this.#rows.has(id)) this.#rows.clear();
      this.#rows.set(id, known);
    }
  }

  forget(ids: Iterable<string>): void {
    for (const id of ids) this.#rows.delete(id);
  }

  clear(): void {
    this.#rows.clear();
  }

  get size(): number {
    return this.#rows.size;
  }
}
