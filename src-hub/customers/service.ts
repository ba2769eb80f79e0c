/**
 * Customer 360 actions other than merge and privacy: master data edits, consent records, rewards,
 * and match suggestions. Each writes its rows, an audit entry and the change log in one transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import {
  extractIdentifiers,
  identifiersOf,
  nameTokens,
  suggestMatches,
  type Consent,
  type Customer,
  type CustomerFacts,
  type GrantRewardRequestSchema,
  type MatchSuggestion,
  type RecordConsentRequestSchema,
  type RevokeConsentRequestSchema,
  type Reward,
  type UpdateCustomerRequestSchema,
  type User,
} from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import type { Applied, MutationContext } from '../conversations/mutations.js';
import { canSee, type PendingChange } from '../store/changes.js';
import type { Database, ScoreInputsJson } from '../store/schema.js';
import { toCustomer } from '../store/mappers.js';
import { customerFacts, customersHolding } from './lookup.js';
import { audit, toConsent, toReward } from './rows.js';
import { recomputeScore } from './score.js';

type Trx = Transaction<Database>;

/** The customer row, locked, refusing merged-away and erased customers. */
export async function activeCustomer(trx: Trx, customerId: string) {
  const row = await trx.selectFrom('customers').selectAll().where('id', '=', customerId).forUpdate().executeTakeFirst();
  if (!row) throw new HubError('not_found', 'No such customer', { reason: 'customer.notFound' });
  if (row.erased_at) throw new HubError('conflict', 'This customer was erased', { reason: 'customer.erased' });
  if (row.merged_into) throw new HubError('conflict', 'This customer was merged into another; work on that one or unmerge first', { reason: 'customer.merged' });
  return row;
}

const isUniqueViolation = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * Customer edits are outbox mutations: applied once per (client id, mutation id) through
 * `runMutation` (the single events) or `mutation:batch`, with their changes logged in the same
 * transaction. Inside a batch, the batch owns the conversation rows it locked, so a score change
 * does not touch conversations there (the score sweep raises their priority shortly after).
 */
const raiseIn = (ctx: MutationContext) => ({ raisePriority: ctx.batch === undefined });

/** The conversation the agent was in: it must exist (the batch locks it) and be one she may see. */
async function assertConversation(ctx: MutationContext, conversationId: string): Promise<void> {
  const row = ctx.batch?.conversations.get(conversationId) ?? (await ctx.trx.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst());
  if (!row || !canSee(ctx.user, row.department_id, row.assignee_id)) throw new HubError('not_found', 'No such conversation', { reason: 'conversation.notVisible' });
}

/** Edit master data and the agent-maintained score inputs. */
export async function applyUpdateCustomer(ctx: MutationContext, req: z.output<typeof UpdateCustomerRequestSchema>): Promise<Applied<{ customer: Customer }>> {
  const { trx, user } = ctx;
  await assertConversation(ctx, req.conversationId);
  const row = await activeCustomer(trx, req.customerId);
  const { helpfulAnswers, positiveMentions, name, language, country, customerNumber, segment, owner } = req.patch;
  if (customerNumber) {
    const taken = await trx.selectFrom('customers').select('id').where('customer_number', '=', customerNumber).where('id', '!=', req.customerId).executeTakeFirst();
    if (taken) throw new HubError('conflict', 'Another customer has this customer number', { reason: 'customer.numberTaken' });
  }
  const inputs = { ...((row.score_inputs ?? {}) as Partial<ScoreInputsJson>) };
  if (helpfulAnswers !== undefined) inputs.helpfulAnswers = helpfulAnswers;
  if (positiveMentions !== undefined) inputs.positiveMentions = positiveMentions;
  await trx
    .updateTable('customers')
    .set({
      ...(name !== undefined ? { name } : {}),
      ...(language !== undefined ? { language } : {}),
      ...(country !== undefined ? { country: country?.toUpperCase() ?? null } : {}),
      ...(customerNumber !== undefined ? { customer_number: customerNumber } : {}),
      ...(segment !== undefined ? { segment } : {}),
      ...(owner !== undefined ? { owner } : {}),
      score_inputs: JSON.stringify(inputs),
      updated_at: new Date(),
    })
    .where('id', '=', req.customerId)
    .execute();
  await audit(trx, req.customerId, 'update', user.id, { fields: Object.keys(req.patch) });
  const changes: PendingChange[] = [];
  const customer = await recomputeScore(trx, req.customerId, changes, raiseIn(ctx));
  // recomputeScore logs the customer only when the score changed; the edit always is.
  if (!changes.some((c) => c.entity === 'customer')) changes.push({ entity: 'customer', data: customer });
  return { result: { customer }, changes };
}

