/**
 * User Timing entries for the sync's own steps, so DevTools' Performance panel and the bench see
 * where catch-up and live ingest spend their time (`sync:pull-wait`: a page not yet off the wire;
 * `sync:apply`: one stored part, from the request to the applier — the apply worker in the console —
 * until it reported the commit).
 *
 * The browser keeps every entry until it is cleared, and a console runs for whole shifts, so the
 * entries are dropped every {@link KEEP} of a name. Observers (a PerformanceObserver) still see each one.
 */
const KEEP = 500;
const counts = new Map<string, number>();

/** Record `name` from `start` (a `performance.now()` reading) to now, with the number of changes. */
export function measureSync(name: 'sync:pull-wait' | 'sync:apply', start: number, changes: number): void {
  if (typeof performance?.measure !== 'function') return;
  performance.measure(name, { start, detail: { changes } });
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n % KEEP);
  if (n >= KEEP) performance.clearMeasures(name);
}
