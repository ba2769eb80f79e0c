/**
 * Reads for the queue, straight from the cache via live queries. The queue is read through the
 * `[status+queueKey]` indexes one visible window at a time, so 50,000 cached conversations cost
 * what the rows on screen cost.
 */
import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Conversation, Customer } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueKeyOf, UNASSIGNED, type CachedConversation } from '../../db/queue-keys.js';

export type QueueView = 'all' | 'mine' | 'unassigned' | 'attention';

/** Queue order (the same order the `queueKey` index gives). */
export function compareQueue(a: Conversation, b: Conversation): number {
  const ka = queueKeyOf(a);
  const kb = queueKeyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function openIn(db: SwitchboardDb, view: Exclude<QueueView, 'attention'>, meId: string) {
  if (view === 'all') {
    return db.conversations.where('[status+queueKey]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]);
  }
  const who = view === 'mine' ? meId : UNASSIGNED;
  return db.conversations.where('[assigneeKey+status+queueKey]').between([who, 'open', Dexie.minKey], [who, 'open', Dexie.maxKey]);
}

/** Conversations held back by the stale-send guard or refused: read from the small outbox. */
async function attention(db: SwitchboardDb): Promise<CachedConversation[]> {
  const held = await db.outbox.where('status').anyOf('needs-attention', 'failed').toArray();
  const ids = [...new Set(held.map((r) => String(r.payload.conversationId)))];
  const rows = await db.conversations.bulkGet(ids);
  return rows.filter((c): c is CachedConversation => c !== undefined).sort((a, b) => (a.queueKey < b.queueKey ? -1 : 1));
}

export function useQueueCount(db: SwitchboardDb, view: QueueView, meId: string): number | undefined {
  return useLiveQuery(() => (view === 'attention' ? attention(db).then((r) => r.length) : openIn(db, view, meId).count()), [db, view, meId]);
}

export interface QueueWindow {
  start: number;
  rows: CachedConversation[];
  customers: Map<string, Customer>;
}

/** The rows from `start` (inclusive) to `end` (exclusive) of a view, with their customers. */
export function useQueueWindow(db: SwitchboardDb, view: QueueView, meId: string, start: number, end: number): QueueWindow | undefined {
  return useLiveQuery(async () => {
    const rows =
      view === 'attention'
        ? (await attention(db)).slice(start, end)
        : await openIn(db, view, meId).offset(start).limit(Math.max(0, end - start)).toArray();
    const customerIds = [...new Set(rows.map((r) => r.customerId))];
    const customers = await db.customers.bulkGet(customerIds);
    return {
      start,
      rows,
      customers: new Map(customers.filter((c): c is Customer => c !== undefined).map((c) => [c.id, c])),
    };
  }, [db, view, meId, start, end]);
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