/** Record a consent (source and date); a social-profile consent links profile data into the score. */
export async function applyRecordConsent(ctx: MutationContext, req: z.output<typeof RecordConsentRequestSchema>): Promise<Applied<{ consent: Consent }>> {
  const { trx, user } = ctx;
  await assertConversation(ctx, req.conversationId);
  await activeCustomer(trx, req.customerId);
  if (req.identityId) {
    const identity = await trx.selectFrom('identities').select('customer_id').where('id', '=', req.identityId).executeTakeFirst();
    if (identity?.customer_id !== req.customerId) throw new HubError('bad_request', 'That identity does not belong to this customer', { reason: 'consent.foreignIdentity' });
  }
  if (Date.parse(req.grantedAt) > Date.now() + 60_000) throw new HubError('bad_request', 'A consent cannot be dated in the future', { reason: 'consent.future' });
  if (await trx.selectFrom('customer_consents').select('id').where('id', '=', req.consentId).executeTakeFirst()) {
    throw new HubError('conflict', 'A consent with this id exists already', { reason: 'consent.idTaken' });
  }
  const row = await trx
    .insertInto('customer_consents')
    .values({ id: req.consentId, customer_id: req.customerId, identity_id: req.identityId, purpose: req.purpose, source: req.source, granted_at: req.grantedAt, revoked_at: null, recorded_by: user.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  const consent = toConsent(row);
  await audit(trx, req.customerId, 'consent', user.id, { consentId: consent.id, purpose: req.purpose });
  const changes: PendingChange[] = [{ entity: 'consent', data: consent }];
  await recomputeScore(trx, req.customerId, changes, raiseIn(ctx));
  return { result: { consent }, changes };
}

/** Revoke a consent; profile data stops counting at once. */
export async function applyRevokeConsent(ctx: MutationContext, req: z.output<typeof RevokeConsentRequestSchema>): Promise<Applied<{ consent: Consent }>> {
  const { trx, user } = ctx;
  await assertConversation(ctx, req.conversationId);
  const row = await trx
    .updateTable('customer_consents')
    .set({ revoked_at: new Date() })
    .where('id', '=', req.consentId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new HubError('not_found', 'No such active consent', { reason: 'consent.notFound' });
  const consent = toConsent(row);
  await audit(trx, row.customer_id, 'consent-revoke', user.id, { consentId: req.consentId });
  const changes: PendingChange[] = [{ entity: 'consent', data: consent }];
  await recomputeScore(trx, row.customer_id, changes, raiseIn(ctx));
  return { result: { consent }, changes };
}

/** Issue a coupon to a customer; it shows in their timeline on every console. */
export async function applyGrantReward(ctx: MutationContext, req: z.output<typeof GrantRewardRequestSchema>): Promise<Applied<{ reward: Reward }>> {
  const { trx, user } = ctx;
  await assertConversation(ctx, req.conversationId);
  await activeCustomer(trx, req.customerId);
  const clash = await trx
    .selectFrom('customer_rewards')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', req.rewardId), eb('code', '=', req.code)]))
    .executeTakeFirst();
  if (clash) throw new HubError('conflict', 'This coupon code was issued before', { reason: 'reward.couponTaken' });
  const row = await trx
    .insertInto('customer_rewards')
    .values({ id: req.rewardId, customer_id: req.customerId, kind: 'coupon', code: req.code, note: req.note, granted_by: user.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  const reward = toReward(row);
  await audit(trx, req.customerId, 'reward', user.id, { rewardId: reward.id });
  return { result: { reward }, changes: [{ entity: 'reward', data: reward }] };
}

/**
 * Likely matches for a customer: holders of the same or a mentioned address or number, customers
 * who wrote the same order number, and similar names — each with its reasons and warnings.
 */
export async function suggestionsFor(db: Kysely<Database>, customerId: string): Promise<(MatchSuggestion & { customer: Customer })[]> {
  const target = (await customerFacts(db, [customerId]))[0];
  if (!target) throw new HubError('not_found', 'No such customer', { reason: 'customer.notFound' });
  const texts = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.body')
    .where('conversations.customer_id', '=', customerId)
    .where('messages.direction', '=', 'inbound')
    .orderBy('messages.created_at', 'desc')
    .limit(50)
    .execute();
  const mentioned = extractIdentifiers(texts.map((t) => t.body).join('\n'));
  const ownIds = target.identities.flatMap(identifiersOf);
  const byIdentifier = await customersHolding(db, [
    ...ownIds,
    ...mentioned.emails.map((value) => ({ kind: 'email' as const, value, verified: false })),
    ...mentioned.phones.map((value) => ({ kind: 'phone' as const, value, verified: false })),
  ]);
  const byName = await similarlyNamed(db, target.name);
  const orderNumbers = new Map<string, string[]>();
  const byOrder: string[] = [];
  for (const order of mentioned.orderNumbers.slice(0, 5)) {
    const rows = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('customers', 'customers.id', 'conversations.customer_id')
      .select(['conversations.customer_id', 'messages.body'])
      .where('messages.direction', '=', 'inbound')
      .where('conversations.customer_id', '!=', customerId)
      .where('customers.merged_into', 'is', null)
      .where('customers.erased_at', 'is', null)
      .where(sql<boolean>`strpos(upper(messages.body), ${order}) > 0`)
      .limit(20)
      .execute();
    for (const r of rows) {
      if (!extractIdentifiers(r.body).orderNumbers.includes(order)) continue;
      orderNumbers.set(r.customer_id, [...new Set([...(orderNumbers.get(r.customer_id) ?? []), order])]);
      byOrder.push(r.customer_id);
    }
  }
  const known = new Set([...byIdentifier.map((c) => c.id), ...byName.map((c) => c.id)]);
  const extra = await customerFacts(db, [...new Set(byOrder)].filter((id) => !known.has(id)));
  const candidates = dedupe([...byIdentifier, ...byName, ...extra]).filter((c) => c.id !== customerId);
  const holders = await holderCounts(db, customerId, [...ownIds.filter((i) => i.kind !== 'provider').map((i) => i.value), ...mentioned.emails, ...mentioned.phones]);
  const suggestions = suggestMatches({ target, mentioned, candidateOrderNumbers: orderNumbers, candidates, holders }).slice(0, 10);
  if (suggestions.length === 0) return [];
  const rows = await db.selectFrom('customers').selectAll().where('id', 'in', suggestions.map((s) => s.customerId)).execute();
  const byId = new Map(rows.map((r) => [r.id, toCustomer(r)]));
  return suggestions.filter((s) => byId.has(s.customerId)).map((s) => ({ ...s, customer: byId.get(s.customerId)! }));
}

function dedupe(list: CustomerFacts[]): CustomerFacts[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

/** Active customers sharing a name token of at least three letters with `name`. */
async function similarlyNamed(db: Kysely<Database>, name: string): Promise<CustomerFacts[]> {
  const tokens = nameTokens(name).filter((t) => t.length >= 3).slice(0, 3);
  if (tokens.length === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('merged_into', 'is', null)
    .where('erased_at', 'is', null)
    .where((eb) => eb.or(tokens.map((t) => eb(sql`lower(name)`, 'like', `%${t.replace(/[%_\\]/g, '')}%`))))
    .limit(30)
    .execute();
  return customerFacts(db, rows.map((r) => r.id));
}

/** How many active customers besides `targetId` hold each address or number (more than one: a shared identifier). */
async function holderCounts(db: Kysely<Database>, targetId: string, values: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const value of new Set(values)) {
    const kind = value.includes('@') ? ('email' as const) : ('phone' as const);
    const holders = await customersHolding(db, [{ kind, value, verified: false }]);
    // Only identities that really carry it (the lookup narrows by handle or provider id).
    counts.set(value, holders.filter((h) => h.id !== targetId && h.identities.some((i) => identifiersOf(i).some((x) => x.value === value))).length);
  }
  return counts;
}
