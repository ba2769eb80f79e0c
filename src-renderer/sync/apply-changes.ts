/**
 * Applies a page of hub changes to the cache.
 *
 * The rows and the new cursor are written in one transaction: after a crash the cache either has
 * both or neither, so the next pull resumes exactly where the stored cursor says.
 */
import { Dexie } from 'dexie';
import type { Callback, Change, Conversation, Snapshot } from '../../src-shared/index.js';
import type { BackfillState, SwitchboardDb } from '../db/database.js';
import { withQueueKeys, type CachedConversation } from '../db/queue-keys.js';
import { applyCustomer360, applyCustomerSnapshot, clearCustomer360, customerTables } from './customer-changes.js';
import { recordPurges, withoutPurgedSince } from './purged.js';
import { recordMentions } from '../features/mentions/record-mentions.js';
import { applyCanned } from '../features/canned/apply-canned.js';
import { queueForSearch } from '../features/search/queue.js';
import type { KnownConversation, KnownConversations } from './known-conversations.js';

/** What applying one page did. */
export type ApplyOutcome =
  /** Stored with its cursor; `bare` are conversations that need their history fetched. */
  | { kind: 'applied'; bare: string[] }
  /** Not stored: the page does not start at the stored cursor (late, duplicate or ahead of a gap). */
  | { kind: 'not-contiguous'; stored: number };

/**
 * Apply one page of changes and its cursor in one transaction.
 *
 * `from` is the cursor the page was read after. When given, the page is applied only if the stored
 * cursor is exactly `from`: a page that starts elsewhere (a late answer after a reconnect, an
 * inline poke batch that skipped a change, a page fetched ahead that lost its predecessor) is
 * refused, so the cache can never skip a change. Without `from`, only pages older than the stored
 * cursor are refused.
 *
 * Fast path (pages of thousands of changes): rows are grouped per entity and written with one bulk
 * call each; conversations are read back with one `bulkGet` for the version guard and to find the
 * ones that need history, instead of one index query per conversation. With `known` (the sync
 * runner's memory of what it stored, see known-conversations.ts) only conversations it does not
 * know are read back, and it learns what this page stored once the transaction committed.
 */
export async function applyChanges(db: SwitchboardDb, changes: Change[], cursor: number, from?: number, known?: KnownConversations): Promise<ApplyOutcome> {
  const learned: [string, KnownConversation][] = [];
  const purged: string[] = [];
  const outcome = await db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta, db.callbacks, db.purged, db.mentions, db.canned, db.searchQueue, db.conversationEvents, ...customerTables(db)], async () => {
    const row = await db.meta.get('cursor');
    const stored = row?.key === 'cursor' ? row.value : 0;
    if (from !== undefined ? stored !== from : stored >= cursor && changes.length > 0) return { kind: 'not-contiguous', stored } as const;
    // Later entries of the same row win. A purge and a conversation change share one key, so
    // whichever came last decides (access lost, then regained, ends visible).
    const latest = new Map<string, Change>();
    const purgedInPage = new Set<string>();
    const withMessage = new Set<string>();
    for (const change of changes) {
      if (change.entity === 'purge') purgedInPage.add(change.data.id);
      else if (change.entity === 'message') withMessage.add(change.data.conversationId);
      const table = change.entity === 'purge' ? 'conversation' : change.entity;
      latest.set(`${table}:${change.data.id}`, change);
    }
    const byEntity = { conversation: [], message: [], customer: [], identity: [], user: [], purge: [], callback: [], consent: [], reward: [], merge: [], 'identity-removed': [], canned: [], 'conversation-event': [] } as unknown as {
      [K in Change['entity']]: Extract<Change, { entity: K }>['data'][];
    };
    for (const change of latest.values()) (byEntity[change.entity] as unknown[]).push(change.data);
    await recordPurges(db, latest.values());
    if (byEntity.purge.length) await purgeConversations(db, byEntity.purge.map((p) => p.id));
    purged.push(...byEntity.purge.map((p) => p.id));
    const bare = byEntity.conversation.length ? await putChangedConversations(db, byEntity.conversation, purgedInPage, withMessage, known, learned) : [];
    // The hub's copy replaces an optimistic one, which clears its pending state.
    if (byEntity.message.length) await db.messages.bulkPut(byEntity.message);
    await recordMentions(db, byEntity.message);
    if (byEntity.customer.length) await db.customers.bulkPut(byEntity.customer);
    if (byEntity.identity.length) await db.identities.bulkPut(byEntity.identity);
    if (byEntity.user.length) await db.users.bulkPut(byEntity.user);
    await applyCustomer360(db, { ...byEntity, customerIds: byEntity.customer });
    // The hub's copy of a callback replaces the optimistic one (and its pending state).
    if (byEntity.callback.length) await db.callbacks.bulkPut(byEntity.callback);
    if (byEntity.canned.length) await applyCanned(db, byEntity.canned);
    if (byEntity['conversation-event'].length) await db.conversationEvents.bulkPut(byEntity['conversation-event']);
    await queueForSearch(db, { messageIds: byEntity.message.map((m) => m.id), conversationIds: byEntity.purge.map((p) => p.id) });
    await db.meta.put({ key: 'cursor', value: cursor });
    return { kind: 'applied', bare } as const;
  });
  // Committed: now (and only now) what this page stored is known.
  known?.forget(purged);
  known?.remember(learned);
  return outcome;
}

