/**
 * Customer 360 demo data, seeded once with the demo workspace: CRM master data for the mail
 * customers, social profile figures (Meta's webhooks carry none; X's demo payloads do) with a
 * recorded consent for some, one advocate, and every demo customer's score computed.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEMO_CUSTOMERS } from '../demo/content.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import type { Database } from '../store/schema.js';
import { recomputeScore } from './score.js';

const SEGMENTS = ['premium', 'standard', 'b2b', 'standard'] as const;
const OWNERS = ['Vertrieb Nord (CRM)', 'Key Account Süd (CRM)', 'Service Desk (CRM)'] as const;

/** Seed master data, consents and profile figures for the demo customers; returns the log head. */
export async function seedCustomer360Demo(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const changes: PendingChange[] = [];
    let n = 0;
    for (const demo of DEMO_CUSTOMERS) {
      n += 1;
      for (const identity of demo.identities) {
        const row = await trx
          .selectFrom('identities')
          .select(['id', 'customer_id'])
          .where('channel', '=', identity.channel)
          .where('provider_user_id', '=', identity.providerUserId)
          .executeTakeFirst();
        if (!row) continue;
        if (identity.channel === 'email') {
          await trx
            .updateTable('customers')
            .set({ customer_number: `K-${10_000 + n}`, segment: SEGMENTS[n % SEGMENTS.length], owner: OWNERS[n % OWNERS.length] })
            .where('id', '=', row.customer_id)
            .execute();
        }
        if (identity.channel === 'instagram' || identity.channel === 'facebook') {
          // Figures a profile lookup would give; Meta's webhook payloads have no follower counts.
          const followers = (Number(identity.providerUserId.slice(-5)) % 40_000) + 120;
          await trx
            .updateTable('customers')
            .set({ score_inputs: JSON.stringify({ followers, verified: followers > 30_000, helpfulAnswers: n % 5 === 0 ? 4 : 0, positiveMentions: n % 3 }) })
            .where('id', '=', row.customer_id)
            .execute();
          if (n % 2 === 0) {
            await trx
              .insertInto('customer_consents')
              .values({ id: randomUUID(), customer_id: row.customer_id, identity_id: row.id, purpose: 'social-profile', source: `Demo: agreed in a ${identity.channel} DM`, granted_at: new Date(Date.now() - n * 86_400_000), revoked_at: null, recorded_by: null })
              .execute();
          }
        }
      }
    }
    const customers = await trx.selectFrom('customers').select('id').execute();
    for (const c of customers) await recomputeScore(trx, c.id, changes);
    return appendChanges(trx, changes);
  });
}
