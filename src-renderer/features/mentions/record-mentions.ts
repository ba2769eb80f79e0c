/**
 * Mentions are derived from the notes as they reach the cache: the hub records whom a note
 * mentions in its `channelMeta.mentions` (only colleagues who may see the conversation).
 */
import type { Message } from '../../../src-shared/index.js';
import type { CachedMention, SwitchboardDb } from '../../db/database.js';

/** The mentioned user ids a stored note carries (anything else there is ignored). */
export function mentionedIn(message: Message): string[] {
  if (message.direction !== 'note') return [];
  const ids = message.channelMeta.mentions;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * Record the mentions of `messages`; call inside the transaction that stores them.
 *
 * Rows already stored are left alone, so a note that arrives again (a page and a poke overlap)
 * does not mark its mention unread.
 */
export async function recordMentions(db: SwitchboardDb, messages: readonly Message[]): Promise<void> {
  const rows: CachedMention[] = [];
  for (const m of messages) {
    for (const userId of mentionedIn(m)) {
      rows.push({ id: `${m.id}:${userId}`, userId, messageId: m.id, conversationId: m.conversationId, authorId: m.authorId, createdAt: m.createdAt, read: 0 });
    }
  }
  if (rows.length === 0) return;
  const stored = await db.mentions.bulkGet(rows.map((r) => r.id));
  const fresh = rows.filter((_, i) => stored[i] === undefined);
  if (fresh.length) await db.mentions.bulkAdd(fresh);
}
