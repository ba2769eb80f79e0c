import { useCallback, useEffect, useState } from 'react';
import { AlertSchema, DashboardSchema, LeadSettingsSchema, type Alert, type Dashboard, type LeadSettings } from '../../../src-shared/index.js';
import { CHANNEL_LABELS, DEPARTMENT_LABELS } from '../../lib/channels.js';
import type { HubSocket } from '../../sync/hub-client.js';
import { describeLink, useAdminLink } from '../settings/admin-link.js';
import { HistoryChart } from './HistoryChart.js';
import { describeLeadError, leadEnvelope, leadRequest, since } from './lead-link.js';
import { ReportsPanel } from './ReportsPanel.js';

const STATE_LABELS = { available: 'Available', busy: 'Busy', away: 'Away', offline: 'Offline' } as const;
const SLA_LABELS = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' } as const;

/**
 * The team lead's live view (leads and admins; the hub refuses everyone else): queue load per
 * channel and department, SLA risk, agents' state and load, today's figures, the last hours,
 * early warnings, and reassigning work. Updates arrive as the hub pushes them.
 */
export function LeadDashboard({ hubUrl, token, onClose }: { hubUrl: string; token: string; onClose(): void }) {
  const link = useAdminLink(hubUrl, token);
  const socket = link.kind === 'online' ? link.socket : null;
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [settings, setSettings] = useState<LeadSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<'live' | 'reports'>('live');
  const [notice, setNotice] = useState<string | null>(null);

  const accept = useCallback((payload: unknown) => {
    // Habit 2: the console validates what it receives.
    const parsed = DashboardSchema.safeParse(payload);
    if (parsed.success) setDashboard(parsed.data);
    else setError('The hub sent a dashboard this console cannot read.');
  }, []);

  useEffect(() => {
    if (!socket) return;
    const onAlert = (payload: unknown) => {
      const alert = AlertSchema.safeParse(payload);
      if (alert.success) setNotice(`Early warning: ${alert.data.summary}`);
    };
    socket.on('lead:dashboard', accept);
    socket.on('lead:alert', onAlert);
    void leadRequest(socket, 'lead:dashboard', {}).then((ack) => (ack.ok ? accept(ack.data) : setError(describeLeadError(ack.error))));
    void leadRequest(socket, 'lead:settings', {}).then((ack) => {
      if (ack.ok) {
        const parsed = LeadSettingsSchema.safeParse(ack.data);
        if (parsed.success) setSettings(parsed.data);
      }
    });
    return () => {
      socket.off('lead:dashboard', accept);
      socket.off('lead:alert', onAlert);
    };
  }, [socket, accept]);

  async function reassign(conversationId: string, assigneeId: string | null) {
    if (!socket) return;
    const ack = await leadRequest(socket, 'conversation:assign', { ...leadEnvelope(), conversationId, assigneeId });
    setNotice(ack.ok ? (assigneeId ? 'Reassigned.' : 'Back in the queue.') : describeLeadError(ack.error));
  }

  async function toggleAutoAssign() {
    if (!socket || !settings) return;
    const ack = await leadRequest(socket, 'lead:settings-save', { ...settings, autoAssign: !settings.autoAssign });
    if (ack.ok) setSettings(ack.data);
    else setNotice(describeLeadError(ack.error));
  }

  const linkText = describeLink(link);
  const waitingTotal = dashboard?.queues.reduce((n, q) => n + q.waiting, 0) ?? 0;
  const oldest = dashboard?.queues.map((q) => q.oldestWaitingSince).filter((x): x is string => x !== null).sort()[0] ?? null;

  return (
    <section className="lead settings" aria-label="Team lead dashboard">
      <header className="settings-header">
        <h2>Team lead dashboard</h2>
        <div className="row-actions">
          <button type="button" aria-pressed={tab === 'live'} onClick={() => setTab('live')}>Live</button>
          <button type="button" aria-pressed={tab === 'reports'} onClick={() => setTab('reports')}>Reports</button>
          {settings && (
            <label>
              <input type="checkbox" checked={settings.autoAssign} onChange={() => void toggleAutoAssign()} /> Assign automatically
            </label>
          )}
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </header>
      {linkText && <p className="notice">{linkText.replace('Channel settings', 'The dashboard')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status" data-testid="lead-notice">{notice}</p>}
      {tab === 'reports' ? (
        socket ? <ReportsPanel socket={socket} /> : null
      ) : dashboard ? (
        <LiveView dashboard={dashboard} waitingTotal={waitingTotal} oldest={oldest} onReassign={reassign} socket={socket} />
      ) : (
        !linkText && <p className="muted">Loading…</p>
      )}
    </section>
  );
}

function LiveView({
  dashboard,
  waitingTotal,
  oldest,
  onReassign,
  socket,
}: {
  dashboard: Dashboard;
  waitingTotal: number;
  oldest: string | null;
  onReassign(conversationId: string, assigneeId: string | null): Promise<void>;
  socket: HubSocket | null;
}) {
  const agents = dashboard.agents.filter((a) => a.role === 'agent' || a.load > 0);
  const picker = (conversationId: string, current: string | null) => (
    <select
      aria-label="Reassign"
      value={current ?? ''}
      disabled={!socket}
      onChange={(e) => void onReassign(conversationId, e.target.value === '' ? null : e.target.value)}
    >
      <option value="">{current ? 'Back to the queue' : 'Assign to…'}</option>
      {dashboard.agents.map((a) => (
        <option key={a.userId} value={a.userId}>
          {a.name} ({STATE_LABELS[a.state]}, {a.load})
        </option>
      ))}
    </select>
  );
  return (
    <div className="lead-grid" data-generated-at={dashboard.generatedAt}>
      <dl className="lead-kpis">
        <div><dt>Waiting</dt><dd data-testid="kpi-waiting">{waitingTotal}</dd></div>
        <div><dt>Oldest waiting</dt><dd>{since(oldest)}</dd></div>
        <div><dt>SLA at risk</dt><dd data-testid="kpi-at-risk">{dashboard.sla.atRisk}</dd></div>
        <div><dt>SLA breached</dt><dd data-testid="kpi-breached">{dashboard.sla.breached}</dd></div>
        <div><dt>Customer messages today</dt><dd data-testid="kpi-inbound">{dashboard.today.inbound}</dd></div>
        <div><dt>Replies today</dt><dd>{dashboard.today.replies}</dd></div>
        <div><dt>Closed today</dt><dd>{dashboard.today.closed}</dd></div>
        <div><dt>Response rate today</dt><dd>{dashboard.today.responseRate === null ? '—' : `${Math.round(dashboard.today.responseRate * 100)} %`}</dd></div>
      </dl>

      {dashboard.alerts.length > 0 && (
        <section aria-label="Early warnings" className="lead-alerts">
          <h3>Early warnings</h3>
          {dashboard.alerts.map((a) => (
            <details key={a.id} className="lead-alert" data-testid="lead-alert">
              <summary>
                <strong>{a.kind === 'negative_spike' ? 'Negative spike' : 'Volume spike'}</strong> {a.topic}: {a.summary}{' '}
                <span className="muted">{since(a.createdAt)} ago</span>
              </summary>
              <ul>
                {a.messages.map((m) => (
                  <li key={m.messageId}>{m.body}</li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      )}

      <section aria-label="Queue load">
        <h3>Queues</h3>
        <table className="channel-accounts" data-testid="lead-queues">
          <thead><tr><th>Team</th><th>Channel</th><th>Open</th><th>Waiting</th><th>Oldest waiting</th></tr></thead>
          <tbody>
            {dashboard.queues.map((q) => (
              <tr key={`${q.departmentId}-${q.channel}`} data-queue={`${q.departmentId}:${q.channel}`}>
                <td>{DEPARTMENT_LABELS[q.departmentId]}</td>
                <td>{CHANNEL_LABELS[q.channel]}</td>
                <td>{q.open}</td>
                <td>{q.waiting}</td>
                <td>{since(q.oldestWaitingSince)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="Last hours">
        <h3>Last hours</h3>
        <HistoryChart history={dashboard.history} />
      </section>

      <section aria-label="Agents">
        <h3>Agents</h3>
        <table className="channel-accounts" data-testid="lead-agents">
          <thead><tr><th>Agent</th><th>State</th><th>Load</th><th>Conversations</th></tr></thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.userId} data-agent={a.name}>
                <td>{a.name}{a.shiftStartedAt && <span className="muted"> · shift since {since(a.shiftStartedAt)}</span>}</td>
                <td><span className={`presence presence-${a.state}`}>{STATE_LABELS[a.state]}</span></td>
                <td>{a.load} / {a.capacity}</td>
                <td>
                  <ul className="lead-conversations">
                    {a.conversations.map((c) => (
                      <li key={c.id} data-conversation={c.id}>
                        <span className="channel">{CHANNEL_LABELS[c.channel]}</span> <span className="snippet-inline">{c.snippet}</span> {picker(c.id, a.userId)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="SLA risk">
        <h3>SLAs at risk and breached</h3>
        {dashboard.sla.items.length === 0 ? (
          <p className="muted">No SLA at risk.</p>
        ) : (
          <table className="channel-accounts">
            <thead><tr><th>State</th><th>Timer</th><th>Due</th><th>Channel</th><th>Conversation</th></tr></thead>
            <tbody>
              {dashboard.sla.items.slice(0, 20).map((i) => (
                <tr key={`${i.conversationId}-${i.kind}`} className={`sla-${i.state}`}>
                  <td>{i.state === 'breached' ? 'Breached' : 'At risk'}</td>
                  <td>{SLA_LABELS[i.kind]}</td>
                  <td>{i.dueAt ? new Date(i.dueAt).toLocaleString() : '—'}</td>
                  <td>{CHANNEL_LABELS[i.channel]}</td>
                  <td className="snippet-inline">{i.snippet}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-label="Waiting queue">
        <h3>Waiting, in routing order</h3>
        <table className="channel-accounts" data-testid="lead-waiting">
          <thead><tr><th>#</th><th>Team</th><th>Channel</th><th>Waiting</th><th>SLA</th><th>Message</th><th>Assign</th></tr></thead>
          <tbody>
            {dashboard.waiting.map((w) => (
              <tr key={w.conversationId} data-conversation={w.conversationId}>
                <td>{w.position}</td>
                <td>{DEPARTMENT_LABELS[w.departmentId]}</td>
                <td>{CHANNEL_LABELS[w.channel]}</td>
                <td>{since(w.waitingSince)}</td>
                <td className={`sla-${w.slaState}`}>{w.slaState === 'ok' ? '' : w.slaState === 'breached' ? 'Breached' : 'At risk'}{w.vip ? ' · VIP' : ''}</td>
                <td className="snippet-inline">{w.snippet}</td>
                <td>{picker(w.conversationId, null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export type { Alert };
