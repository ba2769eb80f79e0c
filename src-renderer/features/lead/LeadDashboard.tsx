import { useCallback, useEffect, useState } from 'react';
import { AlertSchema, DashboardSchema, LeadSettingsSchema, type Alert, type Dashboard, type LeadSettings } from '../../../src-shared/index.js';
import { CHANNEL_LABELS, DEPARTMENT_LABELS } from '../../lib/channels.js';
import type { HubSocket } from '../../sync/hub-client.js';
import { describeLink, useAdminLink } from '../settings/admin-link.js';
import { HistoryChart } from './HistoryChart.js';
import { describeLeadError, leadEnvelope, leadRequest, since } from './lead-link.js';
import { ReportsPanel } from './ReportsPanel.js';
import { t as translate, useT } from '../../i18n/index.js';
import { formatDateTime, formatPercent } from '../../i18n/format.js';

const SLA_KEYS = { first_response: 'lead.sla.firstResponse', next_response: 'lead.sla.nextResponse', resolution: 'lead.sla.resolution' } as const;

/**
 * The team lead's live view (leads and admins; the hub refuses everyone else): queue load per
 * channel and department, SLA risk, agents' state and load, today's figures, the last hours,
 * early warnings, and reassigning work. Updates arrive as the hub pushes them.
 */
