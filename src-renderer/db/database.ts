/**
 * The console's IndexedDB cache — its source of truth for everything it shows.
 *
 * Schema versions are kept forever: add `this.version(n + 1)` with a named upgrade, never edit an
 * old one (a console that skipped releases still has to upgrade step by step).
 */
import Dexie, { type DBCore, type EntityTable, type Middleware, type Transaction } from 'dexie';
import type { Callback, CannedResponse, Consent, ConversationEvent, Customer, Identity, MergeRecord, Message, MutationName, Reward, TelephonySettingsView, User, WireReason } from '../../src-shared/index.js';
import { queueFieldsOf, queueKeyOf, UNASSIGNED, type CachedConversation } from './queue-keys.js';

/**
 * Delivery state of a message written on this console; absent once the hub's copy is stored.
 * `needs-attention`: the stale-send guard held it back until the agent reviews what changed.
 */
export type LocalMessageState = 'pending' | 'failed' | 'needs-attention';

export interface CachedMessage extends Message {
  localState?: LocalMessageState;
  /** The hub's refusal: its English message, and its reason for the agent's language (hub-error-text.ts). */
  localError?: string;
  localErrorReason?: WireReason;
}

export type OutboxStatus = 'pending' | 'failed' | 'needs-attention';

export interface OutboxRow {
  /** Increasing per console: the drain order. */
  seq?: number;
  mutationId: string;
  name: MutationName;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** The reason of the hub's last refusal (not indexed: no schema version needed). */
  lastErrorReason?: WireReason;
  createdAt: string;
  /** Local rows this mutation created, to mark failed when the hub rejects it. */
  messageId?: string;
  /** The callback this mutation created or changed (switch to phone), likewise. */
  callbackId?: string;
}

/** A callback as cached; `localState` while the console's own change has not reached the hub. */
export interface CachedCallback extends Callback {
  localState?: LocalMessageState;
  localError?: string;
  localErrorReason?: WireReason;
}

/**
 * Progress of the background download that follows the first (queue) page: the pages of the hub's
 * plan still to fetch, in order, so a restart resumes with the first page not yet stored. `pages`
 * is null until the plan is fetched (also for a state stored by an older console, whose resume
 * token no longer exists: it fetches a new plan, and pages seen twice are harmless).
 */
export interface BackfillState {
  pages: string[] | null;
  /** Conversations stored so far and in all, for the progress bar. */
  done: number;
  total: number;
  complete: boolean;
}

/**
 * A colleague's `@mention` of a user in an internal note (see features/mentions). Derived from the
 * notes' `channelMeta.mentions` as they are stored; `read` is this console's own state (0 or 1, so
 * it can be indexed).
 */
export interface CachedMention {
  /** `${messageId}:${userId}` */
  id: string;
  userId: string;
  messageId: string;
  conversationId: string;
  authorId: string | null;
  createdAt: string;
  read: 0 | 1;
}

/**
 * What the search index must look at again (features/search): written in the same transaction as
 * the cache change, so the index can never miss one, even when the window closes before it ran.
 */
export interface SearchQueueRow {
  seq?: number;
  /** Messages stored or changed: indexed in their current state, or removed when gone. */
  messageIds?: string[];
  /** Conversations purged with their messages. */
  conversationIds?: string[];
  /** The synced cache was reset: the index starts over. */
  reset?: true;
}

/** A conversation purged from the cache at change `syncId` (see sync/purged.ts). */
export interface PurgedConversation {
  id: string;
  syncId: number;
  /** Date.now() when stored. */
  at: number;
}

export type MetaRow =
  | { key: 'cursor'; value: number }
  | { key: 'clientId'; value: string }
  | { key: 'backfill'; value: BackfillState }
  /** Role and departments the cache was filled for; when they change, the cache is rebuilt. */
  | { key: 'viewer'; value: string }
  /** The conversation an agent has open, so the sync runner (maybe another window) fetches its thread if missing. */
  | { key: 'focus'; value: string }
  /** The hub's telephony settings as last fetched, so callbacks can be scheduled offline. */
  | { key: 'telephony'; value: TelephonySettingsView };

export class SwitchboardDb extends Dexie {
  conversations!: EntityTable<CachedConversation, 'id'>;
  messages!: EntityTable<CachedMessage, 'id'>;
  customers!: EntityTable<Customer, 'id'>;
  identities!: EntityTable<Identity, 'id'>;
  users!: EntityTable<User, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  purged!: EntityTable<PurgedConversation, 'id'>;
  callbacks!: EntityTable<CachedCallback, 'id'>;
  consents!: EntityTable<Consent, 'id'>;
  rewards!: EntityTable<Reward, 'id'>;
  merges!: EntityTable<MergeRecord, 'id'>;
  mentions!: EntityTable<CachedMention, 'id'>;
  canned!: EntityTable<CannedResponse, 'id'>;
  searchQueue!: EntityTable<SearchQueueRow, 'seq'>;
  conversationEvents!: EntityTable<ConversationEvent, 'id'>;

