/**
 * Shortened retry backoff for the model tests.
 *
 * The engine waits 250 ms–45 s (exponential, jittered) before retrying a failed send or catch-up.
 * A thousand faulty runs at real backoff would take many minutes, so the consoles under test pass
 * this as `SyncEngineOptions.retryDelay`: the same jittered curve at 1/100 of the time. Retries
 * still happen only through the engine's own timers, so an engine that forgets to schedule one
 * still leaves work stuck, and the test still sees it.
 */
import { backoffDelay } from '../../../src-renderer/sync/outbox.js';

const SPEED_UP = 100;
let scheduled = 0;

/** How many retries the engines scheduled: proof that the faults really exercised the retry path. */
export function shortenedRetries(): number {
  return scheduled;
}

export function fastRetryDelay(attempts: number): number {
  scheduled += 1;
  return Math.max(1, Math.round(backoffDelay(attempts) / SPEED_UP));
}
