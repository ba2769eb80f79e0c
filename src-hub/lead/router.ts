/**
 * Routing: the order of the waiting queue, who may take what, and the assignment itself.
 *
 * Waiting = open and unassigned. The order is `compareRouting` (src-shared/domain/routing-priority):
 * SLA risk, priority, urgency/negativity of the customer's latest words, VIP, then oldest first.
 * Assignments go through `claimConversation`, whose invariants the database enforces (capacity.ts).
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  compareRouting,
  sentimentTier,
  textSignals,
  type Channel,
  type Conversation,
  type DepartmentId,
  type SlaTimerState,
  type TextSignals,
} from '../../src-shared/index.js';
import { recordEvent, recordEvents } from '../conversations/events.js';
import { appendChanges } from '../store/changes.js';
import { toConversation } from '../store/mappers.js';
import type { ConversationsTable, Database } from '../store/schema.js';
import { DEFAULT_CAPACITY, hasFreeCapacity } from './capacity.js';
import type { Roster } from './roster.js';

/** A waiting conversation with what the order and the skill match need. */
export interface WaitingConversation {
  id: string;
  channel: Channel;
  departmentId: DepartmentId;
  priority: number;
  sentiment: number;
  vip: boolean;
  slaState: SlaTimerState;
  waitingSince: number;
  language: string | null;
  topics: string[];
  snippet: string;
}

/**
 * Text signals by conversation, recomputed only when its snippet (the latest message) changes:
 * every routing round and dashboard reads the same waiting conversations again.
 */
const signalCache = new Map<string, { snippet: string; signals: TextSignals }>();
function signalsOf(id: string, snippet: string): TextSignals {
  const hit = signalCache.get(id);
  if (hit && hit.snippet === snippet) return hit.signals;
  if (signalCache.size > 50_000) signalCache.clear();
  const signals = textSignals(snippet);
  signalCache.set(id, { snippet, signals });
  return signals;
}

/** How many waiting conversations one routing round looks at (oldest first before ordering). */
export const ROUTING_WINDOW = 500;

/**
 * The waiting queue in routing order (at most `limit` conversations, taken oldest first).
 *
 * `slaStates` comes from the SLA monitor's last sweep; a conversation it has not seen yet is `ok`.
 */
export async function waitingInOrder(
  db: Kysely<Database>,
  slaStates: ReadonlyMap<string, SlaTimerState>,
  limit = ROUTING_WINDOW,
): Promise<WaitingConversation[]> {
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .select(['c.id', 'c.channel', 'c.department_id', 'c.priority', 'c.snippet', 'c.waiting_since', 'c.created_at', 'cu.language'])
    // VIP: the customer 360's segment (issue 6) says so.
    .select(sql<boolean>`lower(coalesce(cu.segment, '')) = 'vip'`.as('vip'))
    .where('c.status', '=', 'open')
    .where('c.assignee_id', 'is', null)
    // A snoozed conversation is not waiting for anyone until it wakes (conversations/snooze.ts).
    .where('c.snoozed_until', 'is', null)
    .orderBy(sql`coalesce(c.waiting_since, c.created_at)`)
    .limit(limit)
    .execute();
  const list = rows.map((r): WaitingConversation => {
    const signals = signalsOf(r.id, r.snippet);
    return {
      id: r.id,
      channel: r.channel,
      departmentId: r.department_id,
      priority: r.priority,
      sentiment: sentimentTier(signals),
      vip: Boolean(r.vip),
      slaState: slaStates.get(r.id) ?? 'ok',
      waitingSince: new Date(r.waiting_since ?? r.created_at).getTime(),
      language: r.language,
      topics: signals.topics,
      snippet: r.snippet,
    };
  });
  return list.sort(compareRouting);
}

/** An agent as routing sees her: departments, skills, capacity and current load per channel. */
export interface RoutableAgent {
  userId: string;
  departments: DepartmentId[];
  channels: Channel[];
  languages: string[];
  topics: string[];
  capacity: Partial<Record<Channel, number>>;
  defaultCapacity: number;
  load: Partial<Record<Channel, number>>;
  /** When she last got a conversation from routing (ms), to spread work evenly. */
  lastAssignedAt: number;
}

