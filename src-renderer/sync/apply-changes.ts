/**
 * Applies a page of hub changes to the cache.
 *
 * The rows and the new cursor are written in one transaction: after a crash the cache either has
 * both or neither, so the next pull resumes exactly where the stored cursor says.
 */
import { Dexie } from 'dexie';
import type { Change, Conversation, Snapshot } from '../../src-shared/index.js';
import type { BackfillState, SwitchboardDb } from '../db/database.js';
import { withQueueKeys } from '../db/queue-keys.js';

/**
 * Apply one page; returns the conversations that arrived without any cached message — ones this
 * agent just gained access to — so the engine can fetch their history.
 */
export async function applyChanges(db: SwitchboardDb, changes: Change[], cursor: number): Promise<string[]> {
  return db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta], async () => {
    const stored = await db.meta.get('cursor');
    // A page older than what we already stored (a late answer after a reconnect) is skipped.
    if (stored?.key === 'cursor' && stored.value >= cursor && changes.length > 0) return [];
    // Later entries of the same row win. A purge and a conversation change share one key, so
    // whichever came last decides (access lost, then regained, ends visible).
    const latest = new Map<string, Change>();
    for (const change of changes) {
      const table = change.entity === 'purge' ? 'conversation' : change.entity;
      latest.set(`${table}:${change.data.id}`, change);
    }
    const byEntity = { conversation: [], message: [], customer: [], identity: [], user: [], purge: [] } as {
      [K in Change['entity']]: Extract<Change, { entity: K }>['data'][];
    };
    for (const change of latest.values()) (byEntity[change.entity] as unknown[]).push(change.data);
    if (byEntity.purge.length) await purgeConversations(db, byEntity.purge.map((p) => p.id));
    if (byEntity.conversation.length) await putConversations(db, byEntity.conversation);
    // The hub's copy replaces an optimistic one, which clears its pending state.
    if (byEntity.message.length) await db.messages.bulkPut(byEntity.message);
    if (byEntity.customer.length) await db.customers.bulkPut(byEntity.customer);
    if (byEntity.identity.length) await db.identities.bulkPut(byEntity.identity);
    if (byEntity.user.length) await db.users.bulkPut(byEntity.user);
    await db.meta.put({ key: 'cursor', value: cursor });
    const bare: string[] = [];
    for (const c of byEntity.conversation) {
      const first = await db.messages.where('[conversationId+createdAt]').between([c.id, Dexie.minKey], [c.id, Dexie.maxKey]).first();
      if (!first) bare.push(c.id);
    }
    return bare;
  });
}

/**
 * Drop conversations the agent may no longer see, with their stored messages. Replies still on
 * their way out stay: the hub answers them, and the agent sees the outcome.
 */
async function purgeConversations(db: SwitchboardDb, ids: string[]): Promise<void> {
  await db.conversations.bulkDelete(ids);
  for (const id of ids) {
    await db.messages
      .where('[conversationId+createdAt]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey])
      .filter((m) => m.localState === undefined)
      .delete();
  }
}

/**
 * Store conversations, never replacing a newer version with an older one: a snapshot and the
 * change log can deliver the same conversation in either order.
 */
async function putConversations(db: SwitchboardDb, incoming: Conversation[]): Promise<void> {
  const existing = await db.conversations.bulkGet(incoming.map((c) => c.id));
  const newer = incoming.filter((c, i) => (existing[i]?.version ?? -1) <= c.version);
  if (newer.length) await db.conversations.bulkPut(newer.map(withQueueKeys));
}

/**
 * Apply a bootstrap snapshot page. Queue pages also set the cursor to pull from; history pages
 * record their progress in the same transaction so an interrupted download resumes there.
 */
export async function applySnapshot(
  db: SwitchboardDb,
  snapshot: Snapshot,
  progress: { phase: 'queue' } | { phase: 'history'; backfill: BackfillState } | { phase: 'conversation' },
): Promise<void> {
  await db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta], async () => {
    await putConversations(db, snapshot.conversations);
    // A message row is immutable once stored by the hub; keep local rows still in flight.
    const existing = await db.messages.bulkGet(snapshot.messages.map((m) => m.id));
    const fresh = snapshot.messages.filter((_, i) => existing[i] === undefined || existing[i]!.localState !== undefined);
    if (fresh.length) await db.messages.bulkPut(fresh);
    if (snapshot.customers.length) await db.customers.bulkPut(snapshot.customers);
    if (snapshot.identities.length) await db.identities.bulkPut(snapshot.identities);
    if (snapshot.users.length) await db.users.bulkPut(snapshot.users);
    if (progress.phase === 'queue') {
      await db.meta.put({ key: 'cursor', value: snapshot.cursor });
      await db.meta.put({ key: 'backfill', value: { after: null, done: 0, total: 0, complete: false } });
    } else if (progress.phase === 'history') {
      await db.meta.put({ key: 'backfill', value: progress.backfill });
    }
  });
}

/**
 * Forget everything synced, before a fresh bootstrap (the cursor fell behind the hub's log). The
 * outbox and messages still on their way out are kept: unsent work is never dropped.
 */
export async function resetSyncedData(db: SwitchboardDb): Promise<void> {
  await db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta], async () => {
    await Promise.all([db.conversations.clear(), db.customers.clear(), db.identities.clear(), db.users.clear()]);
    await db.messages.filter((m) => m.localState === undefined).delete();
    await db.meta.bulkDelete(['cursor', 'backfill']);
  });
}

export async function readBackfill(db: SwitchboardDb): Promise<BackfillState | null> {
  const row = await db.meta.get('backfill');
  return row?.key === 'backfill' ? row.value : null;
}

export async function readCursor(db: SwitchboardDb): Promise<number> {
  const row = await db.meta.get('cursor');
  return row?.key === 'cursor' ? row.value : 0;
}
