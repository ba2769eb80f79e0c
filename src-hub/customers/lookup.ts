/**
 * Reading customers as identity resolution sees them: who holds an address or number, and a
 * customer with all their identities.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { identifiersOf, isLeadRole, type CustomerFacts, type Identifier, type IdentityFacts, type User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { canSee } from '../store/changes.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Customers (active: not merged away, not erased) holding an identity that may carry one of
 * `ids` — by address or number in the handle or provider id, on any channel. The caller compares
 * normalized identifiers; this only narrows the candidates through the indexes.
 */
export async function customersHolding(db: Db, ids: readonly Identifier[]): Promise<CustomerFacts[]> {
  const values = new Set<string>();
  for (const id of ids) {
    if (id.kind === 'provider') continue;
    values.add(id.value);
    // WhatsApp's wa_id is the number without "+".
    if (id.kind === 'phone') values.add(id.value.slice(1));
  }
  if (values.size === 0) return [];
  const list = [...values];
  const rows = await db
    .selectFrom('identities')
    .innerJoin('customers', 'customers.id', 'identities.customer_id')
    .select('identities.customer_id')
    .where((eb) => eb.or([eb(sql`lower(identities.handle)`, 'in', list), eb('identities.provider_user_id', 'in', list)]))
    .where('customers.merged_into', 'is', null)
    .where('customers.erased_at', 'is', null)
    .groupBy('identities.customer_id')
    .limit(50)
    .execute();
  return customerFacts(db, rows.map((r) => r.customer_id));
}

/** Customers with all their identities, for matching. */
export async function customerFacts(db: Db, customerIds: readonly string[]): Promise<CustomerFacts[]> {
  if (customerIds.length === 0) return [];
  const [customers, identities] = await Promise.all([
    db.selectFrom('customers').select(['id', 'name']).where('id', 'in', customerIds).execute(),
    db
      .selectFrom('identities')
      .select(['customer_id', 'channel', 'handle', 'provider_user_id', 'display_name'])
      .where('customer_id', 'in', customerIds)
      .execute(),
  ]);
  return customers.map((c) => ({
    id: c.id,
    name: c.name,
    identities: identities
      .filter((i) => i.customer_id === c.id)
      .map((i) => ({ channel: i.channel, handle: i.handle, providerUserId: i.provider_user_id, displayName: i.display_name })),
  }));
}

/** Every customer a verified identifier of `identity` leads to (for auto-linking). */
export async function autoLinkCandidates(db: Db, identity: IdentityFacts): Promise<CustomerFacts[]> {
  const verified = identifiersOf(identity).filter((i) => i.verified && i.kind !== 'provider');
  return customersHolding(db, verified);
}

/**
 * Refuse an agent who sees none of the customer's conversations (leads and admins see all).
 * Customers' names and identities reach every console, but what their messages say — which
 * suggestions quote — and reshaping them by merging is for those who work with them.
 *
 * @throws HubError('forbidden')
 */
export async function assertWorksWith(db: Db, user: User, customerIds: readonly string[]): Promise<void> {
  if (isLeadRole(user.role)) return;
  const rows = await db.selectFrom('conversations').select(['department_id', 'assignee_id']).where('customer_id', 'in', customerIds).execute();
  if (!rows.some((r) => canSee(user, r.department_id, r.assignee_id))) {
    throw new HubError('forbidden', "None of this customer's conversations is in your team's queue", { reason: 'customer.notVisible' });
  }
}
