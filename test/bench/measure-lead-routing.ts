/**
 * Lead tools under load: 200 connected consoles (socket.io clients in a worker thread of this
 * process, each a signed-in agent receiving the hub's pokes — see console-swarm.mjs) and 100
 * inbound customer messages per second through the hub's ingest path, with automatic routing on and
 * a lead console watching the live dashboard.
 *
 * - Assignment decision: from a new conversation's message being stored (ingest resolved) to the
 *   committed assignment to an agent — what an agent waits before the work is hers.
 * - Dashboard update delay: from a message being stored to the first `lead:dashboard` push whose
 *   `latestInboundAt` includes it.
 *
 * The dataset's waiting backlog is handed to the seeded staff first (one SQL update), so routing
 * works on the live traffic rather than draining thousands of old conversations. Each agent works
 * for one of the four teams, so her console receives that team's changes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_SLA_SETTINGS, DEPARTMENTS, type Ack, type ClientToServerEvents, type Dashboard, type LeadSettings, type ServerToClientEvents } from '../../src-shared/index.js';
import type { AssignmentMetric } from '../../src-hub/lead/index.js';
import type { BenchEnv } from './bench-env.js';
import { atMost, type BenchResult } from './results.js';
import { max, p95, summarize } from './stats.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONSOLES = 200;
const RATE_PER_S = 100;
const SECONDS = 20;
/** Half the messages start a new conversation (routing work), half continue one. */
const NEW_SHARE = 0.5;
const CHANNELS = ['chat', 'whatsapp', 'facebook', 'instagram', 'x', 'email'] as const;

export interface LeadRoutingOutcome {
  results: BenchResult[];
  details: string[];
}

/**
 * CPU seconds the hub's thread (this process's main thread; the consoles run in a worker) has used
 * so far, from Linux's per-thread accounting; null elsewhere. Unlike latencies, this barely
 * depends on what else the machine runs, so runs on a busy machine can still be compared.
 */
function hubThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function sessionFor(env: Pick<BenchEnv, 'bench'>, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await env.bench.hub.db
    .insertInto('sessions')
    .values({ id: randomUUID(), token_hash: createHash('sha256').update(token).digest('hex'), user_id: userId, expires_at: new Date(Date.now() + 3_600_000), revoked_at: null })
    .execute();
  return token;
}

