/**
 * Live queue load for team leads.
 */
import { sql, type Kysely } from 'kysely';
import type { QueueStats } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';

export async function queueStats(db: Kysely<Database>): Promise<QueueStats> {
  const rows = await db
    .selectFrom('conversations')
    .select(['channel', 'department_id'])
    .select((eb) => [
      eb.fn.countAll<string | number>().as('open'),
      sql<string | number>`count(*) filter (where assignee_id is null)`.as('unassigned'),
      eb.fn.min('waiting_since').as('oldest'),
    ])
    .where('status', '=', 'open')
    .groupBy(['channel', 'department_id'])
    .execute();
  const byChannel: Record<string, number> = {};
  const byDepartment: Record<string, number> = {};
  let open = 0;
  let unassigned = 0;
  let oldest: Date | null = null;
  for (const row of rows) {
    const count = Number(row.open);
    open += count;
    unassigned += Number(row.unassigned);
    byChannel[row.channel] = (byChannel[row.channel] ?? 0) + count;
    byDepartment[row.department_id] = (byDepartment[row.department_id] ?? 0) + count;
    const candidate = row.oldest === null ? null : new Date(row.oldest);
    if (candidate && (!oldest || candidate < oldest)) oldest = candidate;
  }
  return {
    generatedAt: new Date().toISOString(),
    open,
    unassigned,
    oldestWaitingSince: oldest ? oldest.toISOString() : null,
    byChannel,
    byDepartment,
  };
}
