/**
 * The sync engine: keeps the cache in step with the hub and drains the outbox.
 *
 * Poke-then-pull: the hub announces its newest sync id; the engine pulls every change after its
 * stored cursor, page by page, and applies each page with its cursor in one transaction. Nothing
 * is ever pushed into the cache outside that path, so a missed poke only delays, never loses.
 */
import { liveQuery, type Subscription } from 'dexie';
import { z } from 'zod';
import { ChangeSchema, PROTOCOL_VERSION, SnapshotSchema, type User } from '../../src-shared/index.js';
import type { BackfillState, SwitchboardDb } from '../db/database.js';
import { applyChanges, applySnapshot, readCursor, resetSyncedData } from './apply-changes.js';
import { connectHub, request, TransientError, type HubSocket } from './hub-client.js';
import { bootstrapQueue, runBackfill } from './bootstrap.js';
import { backoffDelay, OutboxDrainer } from './outbox.js';
import type { SyncStatus } from './status.js';

const viewerKey = (user: User): string => `${user.role}|${[...user.departments].sort().join(',')}`;

const PullResultSchema = z.object({ changes: z.array(ChangeSchema), cursor: z.number().int().nonnegative(), hasMore: z.boolean() });

export interface SyncEngineOptions {
  hubUrl: string;
  token: string;
  onStatus: (status: SyncStatus) => void;
  onUser?: (user: User) => void;
  log?: (msg: string, error?: unknown) => void;
  /** History download progress, for the progress bar; null once complete. */
  onBackfill?: (state: BackfillState | null) => void;
  /** Opens the socket; tests pass a factory that injects faults (dropped requests and acks). */
  connect?: (hubUrl: string, token: string) => HubSocket;
  /** Wait before retry number `attempts` (outbox sends and the sync after connecting); tests shorten it. */
  retryDelay?: (attempts: number) => number;
  /** How long a request waits for the hub's acknowledgement before it counts as lost. */
  requestTimeoutMs?: number;
}

export class SyncEngine {
  readonly socket: HubSocket;
  readonly #outbox: OutboxDrainer;
  #pulling = false;
  #pullAgain = false;
  #outboxWatch: Subscription | null = null;
  #focusWatch: Subscription | null = null;
  #stopped = false;

