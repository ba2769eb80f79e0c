import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import type { SwitchboardDb } from '../../db/database.js';

/** The conversation with its customer, identity and thread, oldest message first. */
export function useConversationDetail(db: SwitchboardDb, conversationId: string) {
  return useLiveQuery(async () => {
    const conversation = await db.conversations.get(conversationId);
    if (!conversation) return null;
    const [customer, identity, messages] = await Promise.all([
      db.customers.get(conversation.customerId),
      db.identities.get(conversation.identityId),
      db.messages
        .where('[conversationId+createdAt]')
        .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
        .toArray(),
    ]);
    return { conversation, customer: customer ?? null, identity: identity ?? null, messages };
  }, [db, conversationId]);
}

export function useUserNames(db: SwitchboardDb): Map<string, string> | undefined {
  return useLiveQuery(async () => new Map((await db.users.toArray()).map((u) => [u.id, u.name])), [db]);
}

/** The conversation's system events (assigned, transferred, closed…), oldest first. */
export function useConversationEvents(db: SwitchboardDb, conversationId: string) {
  return useLiveQuery(
    () => db.conversationEvents.where('[conversationId+createdAt]').between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]).toArray(),
    [db, conversationId],
  );
}
