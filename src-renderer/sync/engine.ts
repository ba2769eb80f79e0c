/**
 * The sync engine: keeps the cache in step with the hub and drains the outbox.
 *
 * Poke-then-pull: the hub announces its newest sync id; the engine pulls every change after its
 * stored cursor, page by page, and applies each page with its cursor in one transaction. Nothing
 * is ever pushed into the cache outside that path, so a missed poke only delays, never loses.
 */
import { liveQuery, type Subscription } from 'dexie';
import { PROTOCOL_VERSION, SnapshotSchema, SyncPokeSchema, type User, type WireReason } from '../../src-shared/index.js';
import type { BackfillState, SwitchboardDb } from '../db/database.js';
import { readCursor } from './apply-changes.js';
import { connectHub, request, TransientError, type HubSocket } from './hub-client.js';
import { bootstrapQueue, runBackfill } from './bootstrap.js';
import { forwardEphemeral } from './ephemeral.js';
import { refreshTelephonySettings } from '../features/phone/settings-cache.js';
import { backoffDelay, OutboxDrainer } from './outbox.js';
import { APPLY_CHUNK, CursorExpiredError, PULL_PAGE_SIZE, PullResultSchema, pullToHead, splitPage, type ChangePage } from './pull.js';
import type { SyncStatus } from './status.js';
import { CatchUpAnnouncer } from './catch-up-signal.js';
import { measureSync } from './timings.js';
import { localApplier, type SyncApplier } from './applier.js';

const viewerKey = (user: User): string => `${user.role}|${[...user.departments].sort().join(',')}`;

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
  /** Where synced data is written; in this thread by default (the console passes its apply worker). */
  applier?: (db: SwitchboardDb, log: (msg: string, error?: unknown) => void) => SyncApplier;
}

export class SyncEngine {
  readonly socket: HubSocket;
  readonly #outbox: OutboxDrainer;
  /** Pauses the search indexer while a pull catches up (see catch-up-signal.ts). */
  readonly #catchUp: CatchUpAnnouncer;
  #pulling = false;
  #pullAgain = false;
  #outboxWatch: Subscription | null = null;
  #focusWatch: Subscription | null = null;
  #stopped = false;
  /** Every write of synced data goes through it (in this thread or the apply worker, see applier.ts). */
  readonly #applier: SyncApplier;

