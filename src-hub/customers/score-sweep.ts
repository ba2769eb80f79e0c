/**
 * Keeps scores current: every few minutes the customers who wrote since the last round get their
 * score recomputed (engagement and public praise change with every message), which also raises
 * their open conversations' priority. Ingest itself stays lean: no score work per message.
 */
import type { Kysely } from 'kysely';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { startPeriodicSweep, type PeriodicSweep } from '../store/periodic-sweep.js';
import type { Database } from '../store/schema.js';
import { recomputeScore } from './score.js';

/** Recompute the scores of customers with messages after `since`; returns the newest sync id (0: nothing changed). */
export async function sweepScores(db: Kysely<Database>, since: Date, limit = 500): Promise<number> {
  const rows = await db
    .selectFrom('conversations')
    .innerJoin('customers', 'customers.id', 'conversations.customer_id')
    .select('conversations.customer_id')
    .distinct()
    .where('conversations.last_message_at', '>', since)
    .where('customers.merged_into', 'is', null)
    .where('customers.erased_at', 'is', null)
    .limit(limit)
    .execute();
  let head = 0;
  // Small transactions: the change-log lock is held briefly, between ingest's group commits.
  for (let i = 0; i < rows.length; i += 25) {
    const chunk = rows.slice(i, i + 25);
    const h = await db.transaction().execute(async (trx) => {
      const changes: PendingChange[] = [];
      for (const r of chunk) await recomputeScore(trx, r.customer_id, changes);
      return appendChanges(trx, changes);
    });
    head = Math.max(head, h);
  }
  return head;
}

/** Run `sweepScores` every `everyMs`; a failed round is logged and covered by the next one. */
export function startScoreSweep(db: Kysely<Database>, poke: (head: number) => void, log: (msg: string, extra?: unknown) => void, everyMs: number): PeriodicSweep {
  let since = new Date();
  return startPeriodicSweep(
    'score',
    async () => {
      const started = new Date();
      const head = await sweepScores(db, since);
      // Only a round that succeeded moves the window on: a failed one is covered by the next.
      since = started;
      return head;
    },
    poke,
    log,
    everyMs,
  );
}
