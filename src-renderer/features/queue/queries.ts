/**
 * Reads for the queue, straight from the cache via live queries.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Conversation, Customer } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';

export type QueueView = 'all' | 'mine' | 'unassigned' | 'attention';

/**
 * Queue order: higher priority first, then whoever has waited longest, then most recent.
 * Conversations where the last word was ours (not waiting) sort after waiting ones.
 */
export function compareQueue(a: Conversation, b: Conversation): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.waitingSince && b.waitingSince) return a.waitingSince.localeCompare(b.waitingSince);
  if (a.waitingSince) return -1;
  if (b.waitingSince) return 1;
  return b.lastMessageAt.localeCompare(a.lastMessageAt);
}

export function useQueue(db: SwitchboardDb, view: QueueView, meId: string): Conversation[] | undefined {
  return useLiveQuery(async () => {
    if (view === 'attention') {
      // Read from the (small) outbox rather than scanning every cached message.
      const held = await db.outbox.where('status').anyOf('needs-attention', 'failed').toArray();
      const ids = [...new Set(held.map((r) => String(r.payload.conversationId)))];
      const rows = await db.conversations.bulkGet(ids);
      return rows.filter((c): c is Conversation => c !== undefined).sort(compareQueue);
    }
    const open = await db.conversations.where('status').equals('open').toArray();
    const filtered = open.filter((c) => (view === 'mine' ? c.assigneeId === meId : view === 'unassigned' ? c.assigneeId === null : true));
    return filtered.sort(compareQueue);
  }, [db, view, meId]);
}

export function useCustomersById(db: SwitchboardDb): Map<string, Customer> | undefined {
  return useLiveQuery(async () => new Map((await db.customers.toArray()).map((c) => [c.id, c])), [db]);
}

export function useOutboxCounts(db: SwitchboardDb): { pending: number; failed: number; attention: number } | undefined {
  return useLiveQuery(
    async () => ({
      pending: await db.outbox.where('status').equals('pending').count(),
      failed: await db.outbox.where('status').equals('failed').count(),
      attention: await db.outbox.where('status').equals('needs-attention').count(),
    }),
    [db],
  );
}
