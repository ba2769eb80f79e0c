/**
 * The leads' live dashboard: queue load per channel and department, SLA risk, each agent's state
 * and load, today's traffic, the last hours, the waiting list in routing order and alerts.
 */
import { fromZonedTime } from 'date-fns-tz';
import { sql, type Kysely } from 'kysely';
import {
  serviceLocalDate,
  type AgentRow,
  type Alert,
  type Channel,
  type Dashboard,
  type LeadSettings,
  type PresenceState,
} from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';
import { recentAlerts } from './early-warning.js';
import { DEFAULT_CAPACITY } from './capacity.js';
import type { PresenceService } from './presence.js';
import type { Roster } from './roster.js';
import type { WaitingConversation } from './router.js';
import type { SlaSummary } from './sla-monitor.js';

const BUCKET_MINUTES = 15;
const HISTORY_HOURS = 6;
const CONVERSATIONS_PER_AGENT = 10;

export interface DashboardInputs {
  db: Kysely<Database>;
  settings: LeadSettings;
  presence: PresenceService;
  /** Enabled users with profiles and chosen presence (roster.ts), read for this computation. */
  roster: Roster;
  sla: SlaSummary;
  waiting: WaitingConversation[];
  /** Queue depth samples (bucket start ms → waiting), kept by the caller. */
  waitingSamples: ReadonlyMap<number, number>;
  now?: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Compute the dashboard now. */
export async function computeDashboard(input: DashboardInputs): Promise<Dashboard> {
  const { db, settings, presence } = input;
  const now = input.now ?? new Date();
  const zone = settings.sla.calendar.hours.timeZone;
  const todayStart = fromZonedTime(`${serviceLocalDate(zone, now)}T00:00:00`, zone);
  const historyStart = new Date(Math.floor((now.getTime() - HISTORY_HOURS * 3_600_000) / (BUCKET_MINUTES * 60_000)) * BUCKET_MINUTES * 60_000);

  // All reads at once: on PGlite they queue in the worker back to back, each further await would
  // cost another trip through the hub's event loop (pglite-dialect.ts).
  const [queueRows, assigned, today, closedToday, rate, history, latest, alerts, shifts] = await Promise.all([
    db
      .selectFrom('conversations')
      .select(['channel', 'department_id'])
      .select([
        sql<string | number>`count(*)`.as('open'),
        sql<string | number>`count(*) filter (where assignee_id is null)`.as('waiting'),
        sql<Date | null>`min(waiting_since)`.as('oldest'),
      ])
      .where('status', '=', 'open')
      .groupBy(['channel', 'department_id'])
      .execute(),
    // Each agent's load per channel (counted in the index), and only the first conversations she
    // shows: reading every assigned conversation on each push grew with the whole workload.
    Promise.all([
      db
        .selectFrom('conversations')
        .select(['assignee_id', 'channel', sql<string | number>`count(*)`.as('n')])
        .where('assignee_id', 'is not', null)
        .where('status', '!=', 'closed')
        .groupBy(['assignee_id', 'channel'])
        .execute(),
      sql<{ id: string; assignee_id: string; channel: Channel; snippet: string; waiting_since: Date | null }>`
        select c.id, c.assignee_id, c.channel, c.snippet, c.waiting_since
        from users u
        cross join lateral (
          select id, assignee_id, channel, snippet, waiting_since from conversations
          where assignee_id = u.id and status <> 'closed'
          order by waiting_since nulls last
          limit ${CONVERSATIONS_PER_AGENT}
        ) c
        where u.disabled = false`
        .execute(db)
        .then((r) => r.rows),
    ]).then(([loads, first]) => ({ loads, first })),
    db
      .selectFrom('messages')
      .select([sql<string | number>`count(*) filter (where direction = 'inbound')`.as('inbound'), sql<string | number>`count(*) filter (where direction = 'outbound')`.as('replies')])
      .where('created_at', '>=', todayStart)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('work_events')
      .select(sql<string | number>`count(*)`.as('n'))
      .where('at', '>=', todayStart)
      .where('kind', '=', 'closed')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('conversations')
      .select([sql<string | number>`count(*)`.as('total'), sql<string | number>`count(*) filter (where waiting_since is null)`.as('answered')])
      .where('last_message_at', '>=', todayStart)
      .where('status', 'in', ['open', 'pending', 'snoozed', 'closed'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('messages')
      .select([
        sql<string | number>`floor(extract(epoch from created_at) / ${BUCKET_MINUTES * 60})`.as('bucket'),
        sql<string | number>`count(*) filter (where direction = 'inbound')`.as('inbound'),
        sql<string | number>`count(*) filter (where direction = 'outbound')`.as('replies'),
      ])
      .where('created_at', '>=', historyStart)
      .groupBy('bucket')
      .execute(),
    db.selectFrom('messages').select(sql<Date | null>`max(created_at)`.as('at')).where('direction', '=', 'inbound').where('created_at', '>=', historyStart).executeTakeFirst(),
    recentAlerts(db),
    db.selectFrom('shifts').select(['user_id', 'started_at']).where('ended_at', 'is', null).execute(),
  ]);

  const byAgent = new Map<string, { load: number; channels: Set<Channel>; first: typeof assigned.first }>();
  const agentEntry = (id: string) => {
    let entry = byAgent.get(id);
    if (!entry) byAgent.set(id, (entry = { load: 0, channels: new Set(), first: [] }));
    return entry;
  };
  for (const l of assigned.loads) {
    const entry = agentEntry(l.assignee_id!);
    entry.load += Number(l.n);
    entry.channels.add(l.channel);
  }
  for (const c of assigned.first) agentEntry(c.assignee_id).first.push(c);
  const agents: AgentRow[] = input.roster.entries
    .filter((u) => u.role === 'agent' || byAgent.has(u.userId) || presence.isConnected(u.userId))
    .map((u) => {
      const mine = byAgent.get(u.userId) ?? { load: 0, channels: new Set<Channel>(), first: [] };
      const effective: PresenceState = presence.isConnected(u.userId) ? u.chosen : 'offline';
      const capacity: Partial<Record<Channel, number>> = u.profile?.capacity ?? {};
      const defaultCapacity = u.profile?.defaultCapacity ?? DEFAULT_CAPACITY;
      // Shown capacity: over the channels she works now (default for one channel when idle).
      const channels = mine.channels;
      const total = channels.size === 0 ? defaultCapacity : [...channels].reduce((sum, ch) => sum + (capacity[ch] ?? defaultCapacity), 0);
      return {
        userId: u.userId,
        name: u.name,
        role: u.role,
        departments: u.departments,
        state: effective,
        connected: presence.isConnected(u.userId),
        shiftStartedAt: null,
        load: mine.load,
        capacity: total,
        conversations: mine.first.map((c) => ({ id: c.id, channel: c.channel, snippet: c.snippet, waitingSince: iso(c.waiting_since) })),
      };
    });
  for (const s of shifts) {
    const row = agents.find((a) => a.userId === s.user_id);
    if (row) row.shiftStartedAt = new Date(s.started_at).toISOString();
  }

  const buckets = new Map(history.map((h) => [Number(h.bucket) * BUCKET_MINUTES * 60_000, h]));
  const historyOut: Dashboard['history']['buckets'] = [];
  for (let t = historyStart.getTime(); t <= now.getTime(); t += BUCKET_MINUTES * 60_000) {
    const h = buckets.get(t);
    historyOut.push({ at: new Date(t).toISOString(), inbound: Number(h?.inbound ?? 0), replies: Number(h?.replies ?? 0), waiting: input.waitingSamples.get(t) ?? null });
  }

  const total = Number(rate.total);
  return {
    generatedAt: now.toISOString(),
    latestInboundAt: latest?.at ? new Date(latest.at).toISOString() : null,
    queues: queueRows
      .map((q) => ({ channel: q.channel, departmentId: q.department_id, open: Number(q.open), waiting: Number(q.waiting), oldestWaitingSince: iso(q.oldest) }))
      .sort((a, b) => a.departmentId.localeCompare(b.departmentId) || a.channel.localeCompare(b.channel)),
    sla: input.sla,
    agents,
    today: {
      inbound: Number(today.inbound),
      replies: Number(today.replies),
      closed: Number(closedToday.n),
      responseRate: total === 0 ? null : Number(rate.answered) / total,
    },
    waiting: input.waiting.slice(0, 50).map((w, i) => waitingItem(w, i + 1)),
    history: { bucketMinutes: BUCKET_MINUTES, buckets: historyOut },
    alerts: alerts as Alert[],
  };
}

/** The start (ms) of the history bucket `at` falls in. */
/** One waiting conversation as the dashboard and an agent's waiting list show it. */
export function waitingItem(w: WaitingConversation, position: number): Dashboard['waiting'][number] {
  return {
    conversationId: w.id,
    position,
    channel: w.channel,
    departmentId: w.departmentId,
    priority: w.priority,
    sentiment: w.sentiment,
    vip: w.vip,
    slaState: w.slaState,
    waitingSince: new Date(w.waitingSince).toISOString(),
    snippet: w.snippet,
  };
}

export function bucketStart(at: number): number {
  return Math.floor(at / (BUCKET_MINUTES * 60_000)) * BUCKET_MINUTES * 60_000;
}
