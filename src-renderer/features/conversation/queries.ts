import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import type { SwitchboardDb } from '../../db/database.js';

/** Messages read first when a conversation opens: enough to fill the screen at the bottom. */
export const FIRST_SCREEN_MESSAGES = 40;

/**
 * The conversation with its customer, identity and thread, oldest message first.
 *
 * With `firstScreen`, only the newest FIRST_SCREEN_MESSAGES are read (`complete` false when there
 * are more): opening a conversation with thousands of messages paints its newest ones without
 * reading and cloning the whole history first. The view asks for the rest right after.
 */
export function useConversationDetail(db: SwitchboardDb, conversationId: string, firstScreen = false) {
  return useLiveQuery(async () => {
    const range = db.messages.where('[conversationId+createdAt]').between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]);
    // The messages need only the id: read them alongside the conversation, not after it. One
    // IndexedDB round trip fewer before the thread's first paint (each costs most under load).
    const [conversation, read] = await Promise.all([
      db.conversations.get(conversationId),
      firstScreen ? range.reverse().limit(FIRST_SCREEN_MESSAGES + 1).toArray() : range.toArray(),
    ]);
    if (!conversation) return null;
    const [customer, identity] = await Promise.all([db.customers.get(conversation.customerId), db.identities.get(conversation.identityId)]);
    const complete = !firstScreen || read.length <= FIRST_SCREEN_MESSAGES;
    const messages = firstScreen ? read.slice(0, FIRST_SCREEN_MESSAGES).reverse() : read;
    return { conversation, customer: customer ?? null, identity: identity ?? null, messages, complete };
  }, [db, conversationId, firstScreen]);
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
