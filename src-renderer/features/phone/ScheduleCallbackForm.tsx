/**
 * Promise the customer a call back: a due time inside the contact center's service hours and the
 * hours the customer can be reached (in their zone), for the agent, a colleague or the team.
 */
import { useMemo, useState } from 'react';
import type { Conversation, Customer, PhoneNumber, TelephonySettingsView, User } from '../../../src-shared/index.js';
import { isLeadRole } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { useLiveQuery } from 'dexie-react-hooks';
import { queueScheduleCallback } from './commands.js';
import { customerZone, dueProblem, fromLocalInput, inZone, reachableHours, suggestDue, toLocalInput } from './schedule-form.js';
import { useT } from '../../i18n/index.js';

interface Props {
  conversation: Conversation;
  customer: Customer | null;
  number: PhoneNumber;
  settings: TelephonySettingsView;
  me: User;
}

export function ScheduleCallbackForm({ conversation, customer, number, settings, me }: Props) {
  const { db } = useWorkspace();
  const t = useT();
  const [zone, setZone] = useState(() => customerZone(customer?.country, settings.serviceHours));
  const [from, setFrom] = useState('08:00');
  const [to, setTo] = useState('20:00');
  const reachable = useMemo(() => reachableHours(zone, from, to), [zone, from, to]);
  const suggested = useMemo(() => safe(() => suggestDue(settings.serviceHours, reachable, new Date())), [settings.serviceHours, reachable]);
  const [due, setDue] = useState<string>('');
  const [assignee, setAssignee] = useState<string>(me.id);
  const [note, setNote] = useState('');
  const [scheduled, setScheduled] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Whoever calls back must be able to open the conversation: its team, or a lead.
  const colleagues = useLiveQuery(
    async () => (await db.users.toArray()).filter((u) => isLeadRole(u.role) || u.departments.includes(conversation.departmentId) || u.id === me.id),
    [db, conversation.departmentId, me.id],
  );
  const dueValue = due || (suggested ? toLocalInput(suggested) : '');
  const dueAt = fromLocalInput(dueValue);
  const zoneValid = safe(() => Boolean(new Intl.DateTimeFormat('en', { timeZone: zone }))) === true;

  async function schedule() {
    if (!zoneValid) return setError(t('schedule.unknownZone'));
    const problem = dueProblem(settings.serviceHours, reachable, dueAt);
    if (problem) return setError(problem);
    setError(null);
    await queueScheduleCallback(db, conversation, me, { dueAt: dueAt!, number: number.e164, ext: number.ext, assigneeId: assignee === '' ? null : assignee, reachable, note });
    setScheduled(dueAt!.toISOString());
  }

  if (scheduled) {
    return (
      <p className="callback-scheduled" role="status">
        Callback scheduled for {new Date(scheduled).toLocaleString()} — customer’s time {inZone(new Date(scheduled), zone)}.
      </p>
    );
  }
  return (
    <fieldset className="schedule-callback">
      <legend>{t('schedule.title')}</legend>
      <label>
        {t('schedule.customerZone')} <input aria-label={t('schedule.customerZoneLabel')} value={zone} onChange={(e) => setZone(e.target.value.trim())} size={18} />
      </label>{' '}
      <label>
        {t('schedule.reachableFrom')} <input aria-label={t('schedule.reachableFromLabel')} type="time" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>{' '}
      <label>
        {t('schedule.reachableTo')} <input aria-label={t('schedule.reachableToLabel')} type="time" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <div>
        <label>
          {t('schedule.due')} <input aria-label={t('schedule.dueLabel')} type="datetime-local" step={1} value={dueValue} onChange={(e) => setDue(e.target.value)} />
        </label>{' '}
        {dueAt && zoneValid && <span className="muted" data-testid="customer-local-time">{t('schedule.customerTime', { time: inZone(dueAt, zone) })}</span>}
        {!suggested && <span className="muted"> {t('schedule.noSlot')}</span>}
      </div>
      <label>
        {t('schedule.whoCalls')}{' '}
        <select aria-label={t('schedule.assigneeLabel')} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('callbacks.anyone')}</option>
          {(colleagues ?? []).map((u) => (
            <option key={u.id} value={u.id}>{u.id === me.id ? t('callbacks.me', { name: u.name }) : u.name}</option>
          ))}
        </select>
      </label>
      <label className="block">
        {t('schedule.note')} <input aria-label={t('schedule.noteLabel')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" onClick={() => void schedule()}>{t('schedule.submit')}</button>
    </fieldset>
  );
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
