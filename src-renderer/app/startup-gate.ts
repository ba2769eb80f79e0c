/**
 * Start-up priority: on a cold start the agent waits for one thing, the queue from the cache.
 * Everything else a console starts with (the sync runner reconnecting and writing its catch-up,
 * the search worker resuming its index) competes with the queue's first reads for IndexedDB and
 * for the CPU; measured at scale 0.05 under load, the second and third queue chunks arrived
 * 300–800 ms after the first with them running, 40–100 ms after without. So that work waits
 * behind this gate, which the queue opens once its first rows are painted — or the gate opens by
 * itself after `maxWaitMs`, so nothing depends on the queue being on screen at all.
 */
/** Background start-up work waits at most this long for the queue's first paint. */
export const STARTUP_MAX_WAIT_MS = 2000;

export class StartupGate {
  #open = false;
  readonly #waiters = new Set<() => void>();

  get isOpen(): boolean {
    return this.#open;
  }

  /** The first screen is up: run everything that waited. Later calls do nothing. */
  open(): void {
    if (this.#open) return;
    this.#open = true;
    const waiting = [...this.#waiters];
    this.#waiters.clear();
    for (const run of waiting) run();
  }

  /**
   * Run `fn` once the gate is open (at once if it is), and after `maxWaitMs` at the latest.
   * Returns a cancel for a caller that goes away first; `fn` runs at most once.
   */
  after(fn: () => void, maxWaitMs: number): () => void {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.#waiters.delete(run);
      fn();
    };
    const timer = setTimeout(run, maxWaitMs);
    if (this.#open) run();
    else this.#waiters.add(run);
    return () => {
      done = true;
      clearTimeout(timer);
      this.#waiters.delete(run);
    };
  }
}
