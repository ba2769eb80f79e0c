/**
 * Applies a page of hub changes to the cache.
 *
 * The rows and the new cursor are written in one transaction: after a crash the cache either has
 * both or neither, so the next pull resumes exactly where the stored cursor says.
 */
import type { Change } from '../../src-shared/index.js';
import type { SwitchboardDb } from '../db/database.js';

export async function applyChanges(db: SwitchboardDb, changes: Change[], cursor: number): Promise<void> {
  await db.transaction('rw', [db.conversations, db.messages, db.customers, db.identities, db.users, db.meta], async () => {
    const stored = await db.meta.get('cursor');
    // A page older than what we already stored (a late answer after a reconnect) is skipped.
    if (typeof stored?.value === 'number' && stored.value >= cursor && changes.length > 0) return;
    // Later entries of the same row win: keep only the last one per table and id.
    const latest = new Map<string, Change>();
    for (const change of changes) latest.set(`${change.entity}:${change.data.id}`, change);
    const byEntity = { conversation: [], message: [], customer: [], identity: [], user: [] } as {
      [K in Change['entity']]: Extract<Change, { entity: K }>['data'][];
    };
    for (const change of latest.values()) (byEntity[change.entity] as unknown[]).push(change.data);
    if (byEntity.conversation.length) await db.conversations.bulkPut(byEntity.conversation);
    // The hub's copy replaces an optimistic one, which clears its pending state.
    if (byEntity.message.length) await db.messages.bulkPut(byEntity.message);
    if (byEntity.customer.length) await db.customers.bulkPut(byEntity.customer);
    if (byEntity.identity.length) await db.identities.bulkPut(byEntity.identity);
    if (byEntity.user.length) await db.users.bulkPut(byEntity.user);
    await db.meta.put({ key: 'cursor', value: cursor });
  });
}

export async function readCursor(db: SwitchboardDb): Promise<number> {
  const row = await db.meta.get('cursor');
  return typeof row?.value === 'number' ? row.value : 0;
}