/** Whether `agent` may take `c` by team and skills (not capacity). */
export function fits(agent: RoutableAgent, c: WaitingConversation): boolean {
  if (!agent.departments.includes(c.departmentId)) return false;
  if (agent.channels.length > 0 && !agent.channels.includes(c.channel)) return false;
  if (agent.languages.length > 0 && c.language && !agent.languages.includes(c.language.toLowerCase().slice(0, 2))) return false;
  if (agent.topics.length > 0 && c.topics.length > 0 && !c.topics.some((t) => agent.topics.includes(t))) return false;
  return true;
}

/** Whether `agent` has room on the conversation's channel by the loads read at the round's start. */
export function hasRoom(agent: RoutableAgent, channel: Channel): boolean {
  return (agent.load[channel] ?? 0) < (agent.capacity[channel] ?? agent.defaultCapacity);
}

/**
 * The routable agents among `userIds`, with profiles and current loads.
 *
 * `roster`: profiles as the caller already holds them (roster.ts, read in the same transaction);
 * without it they are read here.
 */
export async function routableAgents(db: Kysely<Database>, userIds: readonly string[], roster?: Roster): Promise<RoutableAgent[]> {
  if (userIds.length === 0) return [];
  const users = roster
    ? userIds.flatMap((id) => {
        const e = roster.byId.get(id);
        return e ? [e] : [];
      })
    : (
        await db
          .selectFrom('users as u')
          .leftJoin('agent_profiles as p', 'p.user_id', 'u.id')
          .select(['u.id', 'u.departments', 'p.user_id as profile_user', 'p.channels', 'p.languages', 'p.topics', 'p.capacity', 'p.default_capacity'])
          .where('u.id', 'in', [...userIds])
          .where('u.disabled', '=', false)
          .execute()
      ).map((u) => ({
        userId: u.id,
        departments: u.departments,
        profile:
          u.profile_user === null
            ? null
            : { channels: u.channels ?? [], languages: u.languages ?? [], topics: u.topics ?? [], capacity: (u.capacity as Partial<Record<Channel, number>> | null) ?? {}, defaultCapacity: u.default_capacity! },
      }));
  if (users.length === 0) return [];
  const loads = await db
    .selectFrom('conversations')
    .select(['assignee_id', 'channel', sql<string | number>`count(*)`.as('n')])
    .where('assignee_id', 'in', users.map((u) => u.userId))
    .where('status', '!=', 'closed')
    .groupBy(['assignee_id', 'channel'])
    .execute();
  const loadOf = new Map<string, Partial<Record<Channel, number>>>();
  for (const l of loads) {
    const m = loadOf.get(l.assignee_id!) ?? {};
    m[l.channel] = Number(l.n);
    loadOf.set(l.assignee_id!, m);
  }
  return users.map((u) => ({
    userId: u.userId,
    departments: u.departments,
    channels: u.profile?.channels ?? [],
    languages: u.profile?.languages ?? [],
    topics: u.profile?.topics ?? [],
    capacity: u.profile?.capacity ?? {},
    defaultCapacity: u.profile?.defaultCapacity ?? DEFAULT_CAPACITY,
    load: loadOf.get(u.userId) ?? {},
    lastAssignedAt: 0,
  }));
}

export interface ClaimResult {
  conversation: Conversation;
  head: number;
}

/**
 * Give `conversationId` to `userId` if it is still waiting and she has room on its channel.
 *
 * Returns null when someone else took it first, it is locked by a concurrent claim (`skip
 * locked`: routing moves on instead of queueing behind it), it is no longer open, or she is full.
 */