  constructor(name: string) {
    super(name);
    this.use(durabilityByStore);
    // v1: the first cached schema — queue (by status and recency), threads, customers, outbox.
    this.version(1).stores({
      conversations: 'id, status, assigneeId, lastMessageAt, customerId',
      messages: 'id, [conversationId+createdAt]',
      customers: 'id',
      identities: 'id, customerId',
      users: 'id',
      outbox: '++seq, &mutationId, status',
      meta: 'key',
    });
    // v2: the queue is read through an index in queue order ([status+queueKey]) and per assignee
    // ([assigneeKey+status+queueKey]) instead of loading every conversation — needed at 50,000 rows.
    this.version(2)
      .stores({
        conversations: 'id, status, assigneeId, lastMessageAt, customerId, [status+queueKey], [assigneeKey+status+queueKey]',
      })
      .upgrade(addQueueKeys);
    // v3: lean conversation indexes. Every cached conversation write updated five single-field
    // indexes the console never reads (the queue goes through the compound queue indexes); at
    // catch-up and live-ingest rates each is a B-tree write per change. `customerId` stays for
    // the customer view. Dropping indexes needs no data migration: Dexie deletes them.
    this.version(3)
      .stores({
        conversations: 'id, customerId, [status+queueKey], [assigneeKey+status+queueKey]',
      })
      .upgrade(dropUnreadConversationIndexes);
    // v4: tombstones of purged conversations (see sync/purged.ts), so a snapshot read before a
    // purge cannot bring the conversation back; `at` for dropping old ones. A new table: nothing
    // to migrate.
    this.version(4).stores({
      purged: 'id, at',
    });
    // v10: callbacks (switch to phone), a queue of their own ordered by due time, and per thread.
    // A new table: nothing to migrate.
    this.version(10).stores({
      callbacks: 'id, conversationId, [status+dueAt]',
    });
    // v20: Customer 360 — consents, rewards and merge records per customer (the panel reads them by
    // customerId; the unmerge button by survivorId). New tables: nothing to migrate.
    this.version(20).stores({
      consents: 'id, customerId',
      rewards: 'id, customerId',
      merges: 'id, survivorId',
    });
    // v60: @mentions in internal notes, per mentioned user and read state (the badge counts
    // [userId+read]), newest first by createdAt. A new table, filled as notes arrive: nothing to migrate.
    // Canned responses (shared, cached so they work offline), listed by title.
    this.version(60).stores({
      mentions: 'id, [userId+read], [userId+createdAt], conversationId',
      canned: 'id, title',
    });
    // v70: queue views, filters and sorts (features/queue). The queue is read through indexes on
    // the derived lane (open / snoozed / closed) in queue order or waiting order, for everyone or per
    // assignee; each index ends with the facets string, so a channel / department / tag filter reads
    // index keys only. The old [status+…] indexes are replaced (status alone cannot hide a snooze).
    // `snoozedUntil` (sparse: only snoozed rows have it) lets the console wake snoozes by its clock.
    this.version(70)
      .stores({
        conversations:
          'id, customerId, snoozedUntil, [lane+queueKey+facets], [assigneeKey+lane+queueKey+facets], [lane+waitKey+facets], [assigneeKey+lane+waitKey+facets]',
      })
      .upgrade(addQueueLanes);
    // v80: conversations' system events (assigned, transferred, closed…) for the thread, by
    // conversation in time order. A new table: nothing to migrate (history arrives with threads).
    this.version(80).stores({
      conversationEvents: 'id, [conversationId+createdAt]',
    });
    // v90: the offline search's work queue (features/search/queue.ts), read by the search worker
    // in seq order. A new table: nothing to migrate (the worker indexes an existing cache by
    // scanning it once).
    this.version(90).stores({
      searchQueue: '++seq',
    });
  }
}

/**
 * Per-transaction durability (Chromium's `durability` transaction option).
 *
 * Dexie's `chromeTransactionDurability` is a per-database option, so it is decided here, in a
 * DBCore middleware that sees each transaction's stores: a read-write transaction touching the
 * outbox (a reply and its outbox row, a drain step) is `strict` — flushed to disk before it
 * reports completion, because an agent's unsent work exists nowhere else. Everything else is the
 * synced cache, written `relaxed`: the cursor is committed atomically with the rows either way, so
 * a power loss can only roll the cache back to an earlier cursor, and the next pull refills it.
 * Relaxed commits skip an fsync per transaction, which is what lets catch-up and live ingest
 * write at hundreds of changes per second.
 */
export const durabilityByStore: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'durabilityByStore',
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) =>
      down.transaction(stores, mode, { ...options, durability: mode === 'readwrite' && stores.includes('outbox') ? 'strict' : 'relaxed' }),
  }),
};

/** v2 → v3: only indexes were dropped (see the schema comment); the rows stay as they are. */
export async function dropUnreadConversationIndexes(): Promise<void> {
  // Nothing to rewrite: named so the upgrade path is explicit and tested.
}

/** v60 → v70: derive lane, waiting order and facets of every cached conversation (indexes need them). */
export async function addQueueLanes(tx: Transaction): Promise<void> {
  await tx
    .table('conversations')
    .toCollection()
    .modify((c: CachedConversation) => {
      Object.assign(c, queueFieldsOf(c));
    });
}

/** v1 → v2: derive the queue keys of every cached conversation. */
export async function addQueueKeys(tx: Transaction): Promise<void> {
  await tx
    .table('conversations')
    .toCollection()
    .modify((c: CachedConversation) => {
      c.queueKey = queueKeyOf(c);
      c.assigneeKey = c.assigneeId ?? UNASSIGNED;
    });
}

/** One database per hub and user, so two accounts on one machine never see each other's cache. */
export function databaseName(hubUrl: string, userId: string): string {
  return `switchboard:${new URL(hubUrl).host}:${userId}`;
}
