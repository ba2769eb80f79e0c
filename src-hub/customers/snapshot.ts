/**
 * The Customer 360 rows that travel with a bootstrap snapshot: consents, rewards and merges of
 * the snapshot's customers, so the panel works offline right after a console's first sync.
 */
import type { Kysely } from 'kysely';
import type { Snapshot } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';
import { toConsent, toMergeRecord, toReward } from './rows.js';

/** Consents, rewards and merge records of `customerIds`. */
export async function customer360Of(db: Kysely<Database>, customerIds: string[]): Promise<NonNullable<Snapshot['customer360']>> {
  const [consents, rewards, merges] = await Promise.all([
    db.selectFrom('customer_consents').selectAll().where('customer_id', 'in', customerIds).execute(),
    db.selectFrom('customer_rewards').selectAll().where('customer_id', 'in', customerIds).execute(),
    db.selectFrom('customer_merges').selectAll().where('survivor_id', 'in', customerIds).execute(),
  ]);
  return { consents: consents.map(toConsent), rewards: rewards.map(toReward), merges: merges.map(toMergeRecord) };
}
