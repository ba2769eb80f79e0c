/** Live reads of the phone switch: callbacks per thread and the Callbacks queue. */
import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CachedCallback, SwitchboardDb } from '../../db/database.js';

/** A conversation's callbacks, oldest first. */
export function useConversationCallbacks(db: SwitchboardDb, conversationId: string): CachedCallback[] | undefined {
  return useLiveQuery(async () => (await db.callbacks.where('conversationId').equals(conversationId).toArray()).sort((a, b) => a.createdAt.localeCompare(b.createdAt)), [db, conversationId]);
}

/** Every open callback in the cache, by due time (the hub only sends those the agent may see). */
export function useOpenCallbacks(db: SwitchboardDb): CachedCallback[] | undefined {
  return useLiveQuery(() => db.callbacks.where('[status+dueAt]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray(), [db]);
}

/** The customers' names for a list of callbacks. */
export function useCustomerNames(db: SwitchboardDb, customerIds: readonly string[]): Map<string, string> | undefined {
  const key = [...new Set(customerIds)].sort().join(',');
  return useLiveQuery(async () => {
    const rows = await db.customers.bulkGet(key ? key.split(',') : []);
    return new Map(rows.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
  }, [db, key]);
}

/** All identities of a customer (profile numbers come from phone and WhatsApp identities). */
export function useCustomerIdentities(db: SwitchboardDb, customerId: string | null) {
  return useLiveQuery(async () => (customerId ? db.identities.where('customerId').equals(customerId).toArray() : []), [db, customerId]);
}

/**
 * The customer's messages in every cached conversation, for numbers written in any of them (a
 * signature in last month's mail counts as much as one in this chat).
 */
export function useCustomerMessages(db: SwitchboardDb, customerId: string | null) {
  return useLiveQuery(async () => {
    if (!customerId) return [];
    const conversations = await db.conversations.where('customerId').equals(customerId).primaryKeys();
    const threads = await Promise.all(
      conversations.map((id) => db.messages.where('[conversationId+createdAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray()),
    );
    return threads.flat();
  }, [db, customerId]);
}
