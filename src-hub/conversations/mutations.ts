/**
 * Idempotent execution of console mutations.
 *
 * A console retries a mutation whose acknowledgement it never received. The (client id,
 * mutation id) primary key of `mutations` recognises the replay, and the stored result is
 * returned instead of applying the change twice. The result row is written in the same
 * transaction as the change, so "applied" and "remembered" cannot disagree after a crash.
 */
import type { Kysely, Transaction } from 'kysely';
import type { User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import type { Database } from '../store/schema.js';

export interface MutationContext {
  trx: Transaction<Database>;
  user: User;
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
  apply: (ctx: MutationContext) => Promise<{ result: T; changes: PendingChange[] }>,
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
  db: Kysely<Database>,
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
    throw new HubError('conflict', 'This mutation id was already used for a different action');
  }
  return row.result as T;
}
