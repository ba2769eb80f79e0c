/**
 * Drains the outbox: consecutive pending rows go out together in one `mutation:batch` request, in
 * sequence order, and the hub answers each row as its single event would.
 *
 * Per row: acknowledged → deleted; refused → parked (`stale` as needs-attention for the agent's
 * review, anything else as failed) without blocking the rows behind it; `unavailable`/`internal`
 * or no answer at all → the drain stops at that row and retries from it with backoff and jitter.
 * The hub stops at the same row (everything after it answers `unavailable`), so no row overtakes
 * one sent before it. A replay after a lost acknowledgement is safe: the hub dedupes by mutation id.
 *
 * Pipelined: while one batch's answers are being written to IndexedDB, the next batch — read
 * ahead from rows not in flight — is already on the wire.
 */
import { MAX_BATCH_MUTATIONS, type Ack, type WireError } from '../../src-shared/index.js';
import type { OutboxRow, OutboxStatus, SwitchboardDb } from '../db/database.js';
import { request, TransientError, type HubSocket } from './hub-client.js';

const MAX_BACKOFF_MS = 30_000;
/** Rows per request: enough to amortise a round trip, few enough to answer well within the timeout. */
export const BATCH_ROWS = Math.min(100, MAX_BATCH_MUTATIONS);
/**
 * Payload characters per request. At up to 3 bytes per character this keeps a batch under the
 * hub's 1 MB socket.io message limit (an oversized message would cost the connection). A single
 * row always fits: a reply body is at most 20,000 characters.
 */
export const BATCH_CHARS = 250_000;

/** Exponential backoff with ±50 % jitter so reconnecting consoles do not retry in lockstep. */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
  return Math.round(base * (0.5 + random()));
}

export interface OutboxDrainerOptions {
  onError?: (error: unknown) => void;
  /** Wait before retry number `attempts`; defaults to {@link backoffDelay}. */
  retryDelay?: ((attempts: number) => number) | undefined;
  /** How long one request waits for its acknowledgement. */
  timeoutMs?: number | undefined;
}

/** What the drain does with one row after the hub's answer. */
type Decision =
  | { kind: 'sent'; row: OutboxRow }
  | { kind: 'parked'; row: OutboxRow; status: Exclude<OutboxStatus, 'pending'>; error: WireError }
  | { kind: 'retry'; row: OutboxRow; error: string };

/** The hub's answer to one row, as the single event's acknowledgement would have been. */
export function decide(row: OutboxRow, ack: Ack<unknown> | undefined): Decision {
  if (ack === undefined) return { kind: 'retry', row, error: 'The hub did not answer this mutation' };
  if (ack.ok) return { kind: 'sent', row };
  switch (ack.error.code) {
    case 'unavailable':
    case 'internal':
    // The session ended: the hub drops the connection and the console signs out. The row stays
    // pending for when the agent signs in again; it was not refused.
    case 'unauthenticated':
      return { kind: 'retry', row, error: ack.error.message };
    case 'stale':
      return { kind: 'parked', row, status: 'needs-attention', error: ack.error };
    default:
      // Parked, not retried: a refusal does not change by sending again.
      return { kind: 'parked', row, status: 'failed', error: ack.error };
  }
}

/** Consecutive rows for one request, within {@link BATCH_ROWS} and {@link BATCH_CHARS}. */
function takeBatch(rows: OutboxRow[]): OutboxRow[] {
  let chars = 0;
  const batch: OutboxRow[] = [];
  for (const row of rows) {
    chars += JSON.stringify(row.payload).length;
    if (batch.length > 0 && (batch.length >= BATCH_ROWS || chars > BATCH_CHARS)) break;
    batch.push(row);
  }
  return batch;
}

