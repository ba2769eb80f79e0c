/**
 * `mutation:batch`: a console's consecutive outbox rows applied in one transaction.
 *
 * Every item gets exactly the answer its single event would have given — the same zod schema, the
 * same role and visibility checks, the same dedupe by (client id, mutation id) and the same
 * stale-send guard — but the batch costs one transaction, one lock query for all its
 * conversations, one lookup of earlier results, one update per conversation, one insert of its
 * replies and one of their deliveries, one insert of the new results and one change-log append,
 * instead of one of each per item (see `BatchReads` for why the shared reads are sound).
 *
 * Order: items run in the order sent. When one fails for a transient reason (the database hiccuped),
 * the hub stops there and commits the items before it; that item and every later one answer
 * `internal`/`unavailable`, so the console retries from that item on and nothing overtakes it.
 */
import {
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type Transaction,
  type UnknownRow,
} from 'kysely';
import type { z } from 'zod';
import {
  AssignRequestSchema,
  LogCallRequestSchema,
  MUTATION_SCHEMAS,
  ScheduleCallbackRequestSchema,
  UpdateCallbackRequestSchema,
  UpdateCallRequestSchema,
  ROLES,
  SendReplyRequestSchema,
  SetStatusRequestSchema,
  TransferRequestSchema,
  UntagRequestSchema,
  SnoozeRequestSchema,
  type Ack,
  type Conversation,
  type ErrorCode,
  type MutationBatchRequestSchema,
  type MutationName,
  type Role,
  type User,
} from '../../src-shared/index.js';
import { CUSTOMER_MUTATIONS } from '../customers/events.js';
import { HubError, toWireError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import type { Database } from '../store/schema.js';
import type { Applied, BatchReads, MutationContext } from './mutations.js';
import { applyAssign, applySendReply, applySetStatus, applyTransfer } from './service.js';
import { applyUntag } from './collaboration.js';
import { applySnooze } from './snooze.js';
import { applyLogCall, applyScheduleCallback, applyUpdateCallback, applyUpdateCall } from '../telephony/service.js';

interface MutationSpec<S extends z.ZodType> {
  roles: readonly Role[];
  schema: S;
  apply: (ctx: MutationContext, req: z.output<S>) => Promise<Applied<unknown>>;
}

/** Who may run each mutation and how; the single events in realtime/server.ts use the same rules. */
export const MUTATION_SPECS: { [N in MutationName]: MutationSpec<(typeof MUTATION_SCHEMAS)[N]> } = {
  'message:send': { roles: ROLES, schema: SendReplyRequestSchema, apply: (ctx, req) => applySendReply(ctx, req) },
  'conversation:assign': { roles: ROLES, schema: AssignRequestSchema, apply: applyAssign },
  'conversation:set-status': { roles: ROLES, schema: SetStatusRequestSchema, apply: applySetStatus },
  'conversation:transfer': { roles: ROLES, schema: TransferRequestSchema, apply: applyTransfer },
  'conversation:untag': { roles: ROLES, schema: UntagRequestSchema, apply: applyUntag },
  'conversation:snooze': { roles: ROLES, schema: SnoozeRequestSchema, apply: applySnooze },
  'call:log': { roles: ROLES, schema: LogCallRequestSchema, apply: applyLogCall },
  'call:update': { roles: ROLES, schema: UpdateCallRequestSchema, apply: applyUpdateCall },
  'callback:schedule': { roles: ROLES, schema: ScheduleCallbackRequestSchema, apply: applyScheduleCallback },
  'callback:update': { roles: ROLES, schema: UpdateCallbackRequestSchema, apply: applyUpdateCallback },
  // Customer 360 edits (the panel works offline): see customers/service.ts.
  'customer:update': { roles: ROLES, schema: MUTATION_SCHEMAS['customer:update'], apply: CUSTOMER_MUTATIONS['customer:update'] },
  'customer:consent': { roles: ROLES, schema: MUTATION_SCHEMAS['customer:consent'], apply: CUSTOMER_MUTATIONS['customer:consent'] },
  'customer:consent-revoke': { roles: ROLES, schema: MUTATION_SCHEMAS['customer:consent-revoke'], apply: CUSTOMER_MUTATIONS['customer:consent-revoke'] },
  'customer:reward': { roles: ROLES, schema: MUTATION_SCHEMAS['customer:reward'], apply: CUSTOMER_MUTATIONS['customer:reward'] },
};

/** Codes after which a retry may succeed; every other refusal is final for that item. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['unavailable', 'internal']);

type BatchItem = z.output<typeof MutationBatchRequestSchema>['mutations'][number];
type Envelope = { clientId: string; mutationId: string };

interface Prepared {
  index: number;
  name: MutationName;
  envelope: Envelope;
  conversationId: string;
  /** The message a reply creates. */
  messageId: string | null;
  run: (ctx: MutationContext) => Promise<Applied<unknown>>;
}

