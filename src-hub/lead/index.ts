/**
 * The team-lead tools on the hub: presence and shifts, automatic routing, SLA monitoring, the live
 * dashboard pushed to leads, early warnings and reports. `startLeadTools` is called by app.ts once
 * socket.io runs; it binds its own socket events and keeps its timers.
 */
import type { Kysely } from 'kysely';
import { isLeadRole, type Dashboard, type LeadSettings } from '../../src-shared/index.js';
import type { Realtime } from '../realtime/server.js';
import { urgentDatabaseWork } from '../store/pglite-dialect.js';
import type { Database } from '../store/schema.js';
import { bucketStart, computeDashboard } from './dashboard.js';
import { DEFAULT_EARLY_WARNING, EarlyWarning, type EarlyWarningOptions } from './early-warning.js';
import { bindLeadEvents, userRoom } from './events.js';
import { PresenceService } from './presence.js';
import { RosterCache, type Roster } from './roster.js';
import { claimManyIn, fits, hasRoom, routableAgents, waitingInOrder, type RoutableAgent, type WaitingConversation } from './router.js';

import { loadLeadSettings } from './settings.js';
import { SlaMonitor } from './sla-monitor.js';

/** At most this many assignments per routing round (one transaction). */
const ROUND_LIMIT = 200;

export interface LeadToolsOptions {
  /** A user without consoles still counts as connected this long (default 15 s). */
  presenceGraceMs?: number;
  /** SLA sweep and hand-back check interval (default 15 s). */
  sweepMs?: number;
  /** Dashboard pushes at most this often (default 250 ms). */
  dashboardIntervalMs?: number;
  earlyWarning?: Partial<EarlyWarningOptions>;
}

export interface AssignmentMetric {
  conversationId: string;
  userId: string;
  /** From the customer's message (waiting since) to the committed assignment. */
  latencyMs: number;
  /** The round's claim: from its plan being made to the commit of all its assignments at once. */
  decisionMs: number;
}

export interface LeadTools {
  presence: PresenceService;
  sla: SlaMonitor;
  /** Something changed (a commit): routing and the dashboard catch up. */
  changed(): void;
  /** A stored inbound message (for early warnings). */
  inbound(message: { messageId: string; conversationId: string; body: string; at: Date }): void;
  /** Run one routing round now (tests); resolves when it is done. */
  route(): Promise<number>;
  /** Run the SLA sweep and hand-back check now (tests). */
  sweep(now?: Date): Promise<void>;
  settings(): Promise<LeadSettings>;
  invalidateSettings(): void;
  dashboard(): Promise<Dashboard>;
  /** Observers of assignments (the bench). */
  onAssigned: ((m: AssignmentMetric) => void) | null;
  close(): Promise<void>;
}

export const LEADS_ROOM = 'leads';

