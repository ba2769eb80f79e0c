/**
 * The hub's change log: every row a console may see gets a monotonic sync id when it changes.
 *
 * Gap-freedom: sync ids come from a sequence, and a sequence hands out ids in *call* order, not
 * *commit* order — two concurrent transactions could commit 11 before 10, and a console pulling in
 * between would store cursor 11 and never see 10. Taking a transaction-scoped advisory lock before
 * appending serialises writers, so ids become visible in order. This also holds across many hub
 * nodes sharing one PostgreSQL.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Change, ChangeEntity } from '../../src-shared/index.js';
import type { Database } from './schema.js';

const CHANGE_LOG_LOCK = 0x5b0a4d; // arbitrary, fixed: "the change log" advisory lock key

export interface PendingChange {
  entity: ChangeEntity;
  data: { id: string } & object;
}

/**
 * Append changes inside the caller's transaction and return the newest sync id.
 *
 * Must be the last statement before commit so the lock is held as briefly as possible.
 */
export async function appendChanges(trx: Transaction<Database>, changes: PendingChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
  const rows = await trx
    .insertInto('changes')
    .values(changes.map((c) => ({ entity: c.entity, entity_id: c.data.id, data: JSON.stringify(c.data) })))
    .returning('sync_id')
    .execute();
  return Math.max(...rows.map((r) => Number(r.sync_id)));
}

/** Newest sync id, 0 for an empty log. */
export async function headSyncId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('sync_id').as('head'))
    .executeTakeFirst();
  return row?.head == null ? 0 : Number(row.head);
}

/** Changes after `cursor`, oldest first, at most `limit`. */
export async function changesAfter(
  db: Kysely<Database>,
  cursor: number,
  limit: number,
): Promise<{ changes: Change[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('changes')
    .select(['sync_id', 'entity', 'data'])
    .where('sync_id', '>', cursor)
    .orderBy('sync_id')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const changes = rows.slice(0, limit).map(
    (r) => ({ syncId: Number(r.sync_id), entity: r.entity, data: r.data }) as Change,
  );
  return { changes, hasMore };
}