  constructor(
    private readonly db: SwitchboardDb,
    private readonly options: SyncEngineOptions,
  ) {
    this.socket = (options.connect ?? connectHub)(options.hubUrl, options.token);
    this.#outbox = new OutboxDrainer(db, this.socket, {
      onError: (e) => this.#log('outbox drain failed', e),
      retryDelay: options.retryDelay,
      timeoutMs: options.requestTimeoutMs,
    });
  }

  #retryDelay(attempts: number): number {
    return (this.options.retryDelay ?? backoffDelay)(attempts);
  }

  #timeout(fallback: number): number {
    return this.options.requestTimeoutMs ?? fallback;
  }

  start(): void {
    const { socket } = this;
    this.options.onStatus({ kind: 'connecting' });
    socket.on('connect', () => {
      this.#connection += 1;
      void this.#onConnect(this.#connection);
    });
    socket.on('disconnect', (reason) => {
      this.#clearSyncRetry();
      if (this.#stopped) return;
      this.options.onStatus({ kind: 'offline', since: new Date().toISOString(), reason });
    });
    socket.on('connect_error', (error) => {
      const data = (error as Error & { data?: { message?: string } }).data;
      if (error.message === 'unauthenticated') {
        this.options.onStatus({ kind: 'signed-out', reason: data?.message ?? 'Please sign in again' });
        this.stop();
        return;
      }
      this.options.onStatus({ kind: 'offline', since: new Date().toISOString(), reason: data?.message ?? error.message });
    });
    socket.on('sync:poke', () => this.pull());
    socket.on('session:revoked', ({ reason }) => {
      this.options.onStatus({ kind: 'signed-out', reason });
      this.stop();
    });
    // Any new pending outbox row — from this tab or another — starts a drain.
    this.#outboxWatch = liveQuery(() => this.db.outbox.where('status').equals('pending').count()).subscribe({
      next: (count) => {
        if (count > 0) this.#outbox.kick();
      },
      error: (e) => this.#log('outbox watch failed', e),
    });
    this.#focusWatch = this.#watchFocus();
    globalThis.addEventListener?.('online', this.#onBrowserOnline);
    socket.connect();
  }

  /** The OS says the network is back: try now instead of waiting out socket.io's backoff. */
  readonly #onBrowserOnline = (): void => {
    if (this.#stopped || this.socket.connected) return;
    this.socket.disconnect();
    this.socket.connect();
  };

  stop(): void {
    globalThis.removeEventListener?.('online', this.#onBrowserOnline);
    this.#stopped = true;
    this.#clearSyncRetry();
    this.#outbox.stop();
    this.#outboxWatch?.unsubscribe();
    this.#focusWatch?.unsubscribe();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  /** Counts connections, so a retry scheduled for a link that has since dropped does nothing. */
  #connection = 0;
  #syncRetry: ReturnType<typeof setTimeout> | null = null;

  #clearSyncRetry(): void {
    if (this.#syncRetry) clearTimeout(this.#syncRetry);
    this.#syncRetry = null;
  }

  /**
   * Handshake and catch-up for one connection, retried with backoff while that connection lasts.
   *
   * Invariant: on a healthy connection nothing stays pending. A lost `hello` or a failed first pull
   * must not leave the outbox idle or the cache behind, so both are retried until they succeed or
   * the link drops (the next connection starts over).
   */
  async #onConnect(connection: number, attempts = 0): Promise<void> {
    const current = (): boolean => connection === this.#connection && this.socket.connected && !this.#stopped;
    let greeted = false;
    try {
      const hello = await request(this.socket, 'hello', { protocolVersion: PROTOCOL_VERSION }, this.#timeout(10_000));
      if (!hello.ok) {
        if (hello.error.code === 'protocol_mismatch') {
          this.options.onStatus({ kind: 'incompatible', message: hello.error.message });
          this.stop();
        } else if (hello.error.code === 'unauthenticated') {
          this.options.onStatus({ kind: 'signed-out', reason: hello.error.message });
          this.stop();
        } else {
          throw new TransientError(`hello refused: ${hello.error.message}`);
        }
        return;
      }
      greeted = true;
      if (!current()) return;
      this.options.onUser?.(hello.data.user);
      this.#me = hello.data.user;
      // Replies do not wait for the catch-up: the hub's stale guard judges them on what they carry.
      this.#outbox.kick();
      if (await this.#viewerChanged(hello.data.user)) await resetSyncedData(this.db);
      if ((await readCursor(this.db)) === 0) await this.#bootstrapQueue();
      await this.#pullNow();
      void this.#backfill();
    } catch (error) {
      if (!(error instanceof TransientError)) this.#log('connect handling failed', error);
      if (!current()) return;
      if (greeted) this.options.onStatus({ kind: 'online' });
      this.#clearSyncRetry();
      this.#syncRetry = setTimeout(() => {
        this.#syncRetry = null;
        if (current()) void this.#onConnect(connection, attempts + 1);
      }, this.#retryDelay(attempts));
    }
  }

  #me: User | null = null;

  /**
   * True when the cache was filled for another role or other departments than the agent has now:
   * what she may see changed wholesale, so the cache is rebuilt rather than patched.
   */
  async #viewerChanged(user: User): Promise<boolean> {
    const row = await this.db.meta.get('viewer');
    return row?.key === 'viewer' && row.value !== viewerKey(user);
  }

  /**
   * First sync: the lean first page (the top of the queue, customers, colleagues; see
   * bootstrap.ts), so the agent can work within seconds. The cursor stored with it was read
   * before the snapshot.
   */
  async #bootstrapQueue(): Promise<void> {
    this.options.onStatus({ kind: 'syncing' });
    this.#backfillGeneration += 1;
    await bootstrapQueue(this.db, this.socket, this.#timeout(60_000));
    if (this.#me) await this.db.meta.put({ key: 'viewer', value: viewerKey(this.#me) });
  }

  /** Fetch the full thread of a conversation cached without it (access just gained, or opened before its page came). */
  async #hydrate(conversationId: string): Promise<void> {
    const ack = await request(this.socket, 'sync:conversation', { conversationId }, this.#timeout(30_000));
    // Gone again or not visible after all: the next pull brings the purge.
    if (!ack.ok) return;
    await applySnapshot(this.db, SnapshotSchema.parse(ack.data), { phase: 'conversation' });
  }

  /**
   * The open conversation's thread, on demand: when the agent opens a conversation whose page has
   * not arrived yet, fetch it now instead of after the rest of the download. `focus` is written
   * by whichever window shows the conversation; this window runs the sync for all of them.
   */
  #watchFocus(): Subscription {
    return liveQuery(async () => {
      const focus = await this.db.meta.get('focus');
      if (focus?.key !== 'focus') return null;
      const conversation = await this.db.conversations.get(focus.value);
      return conversation?.needsHistory ? conversation.id : null;
    }).subscribe({
      next: (id) => {
        if (id && this.socket.connected && !this.#stopped) {
          this.#hydrate(id).catch((e: unknown) => {
            if (!(e instanceof TransientError)) this.#log('thread fetch failed', e);
          });
        }
      },
      error: (e) => this.#log('focus watch failed', e),
    });
  }

  #backfilling = false;
  /** Bumped by every new bootstrap, so a download started for the previous cache stops storing. */
  #backfillGeneration = 0;

  /** Everything after the first page in the background, several pages in flight; resumes from the stored page list. */
  async #backfill(): Promise<void> {
    if (this.#backfilling) return;
    this.#backfilling = true;
    const generation = this.#backfillGeneration;
    try {
      const state = await runBackfill(this.db, this.socket, {
        timeoutMs: this.#timeout(60_000),
        onProgress: (s) => this.options.onBackfill?.(s.complete ? null : s),
        active: () => this.socket.connected && !this.#stopped && generation === this.#backfillGeneration,
      });
      this.options.onBackfill?.(state && !state.complete ? state : null);
    } catch (error) {
      if (!(error instanceof TransientError)) this.#log('history download failed', error);
    } finally {
      this.#backfilling = false;
    }
    // A re-bootstrap while this download ran: start the new one.
    if (generation !== this.#backfillGeneration && this.socket.connected && !this.#stopped) void this.#backfill();
  }

  /** Pull now, or right after the pull in progress (pokes during a pull are coalesced). */
  pull(): void {
    if (this.#pulling) {
      this.#pullAgain = true;
      return;
    }
    const connection = this.#connection;
    void this.#pullNow().catch((error: unknown) => {
      if (!(error instanceof TransientError)) this.#log('pull failed', error);
      // A poke we could not follow is not forgotten: catch up again on this connection.
      if (connection !== this.#connection || this.#syncRetry || !this.socket.connected || this.#stopped) return;
      this.#syncRetry = setTimeout(() => {
        this.#syncRetry = null;
        if (connection === this.#connection) void this.#onConnect(connection, 1);
      }, this.#retryDelay(0));
    });
  }

  async #pullNow(): Promise<void> {
    if (this.#pulling) {
      this.#pullAgain = true;
      return;
    }
    this.#pulling = true;
    this.options.onStatus({ kind: 'syncing' });
    try {
      do {
        this.#pullAgain = false;
        let hasMore = true;
        while (hasMore && this.socket.connected) {
          const cursor = await readCursor(this.db);
          const ack = await request(this.socket, 'sync:pull', { cursor, limit: 1000 }, this.#timeout(30_000));
          if (!ack.ok && ack.error.code === 'cursor_expired') {
            // Offline longer than the hub keeps its log: start over cleanly rather than with a gap.
            await resetSyncedData(this.db);
            await this.#bootstrapQueue();
            void this.#backfill();
            continue;
          }
          if (!ack.ok) throw new Error(`sync:pull refused: ${ack.error.message}`);
          const page = PullResultSchema.parse(ack.data);
          const bare = await applyChanges(this.db, page.changes, page.cursor);
          for (const id of bare) await this.#hydrate(id);
          const me = page.changes.find((c) => c.entity === 'user' && c.data.id === this.#me?.id);
          if (me?.entity === 'user' && viewerKey(me.data) !== viewerKey(this.#me!)) {
            // A lead changed this agent's role or teams: rebuild the cache for what she may see now.
            this.#me = me.data;
            this.options.onUser?.(me.data);
            await resetSyncedData(this.db);
            await this.#bootstrapQueue();
            void this.#backfill();
          }
          hasMore = page.hasMore;
        }
      } while (this.#pullAgain && this.socket.connected);
    } finally {
      this.#pulling = false;
      if (this.socket.connected && !this.#stopped) this.options.onStatus({ kind: 'online' });
    }
  }

  #log(msg: string, error?: unknown): void {
    (this.options.log ?? ((m, e) => console.error(`[sync] ${m}`, e)))(msg, error);
  }
}