/**
 * Store changed conversations and return those that need their history fetched.
 *
 * Version guard: the hub bumps a conversation's version on every change, so an equal version is
 * the same state and is skipped, and an older one never replaces a newer one.
 *
 * A conversation needs its history when it enters the cache without it: it was not cached (this
 * agent just gained access) and the page brings none of its messages, or it was purged earlier in
 * this same page (messages written while it was out of view were filtered out). The flag
 * `needsHistory` is stored with the row, so a history fetch that fails is retried the next time
 * the conversation changes; the snapshot that brings the history replaces the row and clears it.
 *
 * `known` answers for conversations stored before; only the others are read. `learned` collects
 * the state stored now, for the caller to remember after the commit.
 */
async function putChangedConversations(
  db: SwitchboardDb,
  incoming: Conversation[],
  purgedInPage: ReadonlySet<string>,
  withMessage: ReadonlySet<string>,
  known: KnownConversations | undefined,
  learned: [string, KnownConversation][],
): Promise<string[]> {
  const existing = await readCachedStates(db, incoming, known);
  const rows: CachedConversation[] = [];
  const bare: string[] = [];
  incoming.forEach((c, i) => {
    const cached = purgedInPage.has(c.id) ? undefined : existing[i];
    const needsHistory = purgedInPage.has(c.id) || (cached ? cached.needsHistory : !withMessage.has(c.id));
    if (needsHistory) bare.push(c.id);
    if (cached && cached.version >= c.version) {
      learned.push([c.id, cached]);
      return;
    }
    learned.push([c.id, { version: c.version, needsHistory }]);
    rows.push(needsHistory ? { ...withQueueKeys(c), needsHistory: true } : withQueueKeys(c));
  });
  if (rows.length) await db.conversations.bulkPut(rows);
  return bare;
}

/** Version and history mark of each conversation as cached (undefined: not cached), reading only what `known` lacks. */
async function readCachedStates(db: SwitchboardDb, incoming: Conversation[], known: KnownConversations | undefined): Promise<(KnownConversation | undefined)[]> {
  const states = incoming.map((c) => known?.get(c.id));
  const missing = incoming.filter((_, i) => states[i] === undefined);
  if (missing.length === 0) return states;
  const read = await db.conversations.bulkGet(missing.map((c) => c.id));
  let next = 0;
  return states.map((state) => {
    if (state) return state;
    const row = read[next++];
    return row ? { version: row.version, needsHistory: row.needsHistory === true } : undefined;
  });
}