export interface BatchOutcome {
  results: Ack<unknown>[];
  /** Newest sync id written, or 0 when nothing changed. */
  head: number;
  /** The unexpected error that stopped the batch, for the hub's log; null when none did. */
  failure: unknown;
}

const NOT_APPLIED: Ack<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'Not applied: an earlier mutation in this batch could not be completed. Send again from there.' },
};

const refusal = (error: HubError): Ack<never> => ({ ok: false, error: error.toWire() });

/** Role and payload checks of one item, as `bindEvent` does them for the single event. */
function prepare(user: User, item: BatchItem, index: number): Prepared | HubError {
  const spec = MUTATION_SPECS[item.name] as MutationSpec<z.ZodType>;
  if (!spec.roles.includes(user.role)) return new HubError('forbidden', `Your role (${user.role}) may not use ${item.name}`, { reason: 'request.roleForbidden', params: { role: user.role, event: item.name } });
  const parsed = spec.schema.safeParse(item.payload ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new HubError('bad_request', `Invalid ${item.name} request: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { reason: 'request.invalid', params: { event: item.name, details: issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ') }, issues });
  }
  const req = parsed.data as Envelope & { conversationId: string; messageId?: string };
  return {
    index,
    name: item.name,
    envelope: { clientId: req.clientId, mutationId: req.mutationId },
    conversationId: req.conversationId,
    messageId: req.messageId ?? null,
    run: (ctx) => spec.apply(ctx, parsed.data),
  };
}

const keyOf = (e: Envelope) => `${e.clientId}\n${e.mutationId}`;

interface StoredResult {
  user_id: string;
  name: string;
  result: unknown;
}

/** Earlier results of any of these mutations, in one query (the primary key serves it). */
async function storedResults(db: Kysely<Database> | Transaction<Database>, envelopes: Envelope[]): Promise<Map<string, StoredResult>> {
  if (envelopes.length === 0) return new Map();
  const rows = await db
    .selectFrom('mutations')
    .select(['client_id', 'mutation_id', 'user_id', 'name', 'result'])
    .where('client_id', 'in', [...new Set(envelopes.map((e) => e.clientId))])
    .where(
      'mutation_id',
      'in',
      envelopes.map((e) => e.mutationId),
    )
    .execute();
  return new Map(rows.map((r) => [keyOf({ clientId: r.client_id, mutationId: r.mutation_id }), r]));
}

const conflict = () => refusal(new HubError('conflict', 'This mutation id was already used for a different action', { reason: 'mutation.idReused' }));

/** A replay's answer: the original result, unless the id was used by someone else or for something else. */
function replayAck(user: User, name: string, stored: StoredResult): Ack<unknown> {
  // A mutation id reused by another user or for another action is a client bug, not a replay.
  if (stored.user_id !== user.id || stored.name !== name) return conflict();
  return { ok: true, data: stored.result };
}

const scopeKey = (c: Conversation) => `${c.departmentId}\n${c.assigneeId ?? ''}`;

/**
 * Changes waiting for the change log. A message's change-log scope comes from its conversation's
 * change in the same append, so appending a conversation again with another scope (an assignment or
 * transfer later in the batch) first flushes what is waiting: each item keeps the scope it would
 * have had as a single event.
 */
class ChangeBuffer {
  #pending: PendingChange[] = [];
  #scopes = new Map<string, string>();
  head = 0;

  constructor(private readonly trx: Transaction<Database>) {}

  async add(changes: PendingChange[]): Promise<void> {
    const rescoped = changes.some((c) => {
      if (c.entity !== 'conversation') return false;
      const before = this.#scopes.get(c.data.id);
      return before !== undefined && before !== scopeKey(c.data as Conversation);
    });
    if (rescoped) await this.flush();
    for (const c of changes) if (c.entity === 'conversation') this.#scopes.set(c.data.id, scopeKey(c.data as Conversation));
    this.#pending.push(...changes);
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    this.head = Math.max(this.head, await appendChanges(this.trx, this.#pending));
    this.#pending = [];
    this.#scopes.clear();
  }
}

/** Notes whether any statement since `dirty` was reset could have written (anything but a select). */
class WriteTracker implements KyselyPlugin {
  dirty = false;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node } = args;
    if (node.kind === 'SelectQueryNode') return node;
    if (node.kind === 'RawNode' && /^\s*select\b/i.test(node.sqlFragments.join(''))) return node;
    this.dirty = true;
    return node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** The fast path met something only savepoints can undo; the batch runs again with them. */
class NeedsSavepoints extends Error {}

/**
 * Run `toRun` in one transaction. Returns each item's answer, the change-log head and the error
 * that stopped the batch, if any.
 *
 * Fast path (`savepoints: false`): every refusal is decided by reads before an item writes
 * anything, so a refused item that wrote nothing needs no undo. Anything else — an unexpected
 * error, or a refusal after a write — throws {@link NeedsSavepoints}, and the caller runs the batch
 * again with a savepoint around every item, which undoes exactly that item and commits the ones
 * before it.
 */
async function runInTransaction(db: Kysely<Database>, user: User, toRun: Prepared[], savepoints: boolean) {
  return db.transaction().execute(async (plainTrx) => {
    const tracker = new WriteTracker();
    const trx = plainTrx.withPlugin(tracker);
    // Lock every conversation of the batch, in id order so two batches cannot deadlock.
    const ids = [...new Set(toRun.map((p) => p.conversationId))].sort();
    const locked = await trx.selectFrom('conversations').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
    // Another delivery of one of these mutations that committed while we waited for the locks is
    // visible now; one that has not committed cannot exist (it would hold one of the locks).
    const stored = await storedResults(trx, toRun.map((p) => p.envelope));
    const messageIds = toRun.flatMap((p) => (p.messageId ? [p.messageId] : []));
    const taken = messageIds.length > 0 ? await trx.selectFrom('messages').select('id').where('id', 'in', messageIds).execute() : [];
    const batch: BatchReads = {
      conversations: new Map(locked.map((row) => [row.id, row])),
      takenMessageIds: new Set(taken.map((row) => row.id)),
      newerMessages: new Map(),
      unsaved: new Set(),
      ...(savepoints ? {} : { pendingReplies: { messages: [], deliveries: [] } }),
    };
    /**
     * Insert the replies waiting in `batch.pendingReplies`: the messages, then their deliveries.
     * A failure here cannot be pinned on one item, so the batch runs again with savepoints, where
     * each reply is inserted by its own item.
     */
    const insertPendingReplies = async (): Promise<void> => {
      const pending = batch.pendingReplies;
      if (!pending || pending.messages.length === 0) return;
      try {
        await trx.insertInto('messages').values(pending.messages).execute();
        if (pending.deliveries.length > 0) await trx.insertInto('deliveries').values(pending.deliveries).execute();
      } catch (error) {
        throw new NeedsSavepoints('Inserting the batch’s replies failed', { cause: error });
      }
      pending.messages = [];
      pending.deliveries = [];
    };

    const answers = new Map<number, Ack<unknown>>();
    /** Answers by envelope: a mutation listed twice in one batch is answered like a replay. */
    const done = new Map<string, { name: string; ack: Ack<unknown> }>();
    const remembered: { p: Prepared; result: unknown }[] = [];
    const changes = new ChangeBuffer(trx);
    let failure: unknown = null;
    for (const p of toRun) {
      if (failure !== null) {
        answers.set(p.index, NOT_APPLIED);
        continue;
      }
      const key = keyOf(p.envelope);
      const earlier = stored.get(key);
      const twice = done.get(key);
      if (earlier) {
        answers.set(p.index, replayAck(user, p.name, earlier));
        continue;
      }
      if (twice) {
        answers.set(p.index, twice.name === p.name ? twice.ack : conflict());
        continue;
      }
      const before = batch.conversations.get(p.conversationId);
      // Other kinds of items may read the messages table: they see every reply before them.
      if (p.name !== 'message:send') await insertPendingReplies();
      const deferredBefore = batch.pendingReplies?.messages.length ?? 0;
      if (savepoints) await sql`savepoint batch_item`.execute(trx);
      tracker.dirty = false;
      try {
        const { result, changes: itemChanges } = await p.run({ trx, user, batch });
        if (savepoints) await sql`release savepoint batch_item`.execute(trx);
        await changes.add(itemChanges);
        remembered.push({ p, result });
        const ack: Ack<unknown> = { ok: true, data: result };
        answers.set(p.index, ack);
        done.set(key, { name: p.name, ack });
      } catch (error) {
        const refused = error instanceof HubError && !TRANSIENT.has(error.code);
        if (!savepoints) {
          // A reply queued for insertion counts as a write: it cannot be taken back alone.
          if (refused && !tracker.dirty && (batch.pendingReplies?.messages.length ?? 0) === deferredBefore) {
            if (before) batch.conversations.set(p.conversationId, before);
            answers.set(p.index, refusal(error));
            continue;
          }
          throw new NeedsSavepoints('An item failed after writing', { cause: error });
        }
        await sql`rollback to savepoint batch_item`.execute(trx);
        await sql`release savepoint batch_item`.execute(trx);
        // The item's writes are undone; so are its updates of the shared reads.
        if (before) batch.conversations.set(p.conversationId, before);
        if (p.messageId) batch.takenMessageIds.delete(p.messageId);
        batch.newerMessages.clear();
        if (refused) answers.set(p.index, refusal(error));
        else {
          failure = error;
          answers.set(p.index, { ok: false, error: toWireError(error) });
        }
      }
    }
    await insertPendingReplies();
    // Each changed conversation is written once, as the last item left it.
    for (const id of batch.unsaved) {
      const row = batch.conversations.get(id)!;
      await trx
        .updateTable('conversations')
        .set({
          version: row.version,
          updated_at: row.updated_at,
          snippet: row.snippet,
          last_message_at: row.last_message_at,
          waiting_since: row.waiting_since,
          assignee_id: row.assignee_id,
          status: row.status,
          department_id: row.department_id,
          tags: JSON.stringify(row.tags ?? []),
          snoozed_until: row.snoozed_until ?? null,
        })
        .where('id', '=', id)
        .execute();
    }
    // Results are remembered under their (client id, mutation id) key in the same transaction as
    // the changes, as the single events do — one insert for the whole batch.
    if (remembered.length > 0) {
      await trx
        .insertInto('mutations')
        .values(
          remembered.map(({ p, result }) => ({
            client_id: p.envelope.clientId,
            mutation_id: p.envelope.mutationId,
            user_id: user.id,
            name: p.name,
            result: JSON.stringify(result),
          })),
        )
        .execute();
    }
    await changes.flush();
    return { answers, head: changes.head, failure };
  });
}

/**
 * Apply a batch for `user`: one answer per item, in order (see the file comment for the rules).
 */
export async function runMutationBatch(db: Kysely<Database>, user: User, items: BatchItem[]): Promise<BatchOutcome> {
  const results: (Ack<unknown> | undefined)[] = new Array(items.length).fill(undefined);
  const prepared: Prepared[] = [];
  items.forEach((item, index) => {
    const p = prepare(user, item, index);
    if (p instanceof HubError) results[index] = refusal(p);
    else prepared.push(p);
  });
  // Replays answered without a transaction: the common case after a lost acknowledgement.
  const earlier = await storedResults(db, prepared.map((p) => p.envelope));
  const toRun = prepared.filter((p) => {
    const stored = earlier.get(keyOf(p.envelope));
    if (stored) results[p.index] = replayAck(user, p.name, stored);
    return !stored;
  });
  if (toRun.length === 0) return { results: results as Ack<unknown>[], head: 0, failure: null };

  try {
    let outcome;
    try {
      outcome = await runInTransaction(db, user, toRun, false);
    } catch (error) {
      if (!(error instanceof NeedsSavepoints)) throw error;
      outcome = await runInTransaction(db, user, toRun, true);
    }
    for (const [index, ack] of outcome.answers) results[index] = ack;
    return { results: results as Ack<unknown>[], head: outcome.head, failure: outcome.failure };
  } catch (error) {
    // Nothing of the transaction was committed: every item it held must be sent again.
    for (const p of toRun) results[p.index] = NOT_APPLIED;
    return { results: results as Ack<unknown>[], head: 0, failure: error };
  }
}
