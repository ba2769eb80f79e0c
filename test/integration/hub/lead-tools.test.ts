import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardSchema, DEFAULT_SLA_SETTINGS, PROTOCOL_VERSION, type LeadSettings } from '../../../src-shared/index.js';
import { SlaMonitor } from '../../../src-hub/lead/sla-monitor.js';
import { emit, envelope, errorOf, inbound, okData, pullAll, startTestHub, until, waitFor, type TestHub, type TestSocket } from './harness.js';

/**
 * The lead tools against the real hub: presence kept honest on disconnect, work handed back at
 * shift end and after going offline, routing by priority with capacity, SLA breaches recorded,
 * the dashboard pushed live to leads only, early warnings and reports.
 */
let t: TestHub;
let lead: TestSocket;

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
const settings = (over: Partial<LeadSettings> = {}): LeadSettings => ({
  sla: { ...DEFAULT_SLA_SETTINGS, calendar: { hours: { timeZone: 'Europe/Berlin', days: allDay }, holidays: [] } },
  handbackGraceMinutes: 0,
  autoAssign: false,
  ...over,
});

beforeAll(async () => {
  t = await startTestHub({ lead: { presenceGraceMs: 150, sweepMs: 3_600_000, dashboardIntervalMs: 50, earlyWarning: { minMessages: 6, minNegative: 4 } } });
  ({ socket: lead } = await t.connectAs(t.users.lead));
  okData(await emit(lead, 'lead:settings-save', settings()));
});

afterAll(async () => {
  await t?.close();
});

const assigneeOf = async (id: string) => (await t.db.selectFrom('conversations').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow()).assignee_id;

