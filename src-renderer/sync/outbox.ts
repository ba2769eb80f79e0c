/**
 * Drains the outbox: one mutation at a time, in sequence order, each retried with backoff and
 * jitter until the hub answers. A mutation the hub rejects is parked as failed (and its message
 * marked failed) without blocking the ones behind it.
 */
import type { Ack } from '../../src-shared/index.js';
import type { OutboxRow, SwitchboardDb } from '../db/database.js';
import { request, TransientError, type HubSocket } from './hub-client.js';

const MAX_BACKOFF_MS = 30_000;

/** Exponential backoff with ±50 % jitter so reconnecting consoles do not retry in lockstep. */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
  return Math.round(base * (0.5 + random()));
}

export interface OutboxDrainerOptions {
  onError?: (error: unknown) => void;
  /** Wait before retry number `attempts`; defaults to {@link backoffDelay}. */
  retryDelay?: ((attempts: number) => number) | undefined;
  /** How long one send waits for its acknowledgement. */
  timeoutMs?: number | undefined;
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
        for (;;) {
          if (!this.socket.connected) return;
          const row = await this.db.outbox.where('status').equals('pending').first();
          if (!row) break;
          const outcome = await this.#sendOne(row);
          if (outcome === 'retry') {
            this.#retryTimer = setTimeout(() => this.kick(), (this.options.retryDelay ?? backoffDelay)(row.attempts));
            return;
          }
        }
      } while (this.#again);
    } catch (error) {
      this.onError(error);
    } finally {
      this.#running = false;
    }
  }

  async #sendOne(row: OutboxRow): Promise<'done' | 'retry'> {
    let ack: Ack<unknown>;
    try {
      ack = await request(this.socket, row.name, row.payload as never, this.options.timeoutMs);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      await this.db.outbox.update(row.seq!, { attempts: row.attempts + 1, lastError: error.message });
      return 'retry';
    }
    if (ack.ok) {
      await this.db.transaction('rw', [this.db.outbox, this.db.messages], async () => {
        await this.db.outbox.delete(row.seq!);
        // The hub's copy arrives with the next pull; until then the row shows as sent.
        if (row.messageId) await this.db.messages.update(row.messageId, { localState: undefined });
      });
      return 'done';
    }
    if (ack.error.code === 'unavailable' || ack.error.code === 'internal') {
      await this.db.outbox.update(row.seq!, { attempts: row.attempts + 1, lastError: ack.error.message });
      return 'retry';
    }
    // Parked, not retried: `stale` waits for the agent's review, anything else is a refusal.
    const parked = ack.error.code === 'stale' ? 'needs-attention' : 'failed';
    await this.db.transaction('rw', [this.db.outbox, this.db.messages], async () => {
      await this.db.outbox.update(row.seq!, { status: parked, attempts: row.attempts + 1, lastError: ack.error.message });
      if (row.messageId) await this.db.messages.update(row.messageId, { localState: parked, localError: ack.error.message });
    });
    return 'done';
  }
}
