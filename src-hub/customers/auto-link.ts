/**
 * Automatic linking of a new sender to an existing customer, at ingest.
 *
 * Only verified identifiers link (see `decideAutoLink`): the address an email came from, the
 * number WhatsApp or the phone switch reports. Everything weaker becomes a suggestion an agent
 * reviews in the customer panel.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { decideAutoLink, type Identifier, type IdentityFacts } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';
import { autoLinkCandidates } from './lookup.js';

/** The existing customer a new identity belongs to, or null when it starts a new customer. */
export async function autoLinkTarget(trx: Transaction<Database>, identity: IdentityFacts): Promise<{ customerId: string; via: Identifier } | null> {
  const candidates = await autoLinkCandidates(trx, identity);
  if (candidates.length === 0) return null;
  const decision = decideAutoLink(identity, candidates);
  return decision.kind === 'link' ? { customerId: decision.customerId, via: decision.via } : null;
}

/** Audit an automatic link: which identity joined whom, through which kind of identifier. */
export async function recordAutoLink(trx: Transaction<Database>, customerId: string, identityId: string, via: Identifier): Promise<void> {
  await trx
    .insertInto('customer_audit')
    .values({ id: randomUUID(), customer_id: customerId, action: 'auto-link', actor_id: null, detail: JSON.stringify({ identityId, via: via.kind }) })
    .execute();
}