describe('presence and shifts', () => {
  it('counts a disconnected console as offline after the grace, and hands its work back to the queue', async () => {
    const agent = await t.addUser({ email: `p-${randomUUID()}@example.test`, departments: ['support'] });
    const { socket } = await t.connectAs(agent);
    expect(okData(await emit(socket, 'presence:me', {}))).toMatchObject({ effective: 'available', connected: true });
    okData(await emit(socket, 'presence:set', { state: 'busy' }));
    const r = await t.hub.ingest(inbound({ sender: `p-${randomUUID()}`, department: 'support' }));
    okData(await emit(socket, 'conversation:assign', { ...envelope('p-console'), conversationId: r.conversationId, assigneeId: agent.id }));

    let dashboard = DashboardSchema.parse(okData(await emit(lead, 'lead:dashboard', {})));
    expect(dashboard.agents.find((a) => a.userId === agent.id)).toMatchObject({ state: 'busy', connected: true, load: 1 });

    const before = okData(await emit(lead, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    socket.close();
    // Within the grace she still counts as connected (a reload); afterwards as offline.
    await until(async () => !t.hub.lead.presence.isConnected(agent.id));
    await until(async () => (await t.db.selectFrom('agent_presence').select('offline_since').where('user_id', '=', agent.id).executeTakeFirstOrThrow()).offline_since !== null);
    dashboard = DashboardSchema.parse(okData(await emit(lead, 'lead:dashboard', {})));
    expect(dashboard.agents.find((a) => a.userId === agent.id)).toMatchObject({ state: 'offline', connected: false });

    // A lead assigning her work while she is away does so on purpose: that override stays.
    const later = await t.hub.ingest(inbound({ sender: `p2-${randomUUID()}`, department: 'support' }));
    okData(await emit(lead, 'conversation:assign', { ...envelope('lead-console'), conversationId: later.conversationId, assigneeId: agent.id }));
    // Grace 0 minutes: the next sweep hands back what she held when she left, through the change log.
    await t.hub.lead.sweep();
    expect(await assigneeOf(r.conversationId)).toBeNull();
    expect(await assigneeOf(later.conversationId)).toBe(agent.id);
    const pulled = await pullAll(lead, before);
    expect(pulled.changes.find((c) => c.entity === 'conversation' && c.data.id === r.conversationId)?.data).toMatchObject({ assigneeId: null });
  });

  it('hands open work back at shift end and shows the hand-over note to the team', async () => {
    const agent = await t.addUser({ email: `s-${randomUUID()}@example.test`, departments: ['support'] });
    const colleague = await t.addUser({ email: `c-${randomUUID()}@example.test`, departments: ['support'] });
    const { socket } = await t.connectAs(agent);
    const { socket: other } = await t.connectAs(colleague);
    const started = okData(await emit(socket, 'shift:start', {}));
    expect(started.shift).not.toBeNull();
    errorOf(await emit(socket, 'shift:start', {}), 'conflict');
    const r = await t.hub.ingest(inbound({ sender: `s-${randomUUID()}`, department: 'support' }));
    okData(await emit(socket, 'conversation:assign', { ...envelope('s-console'), conversationId: r.conversationId, assigneeId: agent.id }));
    // With a grace period the work stays with her for now.
    okData(await emit(lead, 'lead:settings-save', settings({ handbackGraceMinutes: 10 })));
    const ended = okData(await emit(socket, 'shift:end', { handoverNote: 'Customer X waits for a refund decision' }));
    expect(ended).toMatchObject({ chosen: 'away', shift: null });
    await t.hub.lead.sweep();
    expect(await assigneeOf(r.conversationId)).toBe(agent.id);
    // After the grace (still connected: the shift end alone hands it back).
    await t.hub.lead.sweep(new Date(Date.now() + 11 * 60_000));
    expect(await assigneeOf(r.conversationId)).toBeNull();
    okData(await emit(lead, 'lead:settings-save', settings()));
    const seen = okData(await emit(other, 'presence:me', {}));
    expect(seen.handovers).toContainEqual(expect.objectContaining({ userId: agent.id, note: 'Customer X waits for a refund decision' }));
    errorOf(await emit(socket, 'shift:end', {}), 'conflict');
  });
});

describe('routing', () => {
  it('assigns by priority, then oldest first, within capacity; positions follow the order', async () => {
    // A team of her own, so other tests' waiting conversations do not interfere.
    const agent = await t.addUser({ email: `r-${randomUUID()}@example.test`, departments: ['marketing'] });
    const { socket } = await t.connectAs(agent);
    okData(await emit(lead, 'lead:profile-save', { userId: agent.id, channels: [], languages: [], topics: [], capacity: { chat: 1 }, defaultCapacity: 2 }));
    const old = await t.hub.ingest(inbound({ sender: `r1-${randomUUID()}`, department: 'marketing', body: 'Hello, a question', receivedAt: new Date(Date.now() - 20_000) }));
    const angry = await t.hub.ingest(inbound({ sender: `r2-${randomUUID()}`, department: 'marketing', body: 'Das ist eine Frechheit, ich brauche SOFORT Hilfe' }));
    const scored = await t.hub.ingest(inbound({ sender: `r3-${randomUUID()}`, department: 'marketing', body: 'hi', priority: 60 }));
    const position = async (id: string) => okData(await emit(socket, 'routing:position', { conversationId: id })).position;
    const order = [await position(scored.conversationId), await position(angry.conversationId), await position(old.conversationId)];
    expect(order[0]).toBeLessThan(order[1]!);
    expect(order[1]).toBeLessThan(order[2]!);
    // Her queue view lists the same places, only for her teams.
    const queue = okData(await emit(socket, 'routing:queue', {}));
    expect(queue.items.map((w) => w.conversationId)).toEqual([scored.conversationId, angry.conversationId, old.conversationId]);
    expect(queue.items.map((w) => w.position)).toEqual(order);

    okData(await emit(lead, 'lead:settings-save', settings({ autoAssign: true })));
    await t.hub.lead.route();
    // Capacity 1 on chat: only the first in order.
    expect(await assigneeOf(scored.conversationId)).toBe(agent.id);
    expect(await assigneeOf(angry.conversationId)).toBeNull();
    expect(await position(scored.conversationId)).toBeNull();
    // "Next conversation" refuses beyond capacity too.
    expect(okData(await emit(socket, 'routing:next', {})).conversation).toBeNull();
    errorOf(await emit(socket, 'conversation:assign', { ...envelope('r-console'), conversationId: angry.conversationId, assigneeId: agent.id }), 'conflict');
    // Once she closes it, routing gives her the next one in order.
    okData(await emit(socket, 'conversation:set-status', { ...envelope('r-console'), conversationId: scored.conversationId, status: 'closed' }));
    await until(async () => (await assigneeOf(angry.conversationId)) === agent.id);
    expect(await assigneeOf(old.conversationId)).toBeNull();
    // Away: nothing more is routed to her.
    okData(await emit(socket, 'presence:set', { state: 'away' }));
    okData(await emit(socket, 'conversation:set-status', { ...envelope('r-console'), conversationId: angry.conversationId, status: 'closed' }));
    await t.hub.lead.route();
    expect(await assigneeOf(old.conversationId)).toBeNull();
    okData(await emit(lead, 'lead:settings-save', settings()));
  });
});

describe('routing roster', () => {
  it('re-reads teams, capacity, presence and accounts whenever they change, by whatever path', async () => {
    // Plain SQL, as an admin script or another hub node would write: no event of this hub tells
    // routing, whose roster (roster.ts) is cached until the triggers of migration 0100 bump it.
    const agent = await t.addUser({ email: `g-${randomUUID()}@example.test`, departments: [] });
    await t.connectAs(agent);
    okData(await emit(lead, 'lead:settings-save', settings({ autoAssign: true })));
    const first = await t.hub.ingest(inbound({ sender: `g1-${randomUUID()}`, department: 'service' }));
    await t.hub.lead.route();
    expect(await assigneeOf(first.conversationId)).toBeNull();

    await t.db.updateTable('users').set({ departments: ['service'] }).where('id', '=', agent.id).execute();
    await t.hub.lead.route();
    expect(await assigneeOf(first.conversationId)).toBe(agent.id);

    // One chat at most, and she has one: without the new profile she would get the default five.
    await t.db.insertInto('agent_profiles').values({ user_id: agent.id, capacity: JSON.stringify({ chat: 1 }), default_capacity: 1, updated_at: new Date() }).execute();
    const second = await t.hub.ingest(inbound({ sender: `g2-${randomUUID()}`, department: 'service' }));
    await t.hub.lead.route();
    expect(await assigneeOf(second.conversationId)).toBeNull();

    // Room again, but she is away.
    await t.db.updateTable('agent_profiles').set({ capacity: JSON.stringify({ chat: 5 }) }).where('user_id', '=', agent.id).execute();
    await t.db.updateTable('agent_presence').set({ state: 'away' }).where('user_id', '=', agent.id).execute();
    await t.hub.lead.route();
    expect(await assigneeOf(second.conversationId)).toBeNull();
    await t.db.updateTable('agent_presence').set({ state: 'available' }).where('user_id', '=', agent.id).execute();
    await t.hub.lead.route();
    expect(await assigneeOf(second.conversationId)).toBe(agent.id);

    // A disabled account gets nothing.
    await t.db.updateTable('users').set({ disabled: true }).where('id', '=', agent.id).execute();
    const third = await t.hub.ingest(inbound({ sender: `g3-${randomUUID()}`, department: 'service' }));
    await t.hub.lead.route();
    expect(await assigneeOf(third.conversationId)).toBeNull();
    okData(await emit(lead, 'lead:settings-save', settings()));
  });
});

describe('dashboard', () => {
  it("shows each agent's whole load, her ten longest-waiting conversations and her capacity over the channels she works", async () => {
    const agent = await t.addUser({ email: `d-${randomUUID()}@example.test`, departments: ['support'] });
    okData(await emit(lead, 'lead:profile-save', { userId: agent.id, channels: [], languages: [], topics: [], capacity: { chat: 7 }, defaultCapacity: 4 }));
    const base = Date.now() - 3_600_000;
    const ids: string[] = [];
    // Twelve conversations, received a minute apart, newest first: chat and email.
    for (let i = 0; i < 12; i++) {
      const r = await t.hub.ingest(inbound({ sender: `d-${randomUUID()}`, department: 'support', channel: i % 3 === 0 ? 'email' : 'chat', receivedAt: new Date(base - i * 60_000) }));
      okData(await emit(lead, 'conversation:assign', { ...envelope('dashboard-lead'), conversationId: r.conversationId, assigneeId: agent.id }));
      ids.push(r.conversationId);
    }
    // A closed one does not count.
    okData(await emit(lead, 'conversation:set-status', { ...envelope('dashboard-lead'), conversationId: ids[0]!, status: 'closed' }));

    const dashboard = DashboardSchema.parse(okData(await emit(lead, 'lead:dashboard', {})));
    const row = dashboard.agents.find((a) => a.userId === agent.id)!;
    expect(row.load).toBe(11);
    expect(row.capacity).toBe(7 + 4);
    expect(row.conversations.map((c) => c.id)).toEqual(ids.slice(1).reverse().slice(0, 10));
  });
});

describe('lead-only', () => {
  it('refuses the dashboard, settings, profiles and reports to agents', async () => {
    const { socket } = await t.connectAs(t.users.agentA);
    for (const [event, payload] of [
      ['lead:dashboard', {}],
      ['lead:settings', {}],
      ['lead:settings-save', settings()],
      ['lead:profiles', {}],
      ['lead:profile-save', { userId: t.users.agentA.id, channels: [], languages: [], topics: [], capacity: {}, defaultCapacity: 100 }],
      ['lead:report', { from: new Date(0).toISOString(), to: new Date().toISOString(), groupBy: 'agent' }],
    ] as const) {
      errorOf(await emit(socket, event as 'lead:dashboard', payload as never), 'forbidden');
    }
    // Invalid settings change nothing.
    errorOf(await emit(lead, 'lead:settings-save', { ...settings(), handbackGraceMinutes: -1 }), 'bad_request');
    errorOf(await emit(lead, 'lead:report', { from: new Date().toISOString(), to: new Date(0).toISOString(), groupBy: 'agent' }), 'bad_request');
  });

  it('pushes the dashboard to leads live, never to agents', async () => {
    const { socket: agent } = await t.connectAs(t.users.agentB);
    let agentGotDashboard = false;
    agent.on('lead:dashboard', () => {
      agentGotDashboard = true;
    });
    const at = new Date();
    const next = waitFor(lead, 'lead:dashboard', { until: (d) => d.latestInboundAt !== null && Date.parse(d.latestInboundAt) >= at.getTime() - 1 });
    await t.hub.ingest(inbound({ sender: `d-${randomUUID()}`, department: 'support', receivedAt: at }));
    const dashboard = DashboardSchema.parse(await next);
    expect(dashboard.queues.find((q) => q.departmentId === 'support' && q.channel === 'chat')?.waiting).toBeGreaterThan(0);
    expect(dashboard.today.inbound).toBeGreaterThan(0);
    expect(agentGotDashboard).toBe(false);
  });
});

describe('SLAs', () => {
  it('records a breach once and shows it on the dashboard', async () => {
    okData(await emit(lead, 'lead:settings-save', settings({ sla: { ...settings().sla, policies: [{ channel: '*', priority: '*', firstResponseMinutes: 5, nextResponseMinutes: 5, resolutionMinutes: 600 }] } })));
    const r = await t.hub.ingest(inbound({ sender: `sla-${randomUUID()}`, department: 'service', receivedAt: new Date(Date.now() - 10 * 60_000) }));
    const warn = await t.hub.ingest(inbound({ sender: `slaw-${randomUUID()}`, department: 'service', receivedAt: new Date(Date.now() - 4.5 * 60_000) }));
    await t.hub.lead.sweep();
    await t.hub.lead.sweep();
    const events = await t.db.selectFrom('sla_events').selectAll().where('conversation_id', 'in', [r.conversationId, warn.conversationId]).execute();
    expect(events.map((e) => [e.conversation_id, e.kind, e.state])).toEqual(
      expect.arrayContaining([
        [r.conversationId, 'first_response', 'breached'],
        [warn.conversationId, 'first_response', 'warning'],
      ]),
    );
    expect(events.filter((e) => e.conversation_id === r.conversationId && e.state === 'breached')).toHaveLength(1);
    const dashboard = DashboardSchema.parse(okData(await emit(lead, 'lead:dashboard', {})));
    expect(dashboard.sla.items.find((i) => i.conversationId === r.conversationId)).toMatchObject({ state: 'breached', kind: 'first_response' });
    expect(dashboard.waiting.find((w) => w.conversationId === r.conversationId)?.slaState).toBe('breached');
    okData(await emit(lead, 'lead:settings-save', settings()));
  });

  it('sweeps every conversation that is not closed across read chunks, and records each breach once', async () => {
    const strict = settings({ sla: { ...settings().sla, policies: [{ channel: '*', priority: '*', firstResponseMinutes: 5, nextResponseMinutes: 5, resolutionMinutes: 600 }] } });
    const late = await Promise.all(
      Array.from({ length: 5 }, () => t.hub.ingest(inbound({ sender: `chunk-${randomUUID()}`, department: 'service', receivedAt: new Date(Date.now() - 10 * 60_000) }))),
    );
    // Chunks of two: the five new conversations and the earlier ones span many reads.
    const monitor = new SlaMonitor(t.db, 2);
    expect(await monitor.sweep(strict)).toBeGreaterThanOrEqual(late.length);
    const unclosed = await t.db.selectFrom('conversations').select('id').where('status', '!=', 'closed').execute();
    expect([...monitor.states.keys()].sort()).toEqual(unclosed.map((c) => c.id).sort());
    for (const r of late) expect(monitor.states.get(r.conversationId)).toBe('breached');
    // A second sweep finds them recorded already.
    expect(await monitor.sweep(strict)).toBe(0);
    const events = await t.db.selectFrom('sla_events').select(['conversation_id', 'state']).where('conversation_id', 'in', late.map((r) => r.conversationId)).where('kind', '=', 'first_response').execute();
    expect(events.filter((e) => e.state === 'breached').map((e) => e.conversation_id).sort()).toEqual(late.map((r) => r.conversationId).sort());
  });

  it('refuses a chunk size that is not a positive integer', () => {
    expect(() => new SlaMonitor(t.db, 0)).toThrow(/positive integer/);
  });
});

describe('early warning and reports', () => {
  it('alerts leads to a negative spike on a hashtag, with the messages', async () => {
    const alert = waitFor(lead, 'lead:alert', { until: (a) => a.topic === '#blackoutgate' });
    for (let i = 0; i < 5; i++) {
      await t.hub.ingest(inbound({ sender: `ew-${i}-${randomUUID()}`, department: 'support', body: `#BlackoutGate again, this is unacceptable (${i})` }));
    }
    const raised = await alert;
    expect(raised.kind).toBe('negative_spike');
    expect(raised.messages.length).toBeGreaterThanOrEqual(4);
    expect(raised.messages[0]!.body).toContain('#BlackoutGate');
    const dashboard = DashboardSchema.parse(okData(await emit(lead, 'lead:dashboard', {})));
    expect(dashboard.alerts.map((a) => a.id)).toContain(raised.id);
  });

  it('reports touches, first response, handle time and channel switches per agent and channel', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { socket } = await t.connectAs(t.users.agentA);
    const r = await t.hub.ingest(inbound({ sender: `rep-${randomUUID()}`, department: 'support', receivedAt: new Date(Date.now() - 2 * 60_000) }));
    const send = (direction: 'outbound' | 'note') =>
      emit(socket, 'message:send', { ...envelope('rep-console'), conversationId: r.conversationId, messageId: randomUUID(), body: 'On it', direction });
    okData(await send('outbound'));
    okData(await send('note'));
    okData(await send('outbound'));
    // Switching to the phone: the call log (issue 7) counts as a channel switch and a touch.
    okData(
      await emit(socket, 'call:log', {
        ...envelope('rep-console'),
        conversationId: r.conversationId,
        messageId: randomUUID(),
        number: '+4930901820',
        numberSource: 'manual',
        outcome: 'reached',
        durationSeconds: 90,
        startedAt: new Date().toISOString(),
        reason: 'Faster by phone',
      }),
    );
    okData(await emit(socket, 'conversation:set-status', { ...envelope('rep-console'), conversationId: r.conversationId, status: 'closed' }));
    const report = okData(await emit(lead, 'lead:report', { from, to: new Date(Date.now() + 60_000).toISOString(), groupBy: 'agent' }));
    const row = report.rows.find((x) => x.key === t.users.agentA.id)!;
    expect(row).toMatchObject({ label: 'Anna Agent', conversations: 1, avgTouches: 4, channelSwitches: 1 });
    expect(row.avgFirstResponseMinutes).toBeGreaterThanOrEqual(2);
    expect(row.avgHandleMinutes).toBeGreaterThanOrEqual(2);
    const byChannel = okData(await emit(lead, 'lead:report', { from, to: new Date(Date.now() + 60_000).toISOString(), groupBy: 'channel' }));
    expect(byChannel.rows.find((x) => x.key === 'chat')).toMatchObject({ channelSwitches: 1 });
  });
});
