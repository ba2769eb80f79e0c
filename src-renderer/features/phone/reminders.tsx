/**
 * Reminders: when one of the agent's callbacks (hers, or her team's unassigned ones) falls due, a
 * native notification through the desktop bridge, and in any case an in-app reminder that stays
 * until the callback is done or opened. Leads are told the same way when a callback escalates.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { isLeadRole, type User } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedCallback } from '../../db/database.js';
import { desktop } from '../../lib/desktop.js';
import { useCustomerNames, useOpenCallbacks } from './queries.js';
import { t as translate, useT } from '../../i18n/index.js';

/** Whether `me` is reminded of `callback`: it is hers, or her team's and nobody's. */
export function remindsMe(callback: CachedCallback, me: User): boolean {
  if (callback.assigneeId !== null) return callback.assigneeId === me.id;
  return me.departments.includes(callback.departmentId);
}

export interface Reminder {
  callback: CachedCallback;
  kind: 'due' | 'escalated';
}

/** The reminders showing now; fires a native notification once per callback and kind. */
export function useCallbackReminders(): Reminder[] {
  const { db, me } = useWorkspace();
  const open = useOpenCallbacks(db);
  const [now, setNow] = useState(Date.now());
  const notified = useRef(new Set<string>());
  const names = useCustomerNames(db, (open ?? []).map((c) => c.customerId));

  // Wake up exactly when the next callback falls due, not on a fixed poll.
  useEffect(() => {
    const next = (open ?? []).map((c) => new Date(c.dueAt).getTime()).filter((t) => t > now).sort((a, b) => a - b)[0];
    if (next === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(next - Date.now() + 50, 2_147_000_000));
    return () => clearTimeout(timer);
  }, [open, now]);

  const reminders = useMemo(() => {
    const out: Reminder[] = [];
    for (const c of open ?? []) {
      if (isLeadRole(me.role) && c.escalatedAt) out.push({ callback: c, kind: 'escalated' });
      else if (remindsMe(c, me) && new Date(c.dueAt).getTime() <= now) out.push({ callback: c, kind: 'due' });
    }
    return out;
  }, [open, me, now]);

  useEffect(() => {
    const bridge = desktop();
    for (const r of reminders) {
      const key = `${r.kind}:${r.callback.id}`;
      if (notified.current.has(key)) continue;
      notified.current.add(key);
      const who = names?.get(r.callback.customerId) ?? translate('callbacks.aCustomer');
      void bridge?.notifications.show({
        title: r.kind === 'due' ? translate('callbacks.dueTitle') : translate('callbacks.escalatedTitle'),
        body: translate('callbacks.callBack', { who, number: r.callback.number }),
        conversationId: r.callback.conversationId,
      });
    }
  }, [reminders, names]);
  return reminders;
}

/** The in-app reminders bar. */
export function CallbackReminders({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const t = useT();
  const { db } = useWorkspace();
  const reminders = useCallbackReminders();
  const names = useCustomerNames(db, reminders.map((r) => r.callback.customerId));
  if (reminders.length === 0) return null;
  return (
    <div className="callback-reminders" role="alert" data-testid="callback-reminders">
      {reminders.map((r) => (
        <p key={`${r.kind}:${r.callback.id}`} data-testid={`reminder-${r.kind}`}>
          {r.kind === 'due' ? t('callbacks.dueLabel') : t('callbacks.escalatedLabel')}{' '}
          {names?.get(r.callback.customerId) ?? t('callbacks.aCustomer')} · {r.callback.number}{' '}
          <button type="button" onClick={() => onOpen(r.callback.conversationId)}>{t('callbacks.open')}</button>
        </p>
      ))}
    </div>
  );
}
