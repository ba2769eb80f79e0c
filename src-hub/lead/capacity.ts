/**
 * Agent capacity, enforced inside the database transaction that assigns.
 *
 * Every path that gives an agent a conversation through routing — auto-assignment, "next
 * conversation", an agent claiming one herself — first locks the conversation row, then the
 * agent's `users` row, then counts her open conversations on that channel.
 * The agent-row lock serialises concurrent assignments to one agent across transactions and hub
 * nodes, so two of them cannot both see "one slot left". The conversation is then taken with a
 * conditional update (`assignee_id is null`), so it can never get a second owner. The lock order
 * (conversation, then agent) is the same everywhere, so these paths cannot deadlock each other.
 *
 * A lead's manual assignment is an override and may exceed capacity on purpose.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Channel } from '../../src-shared/index.js';
import type { ConversationsTable, Database } from '../store/schema.js';

/** Routing's capacity for agents a lead has not given a profile yet. */
export const DEFAULT_CAPACITY = 5;

/**
 * Lock the agent (her `users` row, `for no key update`: it does not conflict with the key-share
 * locks that inserting her messages takes) and return her capacity on `channel`, or null when no
 * lead has saved a profile for her.
 */
export async function lockAgent(trx: Transaction<Database>, userId: string, channel: Channel): Promise<number | null> {
  await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst();
  const profile = await trx.selectFrom('agent_profiles').select(['capacity', 'default_capacity']).where('user_id', '=', userId).executeTakeFirst();
  if (!profile) return null;
  const capacity = (profile.capacity as Partial<Record<Channel, number>>)[channel];
  return typeof capacity === 'number' ? capacity : profile.default_capacity;
}

/**
 * Open (not closed) conversations of `userId` on `channel`, read under the agent lock.
 *
 * `overlay`: rows a `mutation:batch` holds locked and has changed but not written yet; they count
 * as the batch left them instead of as stored.
 */
export async function openLoad(
  trx: Transaction<Database>,
  userId: string,
  channel: Channel,
  overlay?: ReadonlyMap<string, Pick<Selectable<ConversationsTable>, 'assignee_id' | 'channel' | 'status'>>,
): Promise<number> {
  let query = trx
    .selectFrom('conversations')
    .select(sql<string | number>`count(*)`.as('n'))
    .where('assignee_id', '=', userId)
    .where('channel', '=', channel)
    .where('status', '!=', 'closed');
  if (overlay && overlay.size > 0) query = query.where('id', 'not in', [...overlay.keys()]);
  const row = await query.executeTakeFirstOrThrow();
  let n = Number(row.n);
  for (const c of overlay?.values() ?? []) if (c.assignee_id === userId && c.channel === channel && c.status !== 'closed') n++;
  return n;
}

/**
 * True when the agent may take one more conversation on `channel`; holds her lock until commit.
 *
 * `routing`: without a profile, routing assumes DEFAULT_CAPACITY; her own claims are limited only
 * once a lead saved her capacity.
 */
export async function hasFreeCapacity(
  trx: Transaction<Database>,
  userId: string,
  channel: Channel,
  overlay?: Parameters<typeof openLoad>[3],
  routing = false,
): Promise<boolean> {
  const capacity = (await lockAgent(trx, userId, channel)) ?? (routing ? DEFAULT_CAPACITY : null);
  if (capacity === null) return true;
  return (await openLoad(trx, userId, channel, overlay)) < capacity;
}
