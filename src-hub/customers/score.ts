/**
 * Recomputing a customer's Social Customer Score from what the hub knows, and feeding it into
 * queue priority.
 *
 * Social profile figures (followers, verification) count only while the customer has an active
 * `social-profile` consent: without it, profile data is not linked to the master data (DSGVO).
 */
import { sql, type Transaction } from 'kysely';
import { isPositiveMention, scoreOf, type Customer } from '../../src-shared/index.js';
import type { PendingChange } from '../store/changes.js';
import { toConversation, toCustomer } from '../store/mappers.js';
import type { Database, ScoreInputsJson } from '../store/schema.js';

const DAY_MS = 86_400_000;

/**
 * Count the customer's recent messages and public praise, read the latest social profile figures
 * (when consented), store the inputs and the priority boost, and raise the priority of their open
 * conversations to the boost. Adds the change-log entries to `changes`; returns the customer.
 */
export async function recomputeScore(
  trx: Transaction<Database>,
  customerId: string,
  changes: PendingChange[],
  options: { raisePriority: boolean } = { raisePriority: true },
): Promise<Customer> {
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
  const stored = (customer.score_inputs ?? {}) as Partial<ScoreInputsJson> & { mentionsDetected?: number };
  const since = new Date(Date.now() - 90 * DAY_MS);
  const recent = await trx
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.body', 'conversations.kind', 'messages.channel', 'messages.channel_meta'])
    .where('conversations.customer_id', '=', customerId)
    .where('messages.direction', '=', 'inbound')
    .where('messages.created_at', '>=', since)
    .orderBy('messages.created_at', 'desc')
    .limit(1000)
    .execute();
  const mentionsDetected = recent.filter((m) => m.kind !== 'message' && isPositiveMention(m.body)).length;
  const consented = await trx
    .selectFrom('customer_consents')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('purpose', '=', 'social-profile')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  // X's webhook user objects carry follower counts and the verified flag (see channels/x/parse.ts).
  const author = recent.map((m) => (m.channel_meta as { author?: { followersCount?: unknown; verified?: unknown } }).author).find((a) => a !== undefined);
  const inputs = {
    followers: typeof author?.followersCount === 'number' ? author.followersCount : (stored.followers ?? null),
    verified: stored.verified === true || author?.verified === true,
    helpfulAnswers: stored.helpfulAnswers ?? 0,
    positiveMentions: stored.positiveMentions ?? 0,
    messages90d: recent.length,
    mentionsDetected,
  };
  const score = scoreOf(toCustomer({ ...customer, score_inputs: inputs }).scoreInputs, consented !== undefined);
  const unchanged = JSON.stringify(customer.score_inputs) === JSON.stringify(inputs) && customer.priority_boost === score.priorityBoost;
  const row = unchanged
    ? customer
    : await trx
        .updateTable('customers')
        .set({ score_inputs: JSON.stringify(inputs), priority_boost: score.priorityBoost })
        .where('id', '=', customerId)
        .returningAll()
        .executeTakeFirstOrThrow();
  if (!unchanged) changes.push({ entity: 'customer', data: toCustomer(row) });
  if (!options.raisePriority) return toCustomer(row);
  const raised = await trx
    .updateTable('conversations')
    .set((eb) => ({ priority: sql<number>`${score.priorityBoost}::int`, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('customer_id', '=', customerId)
    .where('status', '!=', 'closed')
    .where('priority', '<', score.priorityBoost)
    .returningAll()
    .execute();
  for (const c of raised) changes.push({ entity: 'conversation', data: toConversation(c) });
  return toCustomer(row);
}
