/**
 * Snapshots for bootstrapping a console: a lean first page, then everything else in key ranges.
 *
 * Gap-freedom: the first page reads the change-log head *before* its rows, and the console pulls
 * from there. Every conversation changed after that head reaches the console through the pull;
 * every one left unchanged keeps its status and `last_message_at`, so it lies in exactly one
 * range of the plan and arrives with that page. Rows seen twice are harmless (the console keeps
 * the higher conversation version; hub messages are immutable).
 */
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { CONVERSATION_STATUSES, IdSchema, isLeadRole, type BootstrapPlan, type Snapshot, type User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { headSyncId } from './changes.js';
import { toConversation, toCustomer, toIdentity, toMessage, toUser } from './mappers.js';
import type { Database } from './schema.js';
import { customer360Of } from '../customers/snapshot.js';
import { callbacksOf, openCallbackConversations } from '../telephony/snapshot.js';
import { listCanned } from '../conversations/canned.js';
import { eventsOf } from '../conversations/events.js';

type ConversationQuery<O> = SelectQueryBuilder<Database, 'conversations', O>;

/** The same rule as `canSee` in changes.ts, as a query filter. */
function visibleTo<QB extends ConversationQuery<any>>(query: QB, viewer: User): QB {
  if (isLeadRole(viewer.role)) return query;
  return query.where((eb) =>
    eb.or([
      eb('conversations.assignee_id', '=', viewer.id),
      ...(viewer.departments.length > 0 ? [eb('conversations.department_id', 'in', viewer.departments)] : []),
    ]),
  ) as QB;
}

async function withCustomers(
  db: Kysely<Database>,
  conversations: ReturnType<typeof toConversation>[],
): Promise<Pick<Snapshot, 'customers' | 'identities' | 'customer360'>> {
  const customerIds = [...new Set(conversations.map((c) => c.customerId))];
  if (customerIds.length === 0) return { customers: [], identities: [] };
  const [customers, identities, customer360] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute(),
    db.selectFrom('identities').selectAll().where('customer_id', 'in', customerIds).execute(),
    customer360Of(db, customerIds),
  ]);
  return { customers: customers.map(toCustomer), identities: identities.map(toIdentity), customer360 };
}

/**
 * Queue order, the same as the console's `queueKeyOf`: higher priority first, then the longest
 * waiting, then (the last word was ours) the most recent first.
 */
function inQueueOrder<O>(query: ConversationQuery<O>): ConversationQuery<O> {
  return query
    .orderBy('priority', 'desc')
    .orderBy(sql`waiting_since is null`)
    .orderBy('waiting_since', 'asc')
    .orderBy(sql`case when waiting_since is null then last_message_at end`, 'desc')
    .orderBy('id', 'asc');
}

/**
 * The first page: what the agent needs to start working and nothing more. The top `limit` open
 * conversations in queue order plus her own, with customers, identities and all staff. No
 * messages: a queue row shows the snippet, and threads follow in the plan's pages (or on demand).
 */
export async function queueSnapshot(db: Kysely<Database>, viewer: User, limit: number): Promise<Snapshot> {
  const cursor = await headSyncId(db);
  const open = () => db.selectFrom('conversations').selectAll().where('status', '=', 'open');
  const top = await inQueueOrder(visibleTo(open(), viewer)).limit(limit).execute();
  const mine = await inQueueOrder(open().where('assignee_id', '=', viewer.id)).limit(limit).execute();
  // Conversations with an open callback come along, so the Callbacks view is complete at once.
  const withCallbacks = await openCallbackConversations(db, viewer);
  const byId = new Map([...top, ...mine, ...withCallbacks].map((row) => [row.id, row]));
  const conversations = [...byId.values()].map(toConversation);
  const users = await db.selectFrom('users').selectAll().execute();
  return {
    conversations,
    messages: [],
    ...(await withCustomers(db, conversations)),
    users: users.map(toUser),
    cursor,
    total: conversations.length,
    callbacks: await callbacksOf(db, conversations),
    canned: await listCanned(db),
  };
}

// ---- the plan: everything else in key ranges ----

/** Open (not closed) conversations come before closed history: their threads are needed first. */
type Stream = 'open' | 'closed';
const NOT_CLOSED = CONVERSATION_STATUSES.filter((s) => s !== 'closed');

/** A position in `(last_message_at desc, id desc)` order; `at` in microseconds since the epoch, exact. */
const KeySchema = z.tuple([z.string().regex(/^-?\d{1,19}$/), IdSchema]);
type Key = z.infer<typeof KeySchema>;

/** One page: the keys below `from` (exclusive; null = from the newest) down to `to` (inclusive; null = to the oldest). */
const PageTokenSchema = z.object({ s: z.enum(['open', 'closed']), from: KeySchema.nullable(), to: KeySchema.nullable() });
type PageToken = z.infer<typeof PageTokenSchema>;

