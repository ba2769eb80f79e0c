/** Reads for the canned-response picker: the cached responses and what fills their variables. */
import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { findOrderNumber, type CannedResponse } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';

/** How many of the newest messages are searched for an order number. */
const ORDER_SEARCH_MESSAGES = 50;

/** Every cached canned response, by title (they work offline: the cache is the source). */
export function useCannedResponses(db: SwitchboardDb, enabled: boolean): CannedResponse[] | undefined {
  return useLiveQuery(() => (enabled ? db.canned.orderBy('title').toArray() : []), [db, enabled]);
}

/** The customer's name and the latest order number found in the conversation, for the variables. */
export function useCannedContext(db: SwitchboardDb, conversationId: string, enabled: boolean) {
  return useLiveQuery(async () => {
    if (!enabled) return null;
    const conversation = await db.conversations.get(conversationId);
    const customer = conversation ? await db.customers.get(conversation.customerId) : undefined;
    const recent = await db.messages
      .where('[conversationId+createdAt]')
      .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
      .reverse()
      .limit(ORDER_SEARCH_MESSAGES)
      .toArray();
    const texts = recent.reverse().map((m) => [m.body, typeof m.channelMeta.subject === 'string' ? m.channelMeta.subject : ''].join('\n'));
    if (conversation?.subject) texts.unshift(conversation.subject);
    return { customerName: customer?.name ?? null, orderNumber: findOrderNumber(texts) };
  }, [db, conversationId, enabled]);
}