/**
 * Drop conversations the agent may no longer see, with their stored messages. Replies still on
 * their way out stay: the hub answers them, and the agent sees the outcome.
 */
async function purgeConversations(db: SwitchboardDb, ids: string[]): Promise<void> {
  await db.conversations.bulkDelete(ids);
  // Callbacks go with their conversation, except the agent's own changes still on their way out.
  await db.callbacks.where('conversationId').anyOf(ids).filter((c) => c.localState === undefined).delete();
  for (const id of ids) await db.conversationEvents.where('[conversationId+createdAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
  for (const id of ids) {
    await db.messages
      .where('[conversationId+createdAt]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey])
      .filter((m) => m.localState === undefined)
      .delete();
  }
}

/** Which bootstrap answer a snapshot is, and what to record with it in the same transaction. */
export type SnapshotProgress =
  /** The lean first page: its conversations come without threads; it sets the cursor to pull from. */
  | { phase: 'queue' }
  /**
   * A page of the plan (conversations with all their messages) and the download's progress after
   * it. Stored only while `page` is still the next page of the stored plan.
   */
  | { phase: 'page'; page: string; backfill: BackfillState }
  /** One conversation's full thread, fetched on demand. */
  | { phase: 'conversation' };

/**
 * Apply a bootstrap answer in one transaction with bulk writes.
 *
 * Conversations never replace a newer version (a snapshot and the change log can deliver the
 * same conversation in either order). Rows of the lean queue page are marked `needsHistory`
 * until a page or an on-demand fetch brings their thread, which clears the mark even when the
 * cached row is already newer. Hub messages are immutable, so a stored one is not rewritten; the
 * console's own rows still in flight are, by the hub's copy. Only messages of conversations cached
 * before can be stored already, so only theirs are looked up: a history page of conversations new
 * to the cache is written without reading anything back.
 *
 * Returns false when a page was not stored because it is no longer the next one of the stored plan
 * (a download for a cache that was reset and bootstrapped again meanwhile).
 *
 * `known` (the sync runner's memory, see known-conversations.ts) forgets the snapshot's
 * conversations before and after: pages applied meanwhile read them from the cache.
 */
export async function applySnapshot(db: SwitchboardDb, read: Snapshot, progress: SnapshotProgress, known?: KnownConversations): Promise<boolean> {
  const ids = known ? read.conversations.map((c) => c.id) : [];
  known?.forget(ids);
  try {
    return await storeSnapshot(db, read, progress);
  } finally {
    known?.forget(ids);
  }
}

function storeSnapshot(db: SwitchboardDb, read: Snapshot, progress: SnapshotProgress): Promise<boolean> {
  return db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta, db.callbacks, db.purged, db.mentions, db.canned, db.searchQueue, db.conversationEvents, ...customerTables(db)], async () => {
    if (progress.phase === 'page' && (await readBackfill(db))?.pages?.[0] !== progress.page) return false;
    // Conversations purged after the hub read this snapshot stay out (the queue page follows a reset).
    const snapshot = progress.phase === 'queue' ? read : await withoutPurgedSince(db, read);
    const lean = progress.phase === 'queue';
    const cached = await db.conversations.bulkGet(snapshot.conversations.map((c) => c.id));
    const rows: CachedConversation[] = [];
    snapshot.conversations.forEach((c, i) => {
      const old = cached[i];
      if (old && old.version >= c.version) {
        if (!lean && old.needsHistory) rows.push(withoutNeedsHistory(old));
        return;
      }
      // A lean row keeps a thread already cached (old without the mark); otherwise it has none yet.
      rows.push(lean && (!old || old.needsHistory) ? { ...withQueueKeys(c), needsHistory: true } : withQueueKeys(c));
    });
    if (rows.length) await db.conversations.bulkPut(rows);
    if (snapshot.messages.length) {
      // Only conversations cached before can have stored messages (a message change always comes
      // with its conversation; local rows belong to conversations on screen): check just theirs.
      const known = new Set(snapshot.conversations.filter((_, i) => cached[i] !== undefined).map((c) => c.id));
      const check = snapshot.messages.filter((m) => known.has(m.conversationId));
      const existing = check.length ? await db.messages.bulkGet(check.map((m) => m.id)) : [];
      const skip = new Set(check.filter((_, i) => existing[i] !== undefined && existing[i]!.localState === undefined).map((m) => m.id));
      const fresh = skip.size ? snapshot.messages.filter((m) => !skip.has(m.id)) : snapshot.messages;
        if (fresh.length) await db.messages.bulkPut(fresh);
        await recordMentions(db, fresh);
        await queueForSearch(db, { messageIds: fresh.map((m) => m.id) });
    }
    if (snapshot.customers.length) await db.customers.bulkPut(snapshot.customers);
    if (snapshot.identities.length) await db.identities.bulkPut(snapshot.identities);
    if (snapshot.users.length) await db.users.bulkPut(snapshot.users);
    if (snapshot.callbacks?.length) await putSnapshotCallbacks(db, snapshot.callbacks);
    // Events are immutable: a snapshot's copy is the same row the change log brings.
    if (snapshot.events?.length) await db.conversationEvents.bulkPut(snapshot.events);
    // The queue snapshot lists every canned response: it replaces the cached set.
    if (snapshot.canned) await db.canned.clear().then(() => db.canned.bulkPut(snapshot.canned!));
    await applyCustomerSnapshot(db, snapshot);
    if (progress.phase === 'queue') {
      await db.meta.put({ key: 'cursor', value: snapshot.cursor });
      await db.meta.put({ key: 'backfill', value: { pages: null, done: 0, total: 0, complete: false } });
    } else if (progress.phase === 'page') {
      await db.meta.put({ key: 'backfill', value: progress.backfill });
    }
    return true;
  });
}

