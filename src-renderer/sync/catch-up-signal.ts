/**
 * "A catch-up is running": the sync engine says so to the search indexer, which then waits.
 *
 * After a reconnect the cache must reach the hub's head quickly, and both the catch-up and the
 * indexer are IndexedDB-bound: an indexing step (thousands of messages read, index blocks
 * rewritten) queues the catch-up's transactions behind its own and takes the CPU the page needs on
 * a two-core machine. The indexer already pauses for the agent's input; this pauses it for the
 * catch-up too. The messages the catch-up stores are queued for the index in the same
 * transactions (see features/search/queue.ts), so waiting loses nothing.
 *
 * The engine and the indexer may live in different windows (each holds its own Web Lock), so the
 * signal goes over a BroadcastChannel named after the cache. It is a lease, not a flag: a window
 * that closes mid-catch-up cannot leave the indexer paused for longer than {@link CATCH_UP_LEASE_MS}.
 */

/** How long one announcement pauses the indexer unless renewed (a page is applied well within it). */
export const CATCH_UP_LEASE_MS = 10_000;
/** Renewals closer together than this are not sent (one per applied part would be chatty). */
const RENEW_MS = 1_000;

/** What goes over the channel: the indexer waits until `until` (epoch ms; 0: the catch-up ended). */
export interface CatchUpMessage {
  type: 'catch-up';
  until: number;
}

export function catchUpChannelName(cacheName: string): string {
  return `switchboard-catch-up:${cacheName}`;
}

function isCatchUpMessage(data: unknown): data is CatchUpMessage {
  return typeof data === 'object' && data !== null && (data as CatchUpMessage).type === 'catch-up' && typeof (data as CatchUpMessage).until === 'number';
}

/** The engine's side: `renew()` while pages are applied, `end()` once at the head (or failed). */
export class CatchUpAnnouncer {
  readonly #channel: BroadcastChannel | null;
  #sentUntil = 0;

  constructor(
    cacheName: string,
    private readonly now: () => number = Date.now,
  ) {
    // Absent in some test environments: then there is no indexer to tell either.
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(catchUpChannelName(cacheName)) : null;
  }

  renew(): void {
    const now = this.now();
    if (this.#sentUntil - now > CATCH_UP_LEASE_MS - RENEW_MS) return;
    this.#sentUntil = now + CATCH_UP_LEASE_MS;
    this.#post({ type: 'catch-up', until: this.#sentUntil });
  }

  end(): void {
    if (this.#sentUntil === 0) return;
    this.#sentUntil = 0;
    this.#post({ type: 'catch-up', until: 0 });
  }

  close(): void {
    this.end();
    this.#channel?.close();
  }

  #post(message: CatchUpMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel (the engine stopped): nobody is paused by a message that was not sent.
    }
  }
}

/** The indexer's side: `active` while an announced catch-up's lease lasts. */
export class CatchUpListener {
  readonly #channel: BroadcastChannel | null;
  #until = 0;

  constructor(
    cacheName: string,
    private readonly now: () => number = Date.now,
    onMessage?: () => void,
  ) {
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(catchUpChannelName(cacheName)) : null;
    this.#channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isCatchUpMessage(event.data)) return;
      this.#until = event.data.until;
      onMessage?.();
    });
  }

  get active(): boolean {
    return this.now() < this.#until;
  }

  close(): void {
    this.#channel?.close();
  }
}
