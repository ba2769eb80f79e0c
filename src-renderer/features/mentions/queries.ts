/**
 * Reads for the mention list: the signed-in user's mentions, newest first, with what the list
 * shows of each (note text, author, customer).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { CachedMention, SwitchboardDb } from '../../db/database.js';

export interface MentionItem {
  mention: CachedMention;
  body: string;
  authorName: string | null;
  customerName: string | null;
}

/** How many of her mentions she has not opened yet. */
export function useUnreadMentionCount(db: SwitchboardDb, userId: string): number | undefined {
  return useLiveQuery(() => db.mentions.where('[userId+read]').equals([userId, 0]).count(), [db, userId]);
}

/** Her latest mentions (up to `limit`), newest first, of conversations still in her cache. */
export function useMentions(db: SwitchboardDb, userId: string, enabled: boolean, limit = 50): MentionItem[] | undefined {
  return useLiveQuery(async () => {
    if (!enabled) return [];
    const mentions = await db.mentions
      .where('[userId+createdAt]')
      .between([userId, ''], [userId, '\uffff'])
      .reverse()
      .limit(limit)
      .toArray();
    const [messages, conversations, authors] = await Promise.all([
      db.messages.bulkGet(mentions.map((m) => m.messageId)),
      db.conversations.bulkGet(mentions.map((m) => m.conversationId)),
      db.users.bulkGet(mentions.map((m) => m.authorId ?? '')),
    ]);
    const customers = await db.customers.bulkGet(conversations.map((c) => c?.customerId ?? ''));
    return mentions.flatMap((mention, i) =>
      // A conversation purged from her cache (transferred away) cannot be opened: left out.
      conversations[i] ? [{ mention, body: messages[i]?.body ?? '', authorName: authors[i]?.name ?? null, customerName: customers[i]?.name ?? null }] : [],
    );
  }, [db, userId, enabled, limit]);
}

/** Mark one mention read (this console's own state; the hub keeps none). */
export async function markMentionRead(db: SwitchboardDb, id: string): Promise<void> {
  await db.mentions.update(id, { read: 1 });
}