function connect(url: string, token: string): Promise<Client> {
  const socket: Client = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function measureLeadRouting(env: Pick<BenchEnv, 'bench' | 'staff' | 'rng' | 'scale' | 'log'>): Promise<LeadRoutingOutcome> {
  const { hub } = env.bench;
  const db = hub.db;
  const log = env.log;
  const hash = (await db.selectFrom('users').select('password_hash').limit(1).executeTakeFirstOrThrow()).password_hash;
  const run = randomUUID().slice(0, 6);

  // The backlog goes to the seeded staff (see the header).
  const staffIds = env.staff.colleagues.filter((c) => c.role === 'agent').map((c) => c.id);
  const backlog = await db.selectFrom('conversations').select('id').where('status', '=', 'open').where('assignee_id', 'is', null).execute();
  for (let i = 0; i < backlog.length; i += 1000) {
    const ids = backlog.slice(i, i + 1000).map((r) => r.id);
    await db.updateTable('conversations').set({ assignee_id: staffIds[(i / 1000) % staffIds.length]! }).where('id', 'in', ids).execute();
  }
  log(`  lead routing: ${backlog.length} waiting dataset conversations handed to the seeded staff`);

  const agents = await db
    .insertInto('users')
    // Each agent works for one team, as in a contact center: her console sees that team's traffic.
    .values(Array.from({ length: CONSOLES }, (_, i) => ({ id: randomUUID(), email: `router-${run}-${i}@switchboard.bench`, name: `Router ${i}`, role: 'agent' as const, departments: [DEPARTMENTS[i % DEPARTMENTS.length]!], password_hash: hash, updated_at: new Date() })))
    .returning('id')
    .execute();
  await db
    .insertInto('agent_profiles')
    .values(agents.map((a) => ({ user_id: a.id, capacity: '{}', default_capacity: 20, updated_at: new Date() })))
    .execute();
  const lead = await db
    .insertInto('users')
    .values({ id: randomUUID(), email: `router-lead-${run}@switchboard.bench`, name: 'Router Lead', role: 'lead', departments: [...DEPARTMENTS], password_hash: hash, updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();

  const clients: Client[] = [];
  const tokens = await Promise.all(agents.map((a) => sessionFor(env, a.id)));
  const swarm = new Worker(new URL('./console-swarm.mjs', import.meta.url), { workerData: { url: hub.url, tokens } });
  const fromSwarm = (kind: string) =>
    new Promise<{ kind: string; connected?: number; pokes?: number; changes?: number; message?: string }>((resolve, reject) => {
      const onMessage = (m: { kind: string; message?: string }) => {
        if (m.kind === 'error') reject(new Error(`console swarm: ${m.message}`));
        else if (m.kind === kind) {
          swarm.off('message', onMessage);
          resolve(m);
        }
      };
      swarm.on('message', onMessage);
      swarm.once('error', reject);
    });
  let swarmStats: { connected?: number; pokes?: number; changes?: number } | null = null;
  try {
    const ready = await fromSwarm('ready');
    if (ready.connected !== CONSOLES) throw new Error(`only ${ready.connected} of ${CONSOLES} consoles connected`);
    const leadSocket = await connect(hub.url, await sessionFor(env, lead.id));
    clients.push(leadSocket);
    log(`  lead routing: ${CONSOLES} agent consoles (a worker thread) and a lead console connected`);

    const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
    const settings: LeadSettings = { sla: { ...DEFAULT_SLA_SETTINGS, calendar: { hours: { timeZone: 'Europe/Berlin', days: allDay }, holidays: [] } }, handbackGraceMinutes: 60, autoAssign: true };
    const saved = (await leadSocket.timeout(30_000).emitWithAck('lead:settings-save', settings)) as Ack<LeadSettings>;
    if (!saved.ok) throw new Error(`lead:settings-save failed: ${saved.error.message}`);
    log('  lead routing: automatic routing on');

    // Stored-at times of messages not yet seen on the dashboard, and the delays once seen.
    const pending: { storedAt: number; at: number }[] = [];
    const dashboardDelays: number[] = [];
    let pushes = 0;
    leadSocket.on('lead:dashboard', (d: Dashboard) => {
      pushes++;
      const now = Date.now();
      const latest = d.latestInboundAt ? Date.parse(d.latestInboundAt) : 0;
      while (pending.length > 0 && pending[0]!.at <= latest) dashboardDelays.push(now - pending.shift()!.storedAt);
    });

    // How long one dashboard computation takes, idle and while the traffic runs (informational).
    const timeDashboard = async () => {
      const t0 = performance.now();
      await hub.lead.dashboard();
      return performance.now() - t0;
    };
    const idleDashboard = [await timeDashboard(), await timeDashboard(), await timeDashboard()];
    const busyDashboard: number[] = [];
    const sweepStart = performance.now();
    await hub.lead.sweep();
    const sweepMs = performance.now() - sweepStart;
    log(`  lead routing: dashboard idle ${summarize(idleDashboard)} ms, SLA sweep ${sweepMs.toFixed(0)} ms; sending ${RATE_PER_S}/s for ${SECONDS} s`);

    const storedAt = new Map<string, number>();
    const assignLatency: number[] = [];
    const decision: number[] = [];
    hub.lead.onAssigned = (m: AssignmentMetric) => {
      const stored = storedAt.get(m.conversationId);
      decision.push(m.decisionMs);
      if (stored !== undefined) {
        assignLatency.push(Date.now() - stored);
        storedAt.delete(m.conversationId);
      }
    };

    const senders: string[] = [];
    let sent = 0;
    let failed = 0;
    const inFlight = new Set<Promise<void>>();
    const send = (i: number) => {
      const fresh = senders.length === 0 || env.rng.next() < NEW_SHARE;
      const sender = fresh ? `router-${run}-cust-${i}` : senders[Math.floor(env.rng.next() * senders.length)]!;
      if (fresh) senders.push(sender);
      // Distinct, increasing receipt times: the dashboard delay matches messages by them.
      const at = new Date(Date.now());
      const p = hub
        .ingest({
          channel: CHANNELS[i % CHANNELS.length]!,
          kind: 'message',
          providerMessageId: `router-${run}-${i}`,
          from: { providerUserId: sender, handle: sender, displayName: `Customer ${i}` },
          body: env.rng.next() < 0.2 ? 'Das ist eine Frechheit, bitte sofort antworten!' : `Question number ${i} about my order`,
          receivedAt: at,
          department: DEPARTMENTS[i % DEPARTMENTS.length]!,
        })
        .then((result) => {
          const now = Date.now();
          if (result.status !== 'stored') return;
          sent++;
          pending.push({ storedAt: now, at: at.getTime() });
          // Only conversations this message created wait for routing.
          if (fresh) storedAt.set(result.conversationId, now);
        })
        .catch(() => {
          failed++;
        });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuStart = hubThreadCpuSeconds();
    const started = Date.now();
    let i = 0;
    let probing = true;
    const probe = (async () => {
      while (probing) {
        busyDashboard.push(await timeDashboard());
        // One probe about every 100 ms, with a macrotask break between probes, so this loop can
        // never starve the timers that send the traffic.
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.floor(((Date.now() - started) / 1000) * RATE_PER_S);
        while (i < due && i < RATE_PER_S * SECONDS) send(i++);
        if (i >= RATE_PER_S * SECONDS) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    const sendSeconds = (Date.now() - started) / 1000;
    probing = false;
    loopDelay.disable();
    log(`  lead routing: traffic sent (${i} messages, ${inFlight.size} still being stored)`);
    await probe;
    await Promise.all(inFlight);
    // Let routing and the dashboard catch up with the last messages (bounded).
    const settleUntil = Date.now() + 15_000;
    while ((pending.length > 0 || storedAt.size > 0) && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 100));
    hub.lead.onAssigned = null;
    const cpuEnd = hubThreadCpuSeconds();
    const wallSeconds = (Date.now() - started) / 1000;
    const closing = fromSwarm('closed');
    swarm.postMessage('close');
    swarmStats = await closing;

    const unassignedLeft = storedAt.size;
    const unseen = pending.length;
    const results = [
      atMost('lead routing: assignment decision, stored → assigned (p95)', 50, assignLatency.length > 0 ? p95(assignLatency) : Number.NaN, 'ms', assignLatency.length, env.scale, unassignedLeft > 0 ? `${unassignedLeft} new conversations not assigned within 15 s` : undefined),
      atMost('lead dashboard: update delay, stored → pushed to the lead (p95)', 1000, dashboardDelays.length > 0 ? p95(dashboardDelays) : Number.NaN, 'ms', dashboardDelays.length, env.scale, unseen > 0 ? `${unseen} messages never seen on the dashboard` : undefined),
    ];
    const details = [
      `lead routing: ${CONSOLES} consoles, ${sent} messages stored in ${sendSeconds.toFixed(1)} s (${(sent / sendSeconds).toFixed(0)}/s; ${failed} failed), ${assignLatency.length} new conversations routed`,
      `lead routing: stored → assigned ${summarize(assignLatency)} ms (max ${max(assignLatency).toFixed(0)}); claim transaction ${summarize(decision)} ms`,
      `lead dashboard: ${pushes} pushes; stored → pushed ${summarize(dashboardDelays)} ms`,
      `consoles: ${swarmStats.connected} of ${CONSOLES} still connected at the end; they received ${swarmStats.pokes} pokes carrying ${swarmStats.changes} changes`,
      `event loop of the hub's thread while sending: delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} / p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} / max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
      cpuStart !== null && cpuEnd !== null
        ? `hub thread CPU from the first message until settled: ${(cpuEnd - cpuStart).toFixed(1)} s in ${wallSeconds.toFixed(1)} s (${(((cpuEnd - cpuStart) / wallSeconds) * 100).toFixed(0)} % of one core; ${(((cpuEnd - cpuStart) * 1000) / Math.max(1, sent)).toFixed(1)} ms per stored message)`
        : 'hub thread CPU: not available on this system',
      `lead dashboard: one computation idle ${summarize(idleDashboard)} ms, under traffic ${summarize(busyDashboard)} ms; one SLA sweep before the traffic ${sweepMs.toFixed(0)} ms`,
    ];
    return { results, details };
  } finally {
    hub.lead.onAssigned = null;
    for (const c of clients) c.close();
    await swarm.terminate();
  }
}
