/**
 * The thread as one list: messages (calls included), scheduled callbacks and system events, in the
 * order they happened. Pure, so the virtualized thread can index it and tests can check it.
 */
import type { ConversationEvent } from '../../../src-shared/index.js';
import type { CachedCallback, CachedMessage } from '../../db/database.js';
import { timeline, type TimelineItem } from '../phone/timeline.js';

export type ThreadItem = TimelineItem | { kind: 'event'; event: ConversationEvent };

const timeOf = (item: ThreadItem): string => (item.kind === 'message' ? item.message.createdAt : item.kind === 'callback' ? item.callback.createdAt : item.event.createdAt);

/** A stable key per item (the virtualizer keeps measured sizes by it). */
export function itemKey(item: ThreadItem): string {
  return item.kind === 'message' ? item.message.id : item.kind === 'callback' ? `cb:${item.callback.id}` : `ev:${item.event.id}`;
}

/**
 * Merge events (oldest first) into the timeline of messages and callbacks. An event at the same
 * moment as a message goes after it (a reply that claims a conversation shows, then the claim).
 */
export function threadItems(messages: readonly CachedMessage[], callbacks: readonly CachedCallback[], events: readonly ConversationEvent[]): ThreadItem[] {
  const base: ThreadItem[] = timeline(messages, callbacks);
  if (events.length === 0) return base;
  const sorted = [...events].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const out: ThreadItem[] = [];
  let e = 0;
  for (const item of base) {
    while (e < sorted.length && sorted[e]!.createdAt < timeOf(item)) out.push({ kind: 'event', event: sorted[e++]! });
    out.push(item);
  }
  while (e < sorted.length) out.push({ kind: 'event', event: sorted[e++]! });
  return out;
}
