/**
 * Customer 360 rows in the cache: applied inside `applyChanges` / `applySnapshot`'s transaction,
 * so they move with the cursor like every other synced row.
 */
import type { Consent, MergeRecord, Reward, Snapshot } from '../../src-shared/index.js';
import type { SwitchboardDb } from '../db/database.js';

/** The tables these rows live in, for the callers' transaction scopes. */
export function customerTables(db: SwitchboardDb) {
  return [db.consents, db.rewards, db.merges];
}

export interface Customer360Changes {
  consent: Consent[];
  reward: Reward[];
  merge: MergeRecord[];
  'identity-removed': { id: string }[];
  /** Customers just stored from this page; merged-away ones are dropped again. */
  customerIds: { id: string; mergedInto?: string | null }[];
}

/**
 * Store consents, rewards and merge records; drop removed identities (an erased customer's) and
 * merged-away customers (their conversations and identities arrive re-pointed to the survivor in
 * the same page; an unmerge brings the customer back as an ordinary customer change).
 */
export async function applyCustomer360(db: SwitchboardDb, changes: Customer360Changes): Promise<void> {
  if (changes.consent.length) await db.consents.bulkPut(changes.consent);
  if (changes.reward.length) await db.rewards.bulkPut(changes.reward);
  if (changes.merge.length) await db.merges.bulkPut(changes.merge);
  if (changes['identity-removed'].length) await db.identities.bulkDelete(changes['identity-removed'].map((r) => r.id));
  const mergedAway = changes.customerIds.filter((c) => c.mergedInto).map((c) => c.id);
  if (mergedAway.length) await db.customers.bulkDelete(mergedAway);
}

/** A snapshot's Customer 360 rows (absent from older hubs' snapshots). */
export async function applyCustomerSnapshot(db: SwitchboardDb, snapshot: Snapshot): Promise<void> {
  const extra = snapshot.customer360;
  if (!extra) return;
  if (extra.consents.length) await db.consents.bulkPut(extra.consents);
  if (extra.rewards.length) await db.rewards.bulkPut(extra.rewards);
  if (extra.merges.length) await db.merges.bulkPut(extra.merges);
}

/** Forget them with the rest of the synced data. */
export async function clearCustomer360(db: SwitchboardDb): Promise<void> {
  await Promise.all([db.consents.clear(), db.rewards.clear(), db.merges.clear()]);
}