export class OutboxDrainer {
  #running = false;
  #again = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: SwitchboardDb,
    private readonly socket: HubSocket,
    private readonly options: OutboxDrainerOptions = {},
  ) {}

  private onError(error: unknown): void {
    this.options.onError?.(error);
  }

  /** Start draining now (idempotent: a drain in progress picks up the new work). */
  kick(): void {
    if (this.#retryTimer) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#drain();
  }

  stop(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      do {
        this.#again = false;
        const retry = await this.#drainPending();
        if (retry) {
          this.#retryTimer = setTimeout(() => this.kick(), (this.options.retryDelay ?? backoffDelay)(retry.attempts));
          return;
        }
      } while (this.#again);
    } catch (error) {
      this.onError(error);
    } finally {
      this.#running = false;
    }
  }

  /**
   * Send every pending row, batch after batch. Returns the row to retry from (as it was before this
   * attempt), or null when the outbox is drained or the connection is gone.
   */
  async #drainPending(): Promise<OutboxRow | null> {
    // Rows read but not yet sent, in seq order; refilled from IndexedDB when used up.
    let ahead: OutboxRow[] = [];
    // The previous batch's answers being written while the next batch is on the wire.
    let writing: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        if (!this.socket.connected) return null;
        if (ahead.length === 0) {
          await writing;
          // Rows already answered are gone or parked once `writing` settled, so this read starts
          // at the first row not yet sent.
          ahead = await this.db.outbox.where('status').equals('pending').limit(BATCH_ROWS * 2).toArray();
          if (ahead.length === 0) return null;
        }
        const batch = takeBatch(ahead);
        ahead = ahead.slice(batch.length);
        const decisions = await this.#send(batch);
        writing = writing.then(() => this.#record(decisions));
        // Awaited before the next read or in `finally`; this only keeps an early failure from
        // being reported as unhandled while the next batch is on the wire.
        writing.catch(() => undefined);
        const retry = decisions.find((d) => d.kind === 'retry');
        if (retry) return retry.row;
      }
    } finally {
      await writing;
    }
  }

  /** One request for `batch`; a lost request or answer means: retry from its first row. */
  async #send(batch: OutboxRow[]): Promise<Decision[]> {
    let ack: Ack<{ results: Ack<unknown>[] }>;
    try {
      ack = await request(
        this.socket,
        'mutation:batch',
        { mutations: batch.map((row) => ({ seq: row.seq!, name: row.name, payload: row.payload })) },
        this.options.timeoutMs,
      );
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      return [{ kind: 'retry', row: batch[0]!, error: error.message }];
    }
    // A refusal of the whole request (the session ended, the envelope was malformed) is each row's answer.
    const answers = ack.ok ? ack.data.results : batch.map(() => ack as Ack<never>);
    const decisions: Decision[] = [];
    for (const [i, row] of batch.entries()) {
      const decision = decide(row, answers[i]);
      decisions.push(decision);
      // The hub did not apply anything after a transient failure; the rest is retried with it.
      if (decision.kind === 'retry') break;
    }
    return decisions;
  }

  /** Write a batch's answers in one transaction (strict durability: it touches the outbox). */
  async #record(decisions: Decision[]): Promise<void> {
    await this.db.transaction('rw', [this.db.outbox, this.db.messages, this.db.callbacks], async () => {
      const sent = decisions.filter((d) => d.kind === 'sent').map((d) => d.row);
      await this.db.outbox.bulkDelete(sent.map((row) => row.seq!));
      // The hub's copy arrives with the next pull; until then the row shows as sent.
      const sentMessages = sent.flatMap((row) => (row.messageId ? [row.messageId] : []));
      if (sentMessages.length > 0) {
        await this.db.messages.bulkUpdate(sentMessages.map((key) => ({ key, changes: { localState: undefined } })));
      }
      const sentCallbacks = sent.flatMap((row) => (row.callbackId ? [row.callbackId] : []));
      if (sentCallbacks.length > 0) {
        await this.db.callbacks.bulkUpdate(sentCallbacks.map((key) => ({ key, changes: { localState: undefined, localError: undefined, localErrorReason: undefined } })));
      }
      for (const d of decisions) {
        if (d.kind === 'parked') {
          // The reason is kept as the hub sent it: the row is worded when shown, in the language of the moment.
          const reason = d.error.reason;
          await this.db.outbox.update(d.row.seq!, { status: d.status, attempts: d.row.attempts + 1, lastError: d.error.message, lastErrorReason: reason });
          if (d.row.messageId) await this.db.messages.update(d.row.messageId, { localState: d.status, localError: d.error.message, localErrorReason: reason });
          if (d.row.callbackId) await this.db.callbacks.update(d.row.callbackId, { localState: d.status, localError: d.error.message, localErrorReason: reason });
        } else if (d.kind === 'retry') {
          await this.db.outbox.update(d.row.seq!, { attempts: d.row.attempts + 1, lastError: d.error });
        }
      }
    });
  }
}
