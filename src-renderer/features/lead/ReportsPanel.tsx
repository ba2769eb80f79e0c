import { useState } from 'react';
import { reportToCsv, ReportSchema, type Report } from '../../../src-shared/index.js';
import { CHANNEL_LABELS, DEPARTMENT_LABELS } from '../../lib/channels.js';
import type { HubSocket } from '../../sync/hub-client.js';
import { describeLeadError, leadRequest } from './lead-link.js';
import { useT } from '../../i18n/index.js';
import { localDateInput as day } from '../../lib/local-date.js';

const GROUPS = { agent: 'lead.col.agent', department: 'lead.col.team', channel: 'lead.col.channel' } as const;
const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(1));

/** Handle time, touches, first response and channel switches over a date range; CSV export. */
export function ReportsPanel({ socket }: { socket: HubSocket }) {
  const t = useT();
  const [from, setFrom] = useState(day(new Date(Date.now() - 7 * 86_400_000)));
  const [to, setTo] = useState(day(new Date()));
  const [groupBy, setGroupBy] = useState<Report['groupBy']>('agent');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    // Whole local days: from the start of `from` to the end of `to`.
    const start = new Date(`${from}T00:00:00`);
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    const ack = await leadRequest(socket, 'lead:report', { from: start.toISOString(), to: end.toISOString(), groupBy });
    if (!ack.ok) return setError(describeLeadError(ack.error));
    const parsed = ReportSchema.safeParse(ack.data);
    if (!parsed.success) return setError(t('lead.report.unreadable'));
    setReport(parsed.data);
  }

  function download() {
    if (!report) return;
    const blob = new Blob([reportToCsv(report)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `switchboard-report-${groupBy}-${from}-${to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const label = (row: Report['rows'][number]) =>
    report?.groupBy === 'department' ? (DEPARTMENT_LABELS[row.key as keyof typeof DEPARTMENT_LABELS] ?? row.label) : report?.groupBy === 'channel' ? (CHANNEL_LABELS[row.key as keyof typeof CHANNEL_LABELS] ?? row.label) : row.label;

  return (
    <section aria-label={t('lead.reports')} className="lead-reports">
      <form className="add-account" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label>{t('lead.report.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
        <label>{t('lead.report.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required /></label>
        <label>
          {t('lead.report.per')}{' '}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as Report['groupBy'])}>
            {Object.entries(GROUPS).map(([k, v]) => <option key={k} value={k}>{t(v)}</option>)}
          </select>
        </label>
        <button type="submit">{t('lead.report.show')}</button>
        <button type="button" disabled={!report} onClick={download}>{t('lead.report.export')}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {report && (
        <table className="channel-accounts" data-testid="lead-report">
          <thead>
            <tr><th>{t(GROUPS[report.groupBy])}</th><th>{t('lead.col.conversations')}</th><th>{t('lead.report.avgHandle')}</th><th>{t('lead.report.avgTouches')}</th><th>{t('lead.report.avgFirstResponse')}</th><th>{t('lead.report.switches')}</th></tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.key}><td>{label(r)}</td><td>{r.conversations}</td><td>{fmt(r.avgHandleMinutes)}</td><td>{fmt(r.avgTouches)}</td><td>{fmt(r.avgFirstResponseMinutes)}</td><td>{r.channelSwitches}</td></tr>
            ))}
            {report.rows.length === 0 && <tr><td colSpan={6} className="muted">{t('lead.report.empty')}</td></tr>}
          </tbody>
        </table>
      )}
    </section>
  );
}