export async function claimConversation(db: Kysely<Database>, userId: string, conversationId: string): Promise<ClaimResult | null> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('conversations')
      .select(['id', 'channel'])
      .where('id', '=', conversationId)
      .where('status', '=', 'open')
      .where('assignee_id', 'is', null)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!current) return null;
    if (!(await hasFreeCapacity(trx, userId, current.channel, undefined, true))) return null;
    const row = await trx
      .updateTable('conversations')
      .set((eb) => ({ assignee_id: userId, updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', conversationId)
      // The conditional update is the second guard: never overwrite an owner.
      .where('assignee_id', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    const conversation = toConversation(row);
    // She took it herself ("next conversation"): a claim, like answering an unassigned one.
    const event = await recordEvent(trx, row, 'assigned', userId, { assigneeId: userId }, row.updated_at);
    const head = await appendChanges(trx, [{ entity: 'conversation', data: conversation }, event]);
    return { conversation, head };
  });
}

/**
 * Claim many conversations in one transaction: a routing round's plan of (conversation, agent)
 * pairs, in priority order. Same guards as `claimConversation`, set-wise: the waiting conversations
 * are locked (`skip locked`), then the agents' user rows in id order, their loads are counted under
 * those locks, and each pair is taken only while its agent has room and only if the conversation is
 * still unassigned (conditional update). Pairs that fail these checks are skipped.
 */
export async function claimMany(db: Kysely<Database>, plan: readonly { conversationId: string; userId: string }[]): Promise<{ conversations: Conversation[]; head: number }> {
  if (plan.length === 0) return { conversations: [], head: 0 };
  return db.transaction().execute((trx) => claimManyIn(trx, plan));
}

/**
 * `claimMany` inside the caller's transaction (a routing round reads and claims in one).
 *
 * `roster`: read earlier in this same transaction; its capacities are used instead of reading the
 * profiles again.
 */
export async function claimManyIn(
  trx: Transaction<Database>,
  plan: readonly { conversationId: string; userId: string }[],
  roster?: Roster,
): Promise<{ conversations: Conversation[]; head: number }> {
  if (plan.length === 0) return { conversations: [], head: 0 };
  const locked = await trx
    .selectFrom('conversations')
    .select(['id', 'channel'])
    .where('id', 'in', plan.map((p) => p.conversationId))
    .where('status', '=', 'open')
    .where('assignee_id', 'is', null)
    .forUpdate()
    .skipLocked()
    .execute();
  if (locked.length === 0) return { conversations: [], head: 0 };
  const channelOf = new Map(locked.map((c) => [c.id, c.channel]));
  const agentIds = [...new Set(plan.filter((p) => channelOf.has(p.conversationId)).map((p) => p.userId))].sort();
  await trx.selectFrom('users').select('id').where('id', 'in', agentIds).orderBy('id').forNoKeyUpdate().execute();
  // The caller's roster, read earlier in this transaction, already holds the capacities.
  const profiles = roster
    ? agentIds.flatMap((id) => {
        const profile = roster.byId.get(id)?.profile;
        return profile ? [{ user_id: id, capacity: profile.capacity, default_capacity: profile.defaultCapacity }] : [];
      })
    : await trx.selectFrom('agent_profiles').select(['user_id', 'capacity', 'default_capacity']).where('user_id', 'in', agentIds).execute();
  const loads = await trx
    .selectFrom('conversations')
    .select(['assignee_id', 'channel', sql<string | number>`count(*)`.as('n')])
    .where('assignee_id', 'in', agentIds)
    .where('status', '!=', 'closed')
    .groupBy(['assignee_id', 'channel'])
    .execute();
  const load = new Map(loads.map((l) => [`${l.assignee_id}|${l.channel}`, Number(l.n)]));
  const profileOf = new Map(profiles.map((p) => [p.user_id, p]));
  const capacityOf = (userId: string, channel: Channel) => {
    const p = profileOf.get(userId);
    if (!p) return DEFAULT_CAPACITY;
    const c = (p.capacity as Partial<Record<Channel, number>>)[channel];
    return typeof c === 'number' ? c : p.default_capacity;
  };
  const accepted: { conversationId: string; userId: string }[] = [];
  const taken = new Set<string>();
  for (const p of plan) {
    const channel = channelOf.get(p.conversationId);
    if (!channel || taken.has(p.conversationId)) continue;
    const key = `${p.userId}|${channel}`;
    if ((load.get(key) ?? 0) >= capacityOf(p.userId, channel)) continue;
    load.set(key, (load.get(key) ?? 0) + 1);
    taken.add(p.conversationId);
    accepted.push(p);
  }
  if (accepted.length === 0) return { conversations: [], head: 0 };
  const values = sql.join(accepted.map((a) => sql`(${a.conversationId}::uuid, ${a.userId}::uuid)`));
  const rows = await sql<Selectable<ConversationsTable>>`
    update conversations c set assignee_id = v.user_id, version = c.version + 1, updated_at = now()
    from (values ${values}) as v(id, user_id)
    where c.id = v.id and c.assignee_id is null
    returning c.*`.execute(trx);
  const conversations = rows.rows.map(toConversation);
  // No actor: the hub's router decided. The thread says "Assigned to Anna by routing".
  const events = await recordEvents(
    trx,
    rows.rows.map((r) => ({ conversationId: r.id, kind: 'assigned' as const, actorId: null, details: { assigneeId: r.assignee_id, cause: 'routing' as const }, at: r.updated_at })),
  );
  const head = await appendChanges(trx, [...conversations.map((data) => ({ entity: 'conversation' as const, data })), ...events]);
  return { conversations, head };
}