/**
 * Callbacks of a snapshot: never replace a newer cached version (the change log may have brought
 * it first), nor the console's own change still on its way out.
 */
async function putSnapshotCallbacks(db: SwitchboardDb, callbacks: Callback[]): Promise<void> {
  const cached = await db.callbacks.bulkGet(callbacks.map((c) => c.id));
  const fresh = callbacks.filter((c, i) => {
    const old = cached[i];
    return !old || (old.localState === undefined && old.version < c.version);
  });
  if (fresh.length) await db.callbacks.bulkPut(fresh);
}

function withoutNeedsHistory(row: CachedConversation): CachedConversation {
  const { needsHistory: _, ...rest } = row;
  return rest;
}

/**
 * Forget everything synced, before a fresh bootstrap (the cursor fell behind the hub's log). The
 * outbox and messages still on their way out are kept: unsent work is never dropped.
 */
export async function resetSyncedData(db: SwitchboardDb, known?: KnownConversations): Promise<void> {
  known?.clear();
  await db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta, db.callbacks, db.purged, db.mentions, db.canned, db.searchQueue, db.conversationEvents, ...customerTables(db)], async () => {
    await Promise.all([db.conversations.clear(), db.customers.clear(), db.identities.clear(), db.users.clear()]);
    await db.callbacks.filter((c) => c.localState === undefined).delete();
    await db.conversationEvents.clear();
    await db.messages.filter((m) => m.localState === undefined).delete();
    await db.meta.bulkDelete(['cursor', 'backfill']);
    await db.purged.clear();
    await queueForSearch(db, { reset: true });
  });
  known?.clear();
}

/** The stored download progress; a state from an older console (no page list) restarts with a new plan. */
export async function readBackfill(db: SwitchboardDb): Promise<BackfillState | null> {
  const row = await db.meta.get('backfill');
  if (row?.key !== 'backfill') return null;
  const { pages, done, total, complete } = row.value;
  return Array.isArray(pages) ? row.value : { pages: null, done: complete ? done : 0, total, complete };
}

export async function readCursor(db: SwitchboardDb): Promise<number> {
  const row = await db.meta.get('cursor');
  return row?.key === 'cursor' ? row.value : 0;
}
