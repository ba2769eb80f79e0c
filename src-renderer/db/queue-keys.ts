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

/**
 * Which list a conversation belongs to: open, snoozed (its wake time still ahead by this console's
 * clock) or closed. Stored so the queue indexes can range over it.
 */
export type Lane = 'open' | 'snoozed' | 'closed';

/**
 * The lane of `c` at `nowMs`: a snooze whose time passed counts as open even before the hub wakes
 * it. The hub snoozes with a wake time; the older `snoozed` status (no time, imported data) lists
 * under Snoozed too, and `pending` is open work.
 */
export function laneOf(c: Pick<Conversation, 'status' | 'snoozedUntil'>, nowMs: number = Date.now()): Lane {
  if (c.status === 'closed') return 'closed';
  if (c.snoozedUntil) return Date.parse(c.snoozedUntil) > nowMs ? 'snoozed' : 'open';
  return c.status === 'snoozed' ? 'snoozed' : 'open';
}

/**
 * Ascending order = longest waiting first (the waiting-time sort), then conversations where the last
 * word was ours, most recent first; priority does not count.
 */
export function waitKeyOf(c: Pick<Conversation, 'waitingSince' | 'lastMessageAt' | 'id'>): string {
  const when = c.waitingSince
    ? `0${String(Date.parse(c.waitingSince)).padStart(14, '0')}`
    : `1${String(FAR_FUTURE_MS - Date.parse(c.lastMessageAt)).padStart(14, '0')}`;
  return `${when}|${c.id}`;
}

/**
 * The filterable facets of a conversation in one string, `|c:<channel>|d:<department>|t:<tag>|…|`,
 * stored as the last part of the queue indexes so a filtered queue is read from index keys alone
 * (tags are lower-case letters, digits and dashes: no `|` inside).
 */
export function facetsOf(c: Pick<Conversation, 'channel' | 'departmentId' | 'tags'>): string {
  return `|c:${c.channel}|d:${c.departmentId}|${(c.tags ?? []).map((t) => `t:${t}|`).join('')}`;
}

/** The derived fields the queue indexes read; recompute them whenever their sources change. */
export function queueFieldsOf(c: Conversation): Pick<CachedConversation, 'queueKey' | 'assigneeKey' | 'lane' | 'waitKey' | 'facets'> {
  return { queueKey: queueKeyOf(c), assigneeKey: c.assigneeId ?? UNASSIGNED, lane: laneOf(c), waitKey: waitKeyOf(c), facets: facetsOf(c) };
}

export interface CachedConversation extends Conversation {
  queueKey: string;
  assigneeKey: string;
  /** Derived (see queueFieldsOf); absent on rows cached before schema v70 until the upgrade ran. */
  lane: Lane;
  waitKey: string;
  facets: string;
  /** Entered the cache without its history (access just gained, or from the lean first bootstrap page); set until a snapshot brings it. */
  needsHistory?: true;
}

export function withQueueKeys(c: Conversation): CachedConversation {
  return { ...c, ...queueFieldsOf(c) };
}
