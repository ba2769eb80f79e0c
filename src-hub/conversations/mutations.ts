/**
 * Idempotent execution of console mutations.
 *
 * A console retries a mutation whose acknowledgement it never received. The (client id,
 * mutation id) primary key of `mutations` recognises the replay, and the stored result is
 * returned instead of applying the change twice. The result row is written in the same
 * transaction as the change, so "applied" and "remembered" cannot disagree after a crash.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import type { ConversationsTable, Database, DeliveriesTable, MessagesTable } from '../store/schema.js';

export interface MutationContext {
  trx: Transaction<Database>;
  user: User;
  /** Present inside `mutation:batch`: reads made once for every item (see batch.ts). */
  batch?: BatchReads;
}

/**
 * What a batch reads once, up front, instead of once per item.
 *
 * Sound because the batch first locks every conversation it touches (`for update`): until it
 * commits, no one else can change those rows, and no one else's message to them can commit —
 * a colleague's reply locks the conversation first, and ingest updates the conversation row in the
 * same transaction as the customer's message. The batch's own items keep the caches current.
 */
export interface BatchReads {
  /** The locked conversations, as the latest item left them. */
  conversations: Map<string, Selectable<ConversationsTable>>;
  /** Conversations changed in `conversations` and not yet written; written once at the end. */
  unsaved: Set<string>;
  /** Message ids already stored, before the batch or by an earlier item. */
  takenMessageIds: Set<string>;
  /**
   * Stale-guard lookups, by conversation and `seen.lastMessageAt`. The agent's own messages (all
   * the batch can add) never count, so one answer holds for the whole batch.
   */
  newerMessages: Map<string, { direction: string }[]>;
  /**
   * Replies (and their delivery rows) of this batch's `message:send` items not inserted yet: batch.ts
   * inserts them together — one statement for the messages, one for the deliveries — before any
   * other kind of item runs and when the items are done. Absent when the batch runs with
   * savepoints, where each item's writes must be undone on their own.
   */
  pendingReplies?: { messages: Insertable<MessagesTable>[]; deliveries: Insertable<DeliveriesTable>[] };
}

/** What a mutation's apply step returns: its result and the change-log entries to commit with it. */
export interface Applied<T> {
  result: T;
  changes: PendingChange[];
}

export interface MutationOutcome<T> {
  result: T;
  /** Newest sync id written, or 0 when nothing changed (a replay). */
  head: number;
}

/**
 * Run `apply` once per (clientId, mutationId).
 *
 * `apply` returns the result and the change-log entries; both are committed together.
 */
export async function runMutation<T>(
  db: Kysely<Database>,
  user: User,
  envelope: { clientId: string; mutationId: string },
  name: string,
  apply: (ctx: MutationContext) => Promise<Applied<T>>,
): Promise<MutationOutcome<T>> {
  const replay = await findResult<T>(db, user, envelope, name);
  if (replay) return { result: replay, head: 0 };
  try {
    return await db.transaction().execute(async (trx) => {
      const { result, changes } = await apply({ trx, user });
      await trx
        .insertInto('mutations')
        .values({
          client_id: envelope.clientId,
          mutation_id: envelope.mutationId,
          user_id: user.id,
          name,
          result: JSON.stringify(result),
        })
        .execute();
      const head = await appendChanges(trx, changes);
      return { result, head };
    });
  } catch (error) {
    // Two deliveries of the same mutation raced and this one lost. It fails either on a unique
    // key or — having waited on the winner's row lock — on a check that now sees the winner's rows
    // ("message id already exists"). Either way the winner's stored result is the answer.
    const winner = await findResult<T>(db, user, envelope, name);
    if (winner) return { result: winner, head: 0 };
    throw error;
  }
}

async function findResult<T>(
  db: Kysely<Database> | Transaction<Database>,
  user: User,
  envelope: { clientId: string; mutationId: string },
  name: string,
): Promise<T | null> {
  const row = await db
    .selectFrom('mutations')
    .select(['user_id', 'name', 'result'])
    .where('client_id', '=', envelope.clientId)
    .where('mutation_id', '=', envelope.mutationId)
    .executeTakeFirst();
  if (!row) return null;
  // A mutation id reused by another user or for another action is a client bug, not a replay.
  if (row.user_id !== user.id || row.name !== name) {
    throw new HubError('conflict', 'This mutation id was already used for a different action', { reason: 'mutation.idReused' });
  }
  return row.result as T;
}
