/**
 * Snapshots for bootstrapping a console: open work first, then closed history page by page.
 *
 * The queue snapshot reads the change-log head *before* the rows. Changes committed in between are
 * then both in the snapshot and pulled again afterwards; applying them twice is harmless (the
 * console keeps the higher conversation version), whereas reading the head afterwards could skip one.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { isLeadRole, type Snapshot, type User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { headSyncId } from './changes.js';
import { toConversation, toCustomer, toIdentity, toMessage, toUser } from './mappers.js';
import type { Database } from './schema.js';

/** The same rule as `canSee` in changes.ts, as a query filter. */
function visibleTo<QB extends SelectQueryBuilder<Database, 'conversations', any>>(query: QB, viewer: User): QB {
  if (isLeadRole(viewer.role)) return query;
  return query.where((eb) =>
    eb.or([
      eb('conversations.assignee_id', '=', viewer.id),
      ...(viewer.departments.length > 0 ? [eb('conversations.department_id', 'in', viewer.departments)] : []),
    ]),
  ) as QB;
}

/** How many of the latest messages of each open conversation the queue snapshot carries. */
const RECENT_MESSAGES = 30;

async function withCustomers(
  db: Kysely<Database>,
  conversations: ReturnType<typeof toConversation>[],
): Promise<Pick<Snapshot, 'customers' | 'identities'>> {
  const customerIds = [...new Set(conversations.map((c) => c.customerId))];
  if (customerIds.length === 0) return { customers: [], identities: [] };
  const [customers, identities] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute(),
    db.selectFrom('identities').selectAll().where('customer_id', 'in', customerIds).execute(),
  ]);
  return { customers: customers.map(toCustomer), identities: identities.map(toIdentity) };
}

/** Everything not closed, with customers, recent messages and all staff. */
export async function queueSnapshot(db: Kysely<Database>, viewer: User): Promise<Snapshot> {
  const cursor = await headSyncId(db);
  const rows = await visibleTo(db.selectFrom('conversations').selectAll().where('status', '!=', 'closed'), viewer).execute();
  const conversations = rows.map(toConversation);
  const ids = conversations.map((c) => c.id);
  const messages =
    ids.length === 0
      ? []
      : await db
          .selectFrom((eb) =>
            eb
              .selectFrom('messages')
              .selectAll()
              .select(sql<number>`row_number() over (partition by conversation_id order by created_at desc)`.as('rn'))
              .where('conversation_id', 'in', ids)
              .as('m'),
          )
          .selectAll()
          .where('rn', '<=', RECENT_MESSAGES)
          .execute();
  const users = await db.selectFrom('users').selectAll().execute();
  return {
    conversations,
    messages: messages.map((m) => toMessage(m)),
    ...(await withCustomers(db, conversations)),
    users: users.map(toUser),
    cursor,
    next: null,
    total: conversations.length,
  };
}

interface HistoryToken {
  at: string;
  id: string;
}

function decodeToken(token: string | null): HistoryToken | null {
  if (token === null) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<HistoryToken>;
    if (typeof parsed.at === 'string' && typeof parsed.id === 'string' && !Number.isNaN(Date.parse(parsed.at))) {
      return { at: parsed.at, id: parsed.id };
    }
  } catch {
    // fall through
  }
  throw new HubError('bad_request', 'Invalid history page token');
}

const encodeToken = (token: HistoryToken): string => Buffer.from(JSON.stringify(token)).toString('base64url');

/** One page of closed conversations, newest first, with all their messages. */
export async function historyPage(db: Kysely<Database>, viewer: User, after: string | null, limit: number): Promise<Snapshot> {
  const from = decodeToken(after);
  let query = visibleTo(db.selectFrom('conversations').selectAll().where('status', '=', 'closed'), viewer)
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (from) {
    const at = new Date(from.at);
    query = query.where((eb) =>
      eb.or([eb('last_message_at', '<', at), eb.and([eb('last_message_at', '=', at), eb('id', '<', from.id)])]),
    );
  }
  const rows = await query.execute();
  const conversations = rows.map(toConversation);
  const ids = conversations.map((c) => c.id);
  const messages = ids.length === 0 ? [] : await db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).execute();
  const total = await visibleTo(
    db.selectFrom('conversations').select((eb) => eb.fn.countAll<string | number>().as('n')).where('status', '=', 'closed'),
    viewer,
  ).executeTakeFirstOrThrow();
  const last = conversations.at(-1);
  return {
    conversations,
    messages: messages.map(toMessage),
    ...(await withCustomers(db, conversations)),
    users: [],
    cursor: 0,
    next: rows.length === limit && last ? encodeToken({ at: last.lastMessageAt, id: last.id }) : null,
    total: Number(total.n),
  };
}

/**
 * One conversation with all its messages and its customer: for a console that just gained
 * access to it (transferred into the agent's team, assigned to her) and lacks its history.
 */
export async function conversationSnapshot(db: Kysely<Database>, viewer: User, conversationId: string): Promise<Snapshot> {
  const rows = await visibleTo(db.selectFrom('conversations').selectAll().where('id', '=', conversationId), viewer).execute();
  if (rows.length === 0) throw new HubError('not_found', 'This conversation does not exist or is not in your queue');
  const conversations = rows.map(toConversation);
  const messages = await db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).execute();
  return {
    conversations,
    messages: messages.map(toMessage),
    ...(await withCustomers(db, conversations)),
    users: [],
    cursor: 0,
    next: null,
    total: 1,
  };
}