  constructor(
    private readonly db: SwitchboardDb,
    private readonly options: SyncEngineOptions,
  ) {
    this.socket = (options.connect ?? connectHub)(options.hubUrl, options.token);
    this.#catchUp = new CatchUpAnnouncer(db.name);
    this.#applier = (options.applier ?? localApplier)(db, (msg, error) => this.#log(msg, error));
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
      const data = (error as Error & { data?: { message?: string; reason?: WireReason } }).data;
      if (error.message === 'unauthenticated') {
        // The reason is checked where it is worded (status.ts → hub-error-text.ts).
        this.options.onStatus({ kind: 'signed-out', reason: data?.message ?? 'Please sign in again', ...(data?.reason ? { hubReason: data.reason } : {}) });
        this.stop();
        return;
      }
      this.options.onStatus({ kind: 'offline', since: new Date().toISOString(), reason: data?.message ?? error.message });
    });
    socket.on('sync:poke', (payload) => this.#onPoke(payload));
    socket.on('session:revoked', ({ reason, hubReason }) => {
      this.options.onStatus({ kind: 'signed-out', reason, ...(hubReason ? { hubReason } : {}) });
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
    this.#stopEphemeral = forwardEphemeral(this.db.name, socket);
    globalThis.addEventListener?.('online', this.#onBrowserOnline);
    globalThis.addEventListener?.('offline', this.#onBrowserOffline);
    socket.connect();
  }

  #stopEphemeral: () => void = () => undefined;

  /**
   * The OS says the network is gone: drop the link now. Chromium keeps an open WebSocket to a
   * loopback or LAN hub alive through a lost network (seen with Chromium 156), and the heartbeat
   * would notice only after its timeout. `#onBrowserOnline` reconnects.
   */
  readonly #onBrowserOffline = (): void => {
    if (this.#stopped || !this.socket.connected) return;
    this.socket.disconnect();
  };

  /** The OS says the network is back: try now instead of waiting out socket.io's backoff. */
  readonly #onBrowserOnline = (): void => {
    if (this.#stopped || this.socket.connected) return;
    this.socket.disconnect();
    this.socket.connect();
  };

  stop(): void {
    globalThis.removeEventListener?.('online', this.#onBrowserOnline);
    globalThis.removeEventListener?.('offline', this.#onBrowserOffline);
    this.#stopped = true;
    this.#clearSyncRetry();
    this.#outbox.stop();
    this.#outboxWatch?.unsubscribe();
    this.#focusWatch?.unsubscribe();
    this.#stopEphemeral();
    this.#catchUp.close();
    this.#applier.close();
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
          this.options.onStatus({ kind: 'incompatible', message: hello.error.message, ...(hello.error.reason ? { hubReason: hello.error.reason } : {}) });
          this.stop();
        } else if (hello.error.code === 'unauthenticated') {
          this.options.onStatus({ kind: 'signed-out', reason: hello.error.message, ...(hello.error.reason ? { hubReason: hello.error.reason } : {}) });
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
      this.#announced = Math.max(this.#announced, hello.data.head);
      // Replies do not wait for the catch-up: the hub's stale guard judges them on what they carry.
      this.#outbox.kick();
      // Service hours for scheduling callbacks, kept for offline use; a miss keeps the stored copy.
      void refreshTelephonySettings(this.db, this.socket);
      if (await this.#viewerChanged(hello.data.user)) await this.#applier.reset();
      if ((await readCursor(this.db)) === 0) await this.#bootstrapQueue();
      await this.#pullNow();
      void this.#backfill();
      // A thread opened while offline or before this connection's bootstrap.
      this.#fetchFocused();
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
    await bootstrapQueue(this.db, this.socket, this.#timeout(60_000), (read, progress) => this.#applier.snapshot(read, progress));
    if (this.#me) await this.db.meta.put({ key: 'viewer', value: viewerKey(this.#me) });
  }

  /** Fetch the full thread of a conversation cached without it (access just gained, or opened before its page came). */
  async #hydrate(conversationId: string): Promise<void> {
    const ack = await request(this.socket, 'sync:conversation', { conversationId }, this.#timeout(30_000));
    // Gone again or not visible after all: the next pull brings the purge.
    if (!ack.ok) return;
    await this.#applier.snapshot(SnapshotSchema.parse(ack.data), { phase: 'conversation' });
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
        this.#focusLacking = id;
        this.#fetchFocused();
      },
      error: (e) => this.#log('focus watch failed', e),
    });
  }

  /** The open conversation still lacking its thread, if any (retried after reconnecting). */
  #focusLacking: string | null = null;

  #fetchFocused(): void {
    const id = this.#focusLacking;
    if (!id || !this.socket.connected || this.#stopped) return;
    this.#hydrate(id).catch((e: unknown) => {
      if (!(e instanceof TransientError)) this.#log('thread fetch failed', e);
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
        store: (read, progress) => this.#applier.snapshot(read, progress),
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
      // The round in progress goes again and pulls if the announced head is still ahead.
      this.#pullAgain = true;
      this.#pokeRound = false;
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

  /** Inline poke batches waiting to be applied, by the cursor they continue. */
  readonly #inline = new Map<number, ChangePage>();
  /** The newest head a poke announced: a pull is needed only while the cursor is behind it. */
  #announced = 0;

  /**
   * A poke: remember its batch and head, then apply or pull. An invalid payload is ignored (and
   * logged): the next pull brings the same changes through the validated path.
   */
  #onPoke(payload: unknown): void {
    const poke = SyncPokeSchema.safeParse(payload);
    if (!poke.success) {
      this.#log('ignored an invalid sync:poke', poke.error);
      this.#forcePull = true;
    } else {
      this.#announced = Math.max(this.#announced, poke.data.head);
      const { batch } = poke.data;
      // Bounded: a console that stopped applying (a slow pull) falls back to pulling.
      if (batch && this.#inline.size < 256) this.#inline.set(batch.from, { from: batch.from, changes: batch.changes, cursor: poke.data.head, hasMore: false });
    }
    this.#pokeRound = true;
    this.pull();
  }

  /** Set by pokes: such a round pulls only when the inline batches did not reach the announced head. */
  #pokeRound = false;
  /** A poke could not be read: pull whatever it announced. */
  #forcePull = false;

  /** True while this engine shows "syncing" for a catch-up; the round that ends it shows "online". */
  #syncingShown = false;

  async #pullNow(): Promise<void> {
    // A poke round that inline batches settle never shows "syncing": that would flicker at live rates.
    const pokeOnly = this.#pokeRound;
    this.#pokeRound = false;
    if (!pokeOnly) {
      this.#syncingShown = true;
      this.options.onStatus({ kind: 'syncing' });
    }
    if (this.#pulling) {
      this.#pullAgain = true;
      if (!pokeOnly) this.#forcePull = true;
      return;
    }
    this.#pulling = true;
    let mustPull = !pokeOnly;
    try {
      do {
        this.#pullAgain = false;
        const cursor = await this.#applyInline();
        if (mustPull || this.#forcePull || cursor < this.#announced) {
          mustPull = false;
          this.#forcePull = false;
          await this.#pullToHead();
          await this.#applyInline();
        }
      } while (this.#pullAgain && this.socket.connected && !this.#stopped);
    } finally {
      this.#pulling = false;
      if (this.#syncingShown && this.socket.connected && !this.#stopped) {
        this.#syncingShown = false;
        this.options.onStatus({ kind: 'online' });
      }
    }
  }

  /**
   * Apply the inline batches that continue the stored cursor, chained into one transaction (pokes
   * that arrived while the previous write ran are stored together). Returns the cursor after.
   */
  async #applyInline(): Promise<number> {
    for (;;) {
      const cursor = await readCursor(this.db);
      for (const from of this.#inline.keys()) if (from < cursor) this.#inline.delete(from);
      let page = this.#inline.get(cursor);
      if (!page) return cursor;
      this.#inline.delete(cursor);
      for (let next = this.#inline.get(page.cursor); next && page.changes.length < 5000; next = this.#inline.get(page.cursor)) {
        this.#inline.delete(next.from);
        page = { from: page.from, changes: [...page.changes, ...next.changes], cursor: next.cursor, hasMore: false };
      }
      if ((await this.#applyPage(page)) === 'stop') return readCursor(this.db);
    }
  }

  /** Catch up with `sync:pull`, one page ahead (see pull.ts); a cursor the hub pruned rebuilds the cache. */
  async #pullToHead(): Promise<void> {
    for (;;) {
      try {
        await pullToHead({
          fetch: (cursor) => this.#fetchPage(cursor),
          apply: (page) => {
            // Only a pull that brings pages pauses the indexer: a live poke round stays out of it.
            if (page.hasMore || page.changes.length >= PULL_PAGE_SIZE / 2) this.#catchUp.renew();
            return this.#applyPage(page);
          },
          readCursor: () => readCursor(this.db),
          active: () => this.socket.connected && !this.#stopped,
        });
        this.#catchUp.end();
        return;
      } catch (error) {
        this.#catchUp.end();
        if (!(error instanceof CursorExpiredError)) throw error;
        // Offline longer than the hub keeps its log: start over cleanly rather than with a gap.
        this.#inline.clear();
        this.#syncingShown = true;
        await this.#applier.reset();
        await this.#bootstrapQueue();
        void this.#backfill();
      }
    }
  }

  async #fetchPage(cursor: number): Promise<ChangePage> {
    const ack = await request(this.socket, 'sync:pull', { cursor, limit: PULL_PAGE_SIZE }, this.#timeout(30_000));
    if (!ack.ok && ack.error.code === 'cursor_expired') throw new CursorExpiredError(ack.error.message);
    if (!ack.ok) throw new Error(`sync:pull refused: ${ack.error.message}`);
    return { from: cursor, ...PullResultSchema.parse(ack.data) };
  }

  /**
   * Store one contiguous page (pulled or inline), then act on it: fetch the history of
   * conversations that arrived without it, and rebuild the cache when this agent's access changed.
   */
  async #applyPage(page: ChangePage): Promise<'applied' | 'not-contiguous' | 'stop'> {
    const bare = new Set<string>();
    const parts = splitPage(page, APPLY_CHUNK);
    for (const [i, part] of parts.entries()) {
      // Between parts: let input and rendering (and the agent's reads) run.
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      const applyStart = performance.now();
      const outcome = await this.#applier.changes(part.changes, part.cursor, part.from);
      measureSync('sync:apply', applyStart, part.changes.length);
      if (outcome.kind === 'not-contiguous') return outcome.kind;
      for (const id of outcome.bare) bare.add(id);
    }
    for (const id of bare) await this.#hydrate(id);
    const me = page.changes.findLast((c) => c.entity === 'user' && c.data.id === this.#me?.id);
    if (me?.entity === 'user' && viewerKey(me.data) !== viewerKey(this.#me!)) {
      // A lead changed this agent's role or teams: rebuild the cache for what she may see now.
      this.#me = me.data;
      this.options.onUser?.(me.data);
      this.#inline.clear();
      this.#syncingShown = true;
      await this.#applier.reset();
      await this.#bootstrapQueue();
      void this.#backfill();
      this.#pullAgain = true;
      this.#forcePull = true;
      return 'stop';
    }
    return 'applied';
  }

  #log(msg: string, error?: unknown): void {
    (this.options.log ?? ((m, e) => console.error(`[sync] ${m}`, e)))(msg, error);
  }
}
