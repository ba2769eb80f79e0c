/**
 * Merge and unmerge in the database: read the two customers' graph, let the pure plan in
 * src-shared/domain/customer-merge.ts decide, write exactly what changed, and log it — customers,
 * moved identities, conversations, consents and rewards — so every console's cache follows.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  MERGE_FIELDS,
  MergeRuleError,
  OWNED_KINDS,
  planMerge,
  planUnmerge,
  type Customer,
  type CustomerGraph,
  type CustomerMaster,
  type FieldChoices,
  type MergeRecord,
  type MergeSnapshot,
  type OwnedKind,
  type User,
} from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { toConversation, toCustomer, toIdentity } from '../store/mappers.js';
import type { Database } from '../store/schema.js';
import { audit, toConsent, toMergeRecord, toReward } from './rows.js';
import { recomputeScore } from './score.js';

type Trx = Transaction<Database>;

const TABLE_OF: Record<OwnedKind, 'identities' | 'conversations' | 'customer_consents' | 'customer_rewards'> = {
  identities: 'identities',
  conversations: 'conversations',
  consents: 'customer_consents',
  rewards: 'customer_rewards',
};

/** Read the part of the data a merge of these customers touches, locking the customers. */
export async function readGraph(trx: Trx, customerIds: string[]): Promise<CustomerGraph> {
  // updated_at as PostgreSQL's own text: a JS Date would cut microseconds, and unmerge restores exactly.
  const rows = await trx
    .selectFrom('customers')
    .selectAll()
    .select(sql<string>`updated_at::text`.as('updated_at_text'))
    .where('id', 'in', customerIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  const customers: CustomerGraph['customers'] = {};
  for (const r of rows) {
    customers[r.id] = {
      id: r.id,
      name: r.name,
      language: r.language,
      country: r.country,
      customerNumber: r.customer_number,
      segment: r.segment,
      owner: r.owner,
      mergedInto: r.merged_into,
      scoreInputs: r.score_inputs,
      priorityBoost: r.priority_boost,
      updatedAt: r.updated_at_text,
    };
  }
  const owners = {} as CustomerGraph['owners'];
  for (const kind of OWNED_KINDS) {
    const owned = await trx.selectFrom(TABLE_OF[kind]).select(['id', 'customer_id']).where('customer_id', 'in', customerIds).execute();
    owners[kind] = Object.fromEntries(owned.map((o) => [o.id, o.customer_id]));
  }
  return { customers, owners };
}

/** Write the difference between two graphs and collect the change-log entries it makes. */
export async function writeGraph(trx: Trx, before: CustomerGraph, after: CustomerGraph, changes: PendingChange[]): Promise<void> {
  const changed = Object.values(after.customers).filter((c) => JSON.stringify(c) !== JSON.stringify(before.customers[c.id]));
  // Customer numbers are unique: release every changed one first, then set the final values.
  const releasing = changed.filter((c) => before.customers[c.id]?.customerNumber !== null).map((c) => c.id);
  if (releasing.length) await trx.updateTable('customers').set({ customer_number: null }).where('id', 'in', releasing).execute();
  for (const c of changed) {
    const row = await trx.updateTable('customers').set(masterColumns(c)).where('id', '=', c.id).returningAll().executeTakeFirstOrThrow();
    changes.push({ entity: 'customer', data: toCustomer(row) });
  }
  for (const kind of OWNED_KINDS) {
    const byTarget = new Map<string, string[]>();
    for (const [id, owner] of Object.entries(after.owners[kind])) {
      if (before.owners[kind][id] === owner) continue;
      byTarget.set(owner, [...(byTarget.get(owner) ?? []), id]);
    }
    for (const [owner, ids] of byTarget) await moveRows(trx, kind, ids, owner, changes);
  }
}

function masterColumns(c: CustomerMaster) {
  return {
    name: c.name,
    language: c.language,
    country: c.country,
    customer_number: c.customerNumber,
    segment: c.segment,
    owner: c.owner,
    merged_into: c.mergedInto,
    score_inputs: c.scoreInputs === null || c.scoreInputs === undefined ? null : JSON.stringify(c.scoreInputs),
    priority_boost: c.priorityBoost,
    updated_at: c.updatedAt,
  };
}

async function moveRows(trx: Trx, kind: OwnedKind, ids: string[], customerId: string, changes: PendingChange[]): Promise<void> {
  switch (kind) {
    case 'identities': {
      const rows = await trx.updateTable('identities').set({ customer_id: customerId }).where('id', 'in', ids).returningAll().execute();
      for (const r of rows) changes.push({ entity: 'identity', data: toIdentity(r) });
      return;
    }
    case 'conversations': {
      // The version bump makes every console take the new customer (its version guard skips equal versions).
      const rows = await trx
        .updateTable('conversations')
        .set((eb) => ({ customer_id: customerId, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', 'in', ids)
        .returningAll()
        .execute();
      for (const r of rows) changes.push({ entity: 'conversation', data: toConversation(r) });
      return;
    }
    case 'consents': {
      const rows = await trx.updateTable('customer_consents').set({ customer_id: customerId }).where('id', 'in', ids).returningAll().execute();
      for (const r of rows) changes.push({ entity: 'consent', data: toConsent(r) });
      return;
    }
    case 'rewards': {
      const rows = await trx.updateTable('customer_rewards').set({ customer_id: customerId }).where('id', 'in', ids).returningAll().execute();
      for (const r of rows) changes.push({ entity: 'reward', data: toReward(r) });
      return;
    }
  }
}

const ruleError = (error: unknown): never => {
  if (error instanceof MergeRuleError) throw new HubError('conflict', error.message, { reason: 'merge.rule', params: { details: error.message } });
  throw error;
};

/**
 * Merge `mergedId` into `survivorId` with a per-field choice, in one transaction.
 *
 * @throws HubError('not_found') for an unknown or erased customer, ('conflict') for one already merged.
 */
export async function mergeCustomers(
  db: Kysely<Database>,
  user: User,
  req: { survivorId: string; mergedId: string; choices: FieldChoices },
): Promise<{ merge: MergeRecord; customer: Customer; head: number }> {
  return db.transaction().execute(async (trx) => {
    const before = await readGraph(trx, [req.survivorId, req.mergedId]);
    await assertActive(trx, [req.survivorId, req.mergedId], before);
    const now = new Date().toISOString();
    let plan: ReturnType<typeof planMerge>;
    try {
      plan = planMerge(before, req.survivorId, req.mergedId, req.choices, now);
    } catch (error) {
      return ruleError(error);
    }
    const changes: PendingChange[] = [];
    await writeGraph(trx, before, plan.graph, changes);
    await withSurvivorRows(trx, req.survivorId, changes);
    const fieldsTaken = MERGE_FIELDS.filter((f) => req.choices[f] === 'merged');
    const row = await trx
      .insertInto('customer_merges')
      .values({
        id: randomUUID(),
        survivor_id: req.survivorId,
        merged_id: req.mergedId,
        merged_name: plan.snapshot.mergedBefore.name,
        fields_taken: JSON.stringify(fieldsTaken),
        snapshot: JSON.stringify(plan.snapshot),
        created_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const merge = toMergeRecord(row);
    changes.push({ entity: 'merge', data: merge });
    const detail = { mergeId: merge.id, survivorId: req.survivorId, mergedId: req.mergedId, fieldsTaken, moved: countMoved(plan.snapshot) };
    await audit(trx, req.survivorId, 'merge', user.id, detail);
    await audit(trx, req.mergedId, 'merge', user.id, detail);
    const customer = await recomputeScore(trx, req.survivorId, changes);
    return { merge, customer, head: await appendChanges(trx, changes) };
  });
}

/**
 * Undo a merge from its stored snapshot, in one transaction.
 *
 * @throws HubError('not_found') for an unknown merge, ('conflict') for one already undone, whose
 * snapshot was erased, or whose survivor was merged again since.
 */
export async function unmergeCustomers(db: Kysely<Database>, user: User, mergeId: string): Promise<{ merge: MergeRecord; head: number }> {
  return db.transaction().execute(async (trx) => {
    const record = await trx.selectFrom('customer_merges').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!record) throw new HubError('not_found', 'No such merge', { reason: 'merge.notFound' });
    if (record.undone_at) throw new HubError('conflict', 'This merge was already undone', { reason: 'merge.undone' });
    if (!record.snapshot) throw new HubError('conflict', 'This merge cannot be undone: a customer in it was erased', { reason: 'merge.erasedInside' });
    const snapshot = record.snapshot as MergeSnapshot;
    const before = await readGraph(trx, [record.survivor_id, record.merged_id]);
    let after: CustomerGraph;
    try {
      after = planUnmerge(before, snapshot);
    } catch (error) {
      return ruleError(error);
    }
    const changes: PendingChange[] = [];
    await writeGraph(trx, before, after, changes);
    const row = await trx
      .updateTable('customer_merges')
      .set({ undone_at: new Date(), undone_by: user.id, snapshot: null })
      .where('id', '=', mergeId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const merge = toMergeRecord(row);
    changes.push({ entity: 'merge', data: merge });
    const detail = { mergeId, survivorId: record.survivor_id, mergedId: record.merged_id };
    await audit(trx, record.survivor_id, 'unmerge', user.id, detail);
    await audit(trx, record.merged_id, 'unmerge', user.id, detail);
    return { merge, head: await appendChanges(trx, changes) };
  });
}

/**
 * Log the survivor's own identities, consents and rewards too: a console that had none of its
 * conversations (a customer only the CRM knew) never cached them, and now sees the customer.
 */
async function withSurvivorRows(trx: Trx, survivorId: string, changes: PendingChange[]): Promise<void> {
  const logged = new Set(changes.map((c) => `${c.entity}:${c.data.id}`));
  const [identities, consents, rewards] = await Promise.all([
    trx.selectFrom('identities').selectAll().where('customer_id', '=', survivorId).execute(),
    trx.selectFrom('customer_consents').selectAll().where('customer_id', '=', survivorId).execute(),
    trx.selectFrom('customer_rewards').selectAll().where('customer_id', '=', survivorId).execute(),
  ]);
  const more: PendingChange[] = [
    ...identities.map((r): PendingChange => ({ entity: 'identity', data: toIdentity(r) })),
    ...consents.map((r): PendingChange => ({ entity: 'consent', data: toConsent(r) })),
    ...rewards.map((r): PendingChange => ({ entity: 'reward', data: toReward(r) })),
  ];
  changes.push(...more.filter((c) => !logged.has(`${c.entity}:${c.data.id}`)));
}

async function assertActive(trx: Trx, ids: string[], graph: CustomerGraph): Promise<void> {
  for (const id of ids) if (!graph.customers[id]) throw new HubError('not_found', 'No such customer', { reason: 'customer.notFound' });
  const erased = await trx.selectFrom('customers').select('id').where('id', 'in', ids).where('erased_at', 'is not', null).execute();
  if (erased.length) throw new HubError('conflict', 'An erased customer cannot be merged', { reason: 'merge.erased' });
}

function countMoved(snapshot: MergeSnapshot): Record<OwnedKind, number> {
  return Object.fromEntries(OWNED_KINDS.map((k) => [k, snapshot.moved[k].length])) as Record<OwnedKind, number>;
}
