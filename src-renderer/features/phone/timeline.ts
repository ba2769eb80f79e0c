/** One timeline for a thread: messages (calls included) and callbacks, by when they were written. */
import type { CachedCallback, CachedMessage } from '../../db/database.js';

export type TimelineItem = { kind: 'message'; message: CachedMessage } | { kind: 'callback'; callback: CachedCallback };

/** Messages keep their order; each callback goes in where it was scheduled. */
export function timeline(messages: readonly CachedMessage[], callbacks: readonly CachedCallback[]): TimelineItem[] {
  const items: TimelineItem[] = messages.map((message) => ({ kind: 'message', message }));
  for (const callback of [...callbacks].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const at = items.findIndex((i) => (i.kind === 'message' ? i.message.createdAt : i.callback.createdAt) > callback.createdAt);
    items.splice(at === -1 ? items.length : at, 0, { kind: 'callback', callback });
  }
  return items;
}
