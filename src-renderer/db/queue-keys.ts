/**
 * Sort and filter keys stored with each cached conversation so the queue is read through an
 * index, page by page, instead of loading and sorting every conversation on each change.
 */
import type { Conversation } from '../../src-shared/index.js';

/** Stands for "nobody": IndexedDB cannot index null, and the Unassigned view needs an index. */
export const UNASSIGNED = '-';

const FAR_FUTURE_MS = 9_000_000_000_000; // year 2255: larger than any timestamp we store

/**
 * One string whose ascending order is the queue order: higher priority first, then the longest
 * waiting, then — for conversations where the last word was ours — the most recent first.
 */
export function queueKeyOf(c: Pick<Conversation, 'priority' | 'waitingSince' | 'lastMessageAt' | 'id'>): string {
  const priority = String(999 - Math.max(0, Math.min(999, c.priority))).padStart(3, '0');
  const when = c.waitingSince
    ? `0${String(Date.parse(c.waitingSince)).padStart(14, '0')}`
    : `1${String(FAR_FUTURE_MS - Date.parse(c.lastMessageAt)).padStart(14, '0')}`;
  return `${priority}|${when}|${c.id}`;
}

export interface CachedConversation extends Conversation {
  queueKey: string;
  assigneeKey: string;
  /** Entered the cache without its history (access just gained, or from the lean first bootstrap page); set until a snapshot brings it. */
  needsHistory?: true;
}

export function withQueueKeys(c: Conversation): CachedConversation {
  return { ...c, queueKey: queueKeyOf(c), assigneeKey: c.assigneeId ?? UNASSIGNED };
}