const encodePage = (page: PageToken): string => Buffer.from(JSON.stringify(page)).toString('base64url');

function decodePage(token: string): PageToken {
  try {
    const parsed = PageTokenSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64url JSON
  }
  throw new HubError('bad_request', 'Invalid bootstrap page token');
}

function inStream<O>(query: ConversationQuery<O>, stream: Stream): ConversationQuery<O> {
  // `in (...)` rather than `<> 'closed'` so the (status, last_message_at, id) index applies.
  return stream === 'closed' ? query.where('status', '=', 'closed') : query.where('status', 'in', NOT_CLOSED);
}

/** Microseconds since the epoch, as text: JavaScript dates would drop PostgreSQL's microseconds. */
const atMicros = sql<string>`(extract(epoch from last_message_at) * 1000000)::bigint::text`;
const fromMicros = (us: string): Expression<Date> => sql<Date>`(timestamptz 'epoch' + ${us}::bigint * interval '1 microsecond')`;

function keyCompare(op: '<' | '>=', key: Key) {
  return (eb: any): Expression<SqlBool> =>
    eb(eb.refTuple('last_message_at', 'id'), op, eb.tuple(fromMicros(key[0]), key[1]));
}

/**
 * Cut everything the viewer may see into pages of about `pageSize` conversations: open ones
 * first, then closed ones newest first. The boundaries come from one index scan per stream and
 * the total is counted once here, not on every page.
 */
export async function bootstrapPlan(db: Kysely<Database>, viewer: User, pageSize: number): Promise<BootstrapPlan> {
  const pages: string[] = [];
  let total = 0;
  for (const stream of ['open', 'closed'] as const) {
    const ranked = visibleTo(inStream(db.selectFrom('conversations'), stream), viewer).select([
      'id',
      atMicros.as('at'),
      sql<string>`row_number() over (order by last_message_at desc, id desc)`.as('rn'),
      sql<string>`count(*) over ()`.as('n'),
    ]);
    const rows = await db
      .selectFrom(ranked.as('r'))
      .select(['id', 'at', 'rn', 'n'])
      // The first row carries the count even when there is less than one page.
      .where(sql<SqlBool>`rn % ${pageSize} = 0 or rn = 1`)
      .orderBy('rn')
      .execute();
    const count = rows.length > 0 ? Number(rows[0]!.n) : 0;
    if (count === 0) continue;
    total += count;
    // Boundaries: the last key of every full page except a full last page (nothing follows it).
    const bounds = rows.filter((r) => Number(r.rn) % pageSize === 0 && Number(r.rn) < count).map((r): Key => [r.at, r.id]);
    let from: Key | null = null;
    for (const to of [...bounds, null]) {
      pages.push(encodePage({ s: stream, from, to }));
      from = to;
    }
  }
  return { pages, total };
}

/** One page of the plan: its conversations (still visible to the viewer) with all their messages. */
export async function bootstrapPage(db: Kysely<Database>, viewer: User, token: string): Promise<Snapshot> {
  const page = decodePage(token);
  // Read before the rows: a console leaves out conversations it purged after this head (see
  // src-renderer/sync/purged.ts), so a page read before a transfer cannot bring one back.
  const cursor = await headSyncId(db);
  let query = visibleTo(inStream(db.selectFrom('conversations').selectAll(), page.s), viewer);
  if (page.from) query = query.where(keyCompare('<', page.from));
  if (page.to) query = query.where(keyCompare('>=', page.to));
  const rows = await query.orderBy('last_message_at', 'desc').orderBy('id', 'desc').execute();
  const conversations = rows.map(toConversation);
  const ids = conversations.map((c) => c.id);
  const messages = ids.length === 0 ? [] : await db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).execute();
  return {
    conversations,
    messages: messages.map(toMessage),
    ...(await withCustomers(db, conversations)),
    users: [],
    cursor,
    total: conversations.length,
    callbacks: await callbacksOf(db, conversations),
    events: await eventsOf(db, ids),
  };
}

/**
 * One conversation with all its messages and its customer: for a console that just gained
 * access to it (transferred into the agent's team, assigned to her), or whose agent opened it
 * before its page of the bootstrap arrived.
 */
export async function conversationSnapshot(db: Kysely<Database>, viewer: User, conversationId: string): Promise<Snapshot> {
  // The head before the rows, as for a page.
  const cursor = await headSyncId(db);
  const rows = await visibleTo(db.selectFrom('conversations').selectAll().where('id', '=', conversationId), viewer).execute();
  if (rows.length === 0) throw new HubError('not_found', 'This conversation does not exist or is not in your queue', { reason: 'conversation.notVisible' });
  const conversations = rows.map(toConversation);
  const messages = await db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).execute();
  return {
    conversations,
    messages: messages.map(toMessage),
    ...(await withCustomers(db, conversations)),
    users: [],
    cursor,
    total: 1,
    callbacks: await callbacksOf(db, conversations),
    events: await eventsOf(db, [conversationId]),
  };
}