export function LeadDashboard({ hubUrl, token, onClose }: { hubUrl: string; token: string; onClose(): void }) {
  const t = useT();
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
    else setError(translate('lead.unreadable'));
  }, []);

  useEffect(() => {
    if (!socket) return;
    const onAlert = (payload: unknown) => {
      const alert = AlertSchema.safeParse(payload);
      if (alert.success) setNotice(translate('lead.earlyWarningNotice', { summary: alert.data.summary }));
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
    setNotice(ack.ok ? (assigneeId ? t('lead.reassigned') : t('lead.backInQueue')) : describeLeadError(ack.error));
  }

  async function toggleAutoAssign() {
    if (!socket || !settings) return;
    const ack = await leadRequest(socket, 'lead:settings-save', { ...settings, autoAssign: !settings.autoAssign });
    if (ack.ok) setSettings(ack.data);
    else setNotice(describeLeadError(ack.error));
  }

  const linkText = describeLink(link, 'dashboard');
  const waitingTotal = dashboard?.queues.reduce((n, q) => n + q.waiting, 0) ?? 0;
  const oldest = dashboard?.queues.map((q) => q.oldestWaitingSince).filter((x): x is string => x !== null).sort()[0] ?? null;

  return (
    <section className="lead settings" aria-label={t('lead.title')}>
      <header className="settings-header">
        <h2>{t('lead.title')}</h2>
        <div className="row-actions">
          <button type="button" aria-pressed={tab === 'live'} onClick={() => setTab('live')}>{t('lead.live')}</button>
          <button type="button" aria-pressed={tab === 'reports'} onClick={() => setTab('reports')}>{t('lead.reports')}</button>
          {settings && (
            <label>
              <input type="checkbox" checked={settings.autoAssign} onChange={() => void toggleAutoAssign()} /> {t('lead.autoAssign')}
            </label>
          )}
          <button type="button" onClick={onClose}>{t('common.close')}</button>
        </div>
      </header>
      {linkText && <p className="notice">{linkText}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status" data-testid="lead-notice">{notice}</p>}
      {tab === 'reports' ? (
        socket ? <ReportsPanel socket={socket} /> : null
      ) : dashboard ? (
        <LiveView dashboard={dashboard} waitingTotal={waitingTotal} oldest={oldest} onReassign={reassign} socket={socket} />
      ) : (
        !linkText && <p className="muted">{t('common.loading')}</p>
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
  const t = useT();
  const agents = dashboard.agents.filter((a) => a.role === 'agent' || a.load > 0);
  const picker = (conversationId: string, current: string | null) => (
    <select
      aria-label={t('lead.reassign')}
      value={current ?? ''}
      disabled={!socket}
      onChange={(e) => void onReassign(conversationId, e.target.value === '' ? null : e.target.value)}
    >
      <option value="">{current ? t('lead.backToQueue') : t('lead.assignTo')}</option>
      {dashboard.agents.map((a) => (
        <option key={a.userId} value={a.userId}>
          {a.name} ({t(`presence.${a.state}`)}, {a.load})
        </option>
      ))}
    </select>
  );
  return (
    <div className="lead-grid" data-generated-at={dashboard.generatedAt}>
      <dl className="lead-kpis">
        <div><dt>{t('lead.kpi.waiting')}</dt><dd data-testid="kpi-waiting">{waitingTotal}</dd></div>
        <div><dt>{t('lead.kpi.oldestWaiting')}</dt><dd>{since(oldest)}</dd></div>
        <div><dt>{t('lead.kpi.slaAtRisk')}</dt><dd data-testid="kpi-at-risk">{dashboard.sla.atRisk}</dd></div>
        <div><dt>{t('lead.kpi.slaBreached')}</dt><dd data-testid="kpi-breached">{dashboard.sla.breached}</dd></div>
        <div><dt>{t('lead.kpi.inboundToday')}</dt><dd data-testid="kpi-inbound">{dashboard.today.inbound}</dd></div>
        <div><dt>{t('lead.kpi.repliesToday')}</dt><dd>{dashboard.today.replies}</dd></div>
        <div><dt>{t('lead.kpi.closedToday')}</dt><dd>{dashboard.today.closed}</dd></div>
        <div><dt>{t('lead.kpi.responseRateToday')}</dt><dd>{dashboard.today.responseRate === null ? '—' : formatPercent(dashboard.today.responseRate)}</dd></div>
      </dl>

      {dashboard.alerts.length > 0 && (
        <section aria-label={t('lead.earlyWarnings')} className="lead-alerts">
          <h3>{t('lead.earlyWarnings')}</h3>
          {dashboard.alerts.map((a) => (
            <details key={a.id} className="lead-alert" data-testid="lead-alert">
              <summary>
                <strong>{a.kind === 'negative_spike' ? t('lead.negativeSpike') : t('lead.volumeSpike')}</strong> {a.topic}: {a.summary}{' '}
                <span className="muted">{t('lead.ago', { time: since(a.createdAt) })}</span>
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

      <section aria-label={t('lead.queueLoad')}>
        <h3>{t('lead.queues')}</h3>
        <table className="channel-accounts" data-testid="lead-queues">
          <thead><tr><th>{t('lead.col.team')}</th><th>{t('lead.col.channel')}</th><th>{t('lead.col.open')}</th><th>{t('lead.col.waiting')}</th><th>{t('lead.kpi.oldestWaiting')}</th></tr></thead>
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

      <section aria-label={t('lead.lastHours')}>
        <h3>{t('lead.lastHours')}</h3>
        <HistoryChart history={dashboard.history} />
      </section>

      <section aria-label={t('lead.agents')}>
        <h3>{t('lead.agents')}</h3>
        <table className="channel-accounts" data-testid="lead-agents">
          <thead><tr><th>{t('lead.col.agent')}</th><th>{t('lead.col.state')}</th><th>{t('lead.col.load')}</th><th>{t('lead.col.conversations')}</th></tr></thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.userId} data-agent={a.name}>
                <td>{a.name}{a.shiftStartedAt && <span className="muted"> · {t('lead.shiftSince', { time: since(a.shiftStartedAt) })}</span>}</td>
                <td><span className={`presence presence-${a.state}`}>{t(`presence.${a.state}`)}</span></td>
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

      <section aria-label={t('lead.slaRisk')}>
        <h3>{t('lead.slaRiskTitle')}</h3>
        {dashboard.sla.items.length === 0 ? (
          <p className="muted">{t('lead.noSlaRisk')}</p>
        ) : (
          <table className="channel-accounts">
            <thead><tr><th>{t('lead.col.state')}</th><th>{t('lead.col.timer')}</th><th>{t('lead.col.due')}</th><th>{t('lead.col.channel')}</th><th>{t('lead.col.conversation')}</th></tr></thead>
            <tbody>
              {dashboard.sla.items.slice(0, 20).map((i) => (
                <tr key={`${i.conversationId}-${i.kind}`} className={`sla-${i.state}`}>
                  <td>{i.state === 'breached' ? t('lead.breached') : t('lead.atRisk')}</td>
                  <td>{t(SLA_KEYS[i.kind])}</td>
                  <td>{i.dueAt ? formatDateTime(i.dueAt) : '—'}</td>
                  <td>{CHANNEL_LABELS[i.channel]}</td>
                  <td className="snippet-inline">{i.snippet}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-label={t('lead.waitingQueue')}>
        <h3>{t('lead.waitingQueueTitle')}</h3>
        <table className="channel-accounts" data-testid="lead-waiting">
          <thead><tr><th>#</th><th>{t('lead.col.team')}</th><th>{t('lead.col.channel')}</th><th>{t('lead.col.waiting')}</th><th>SLA</th><th>{t('lead.col.message')}</th><th>{t('lead.col.assign')}</th></tr></thead>
          <tbody>
            {dashboard.waiting.map((w) => (
              <tr key={w.conversationId} data-conversation={w.conversationId}>
                <td>{w.position}</td>
                <td>{DEPARTMENT_LABELS[w.departmentId]}</td>
                <td>{CHANNEL_LABELS[w.channel]}</td>
                <td>{since(w.waitingSince)}</td>
                <td className={`sla-${w.slaState}`}>{w.slaState === 'ok' ? '' : w.slaState === 'breached' ? t('lead.breached') : t('lead.atRisk')}{w.vip ? ' · VIP' : ''}</td>
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