export function startLeadTools(db: Kysely<Database>, realtime: Realtime, log: (msg: string, extra?: unknown) => void, options: LeadToolsOptions = {}): LeadTools {
  const io = realtime.io;
  let settingsCache: Promise<LeadSettings> | null = null;
  const settings = () => (settingsCache ??= loadLeadSettings(db).catch((error: unknown) => {
    settingsCache = null;
    throw error;
  }));
  let closed = false;
  const sla = new SlaMonitor(db);
  const lastAssigned = new Map<string, number>();
  const waitingSamples = new Map<number, number>();
  const rosterCache = new RosterCache();
  /** Counts calls of `changed()` (routing's own commits aside): what a read of the queue may have missed. */
  let changeSeq = 0;
  /**
   * The queue as the last routing round left it (read in its transaction, minus what it assigned),
   * with `changeSeq` as it was when that round began: changes after that may be missing from it.
   */
  let lastWaiting: { list: WaitingConversation[]; at: number; seq: number } | null = null;

  // ---- routing: one round at a time; a change during a round schedules one more ----
  let routing: Promise<number> | null = null;
  let routeAgain = false;
  /** True while routing pokes its own commit: that commit needs no further round. */
  let ownPoke = false;
  const routeOnce = async (): Promise<number> => {
    const seq = changeSeq;
    const s = await settings();
    if (!s.autoAssign) return 0;
    // Read, plan and claim in one transaction: on PGlite (one connection) each separate step
    // queued again behind ingest commits and dashboard reads, which was most of a decision's time.
    // claimManyIn re-checks everything under its locks, so the plan only has to be good, not exact.
    let claimStarted = 0;
    // Ahead of other waiters for PGlite's connection: an agent waits for this decision.
    const round = await urgentDatabaseWork.run(true, () => db.transaction().execute(async (trx) => {
      const roster = await rosterCache.read(trx);
      const live = presence.liveUsers().filter((id) => roster.byId.get(id)?.chosen === 'available');
      const agents: RoutableAgent[] = await routableAgents(trx, live, roster);
      if (agents.length === 0) return null;
      const waiting = await waitingInOrder(trx, sla.states);
      const plan = planRound(agents, waiting);
      claimStarted = performance.now();
      const claimed = plan.length === 0 ? { conversations: [], head: 0 } : await claimManyIn(trx, plan, roster);
      return { plan, claimed, waiting };
    }));
    if (!round) return 0;
    const decisionMs = performance.now() - claimStarted;
    const { plan, claimed, waiting } = round;
    const taken = new Set(claimed.conversations.map((c) => c.id));
    lastWaiting = { list: waiting.filter((w) => !taken.has(w.id)), at: Date.now(), seq };
    // A push may have shown an older list than this one: make sure a newer push follows.
    if (seq > pushedSeq) schedulePush();
    if (plan.length >= ROUND_LIMIT) routeAgain = true;
    if (claimed.head) {
      ownPoke = true;
      try {
        realtime.poke(claimed.head);
      } finally {
        ownPoke = false;
      }
    }
    const planned = new Map(plan.map((p) => [p.conversationId, p]));
    for (const c of claimed.conversations) {
      tools.onAssigned?.({ conversationId: c.id, userId: c.assigneeId!, latencyMs: Date.now() - planned.get(c.id)!.waitingSince, decisionMs });
    }
    return claimed.conversations.length;
  };
  /** Who gets what this round, in queue order: topic experts first, then the least loaded, then the one who waited longest for work. */
  const planRound = (agents: RoutableAgent[], waiting: WaitingConversation[]) => {
    const plan: { conversationId: string; userId: string; waitingSince: number }[] = [];
    const load = (a: RoutableAgent) => Object.values(a.load).reduce((x, y) => x + (y ?? 0), 0);
    for (const c of waiting) {
      const eligible = agents.filter((a) => fits(a, c) && hasRoom(a, c.channel));
      if (eligible.length === 0) continue;
      eligible.sort(
        (a, b) =>
          Number(b.topics.some((t) => c.topics.includes(t))) - Number(a.topics.some((t) => c.topics.includes(t))) ||
          load(a) - load(b) ||
          (lastAssigned.get(a.userId) ?? 0) - (lastAssigned.get(b.userId) ?? 0),
      );
      const agent = eligible[0]!;
      agent.load[c.channel] = (agent.load[c.channel] ?? 0) + 1;
      lastAssigned.set(agent.userId, Date.now());
      plan.push({ conversationId: c.id, userId: agent.userId, waitingSince: c.waitingSince });
      if (plan.length >= ROUND_LIMIT) break;
    }
    return plan;
  };
  // A round starts as soon as something changed; what arrives during a round waits for the next
  // one, which then takes all of it (one commit and one poke per round, not per conversation).
  const route = (): Promise<number> => {
    if (routing) {
      routeAgain = true;
      return routing;
    }
    routing = (async () => {
      let total = 0;
      do {
        routeAgain = false;
        if (closed) break;
        try {
          total += await routeOnce();
        } catch (error) {
          log('routing round failed', error);
        }
        // Let sockets and timers run between rounds.
        if (routeAgain) await new Promise((resolve) => setImmediate(resolve));
      } while (routeAgain);
      return total;
    })().finally(() => {
      routing = null;
    });
    return routing;
  };

  // ---- dashboard: computed when leads are connected, at most every interval ----
  const interval = options.dashboardIntervalMs ?? 250;
  let dirty = false;
  let pushing = false;
  let lastPush = 0;
  let pushTimer: NodeJS.Timeout | null = null;
  /** `changeSeq` as of the queue the last push showed. */
  let pushedSeq = 0;
  /**
   * `live`: for a push, which may show the queue as a routing round read it up to one push
   * interval ago (a later round schedules a newer push, see routeOnce); asked for directly, the
   * dashboard reuses a round's queue only when nothing changed since that round read it.
   */
  const computeNow = async (live: boolean, roster?: Roster): Promise<{ data: Dashboard; seq: number }> => {
    const seq = changeSeq;
    const s = await settings();
    const rosterRead = roster ?? rosterCache.read(db);
    // Not one held connection: on PGlite its statements are queued in the worker back to back
    // anyway (pglite-dialect.ts), and routing rounds may go in between them.
    // With routing on, a round follows every change and reads the queue in order anyway: a list
    // younger than one push interval is reused (routing and the dashboard each reading the same
    // 500 conversations was the costliest statement under load). Without routing, read it here.
    const round = lastWaiting;
    const reuse = s.autoAssign && round !== null && (round.seq === seq || (live && Date.now() - round.at <= interval));
    const waiting = reuse ? round.list : await waitingInOrder(db, sla.states);
    waitingSamples.set(bucketStart(Date.now()), waiting.length);
    for (const t of waitingSamples.keys()) if (t < Date.now() - 7 * 3_600_000) waitingSamples.delete(t);
    const data = await computeDashboard({ db, settings: s, presence, roster: await rosterRead, sla: sla.summary, waiting, waitingSamples });
    return { data, seq: reuse ? round.seq : seq };
  };
  const dashboard = async (): Promise<Dashboard> => (await computeNow(false)).data;
  const push = async () => {
    pushTimer = null;
    if (pushing || closed) return;
    dirty = false;
    pushing = true;
    try {
      const sockets = await io.in(LEADS_ROOM).fetchSockets();
      if (sockets.length > 0) {
        // Roles can change while connected: push only to users who are leads now.
        const ids = [...new Set(sockets.map((s) => s.data.userId))];
        const roster = await rosterCache.read(db);
        const leads = new Set(ids.filter((id) => isLeadRole(roster.byId.get(id)?.role ?? 'agent')));
        const { data, seq } = await computeNow(true, roster);
        pushedSeq = Math.max(pushedSeq, seq);
        for (const s of sockets) {
          if (leads.has(s.data.userId)) s.emit('lead:dashboard', data);
          else s.leave(LEADS_ROOM);
        }
      }
    } catch (error) {
      log('dashboard push failed', error);
    } finally {
      pushing = false;
      lastPush = Date.now();
      if (dirty) schedulePush();
    }
  };
  const schedulePush = () => {
    dirty = true;
    if (pushTimer || pushing || closed) return;
    pushTimer = setTimeout(() => void push(), Math.max(0, lastPush + interval - Date.now()));
  };

  const presence = new PresenceService(db, {
    disconnectGraceMs: options.presenceGraceMs ?? 15_000,
    handbackGraceMinutes: () => handbackGrace,
    onChange: () => changed(),
    onCommit: (head) => realtime.poke(head),
    log,
  });
  let handbackGrace = 5;

  const earlyWarning = new EarlyWarning(
    db,
    { ...DEFAULT_EARLY_WARNING, ...options.earlyWarning },
    (alert) => {
      io.to(LEADS_ROOM).emit('lead:alert', alert);
      schedulePush();
    },
    log,
  );

  const changed = () => {
    if (closed) return;
    // Routing's own commit is already reflected in the queue that round leaves (lastWaiting).
    if (!ownPoke) changeSeq++;
    // Routing's own commit changes nothing routing needs to look at again (it would only find
    // nothing to do); the dashboard still shows it.
    if (!ownPoke) void route();
    schedulePush();
  };

  const sweep = async (now = new Date()) => {
    const s = await settings();
    handbackGrace = s.handbackGraceMinutes;
    const recorded = await sla.sweep(s, now);
    const handed = await presence.handBack(now);
    if (recorded > 0 || handed > 0) changed();
  };
  let sweeping = false;
  const runSweep = () => {
    if (sweeping || closed) return;
    sweeping = true;
    sweep()
      .catch((error: unknown) => log('SLA sweep failed', error))
      .finally(() => {
        sweeping = false;
      });
  };
  const sweepTimer = setInterval(runSweep, options.sweepMs ?? 15_000);
  sweepTimer.unref();
  // The first sweep soon after start, so routing knows SLA risk from the start.
  const firstSweep = setTimeout(runSweep, Math.min(1_000, options.sweepMs ?? 15_000));
  firstSweep.unref();

  io.on('connection', (socket) => {
    const { userId, role } = socket.data;
    void socket.join(userRoom(userId));
    if (isLeadRole(role)) void socket.join(LEADS_ROOM);
    presence.connected(userId, socket.id).catch((error: unknown) => log('presence: connect failed', error));
    socket.on('disconnect', () => presence.disconnected(userId, socket.id));
    bindLeadEvents(socket, { db, tools, log });
  });

  const tools: LeadTools = {
    presence,
    sla,
    changed,
    inbound: (m) => earlyWarning.observe(m),
    route,
    sweep,
    settings,
    invalidateSettings: () => {
      settingsCache = null;
    },
    dashboard,
    onAssigned: null,
    async close() {
      closed = true;
      clearInterval(sweepTimer);
      clearTimeout(firstSweep);
      if (pushTimer) clearTimeout(pushTimer);
      presence.close();
      await routing?.catch(() => undefined);
      while (pushing || sweeping) await new Promise((r) => setTimeout(r, 10));
    },
  };
  return tools;
}
