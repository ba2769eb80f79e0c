/** Showing wake times: "today 18:00", "Tue 08:00", or a date further out. */
import type { Conversation } from '../../../src-shared/index.js';
import { isSnoozed } from '../../../src-shared/index.js';
import { currentLanguage, t } from '../../i18n/index.js';

/** A wake time as the agent reads it, in local time. */
export function formatWake(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const lang = currentLanguage();
  const time = d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  const days = Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()) / 86_400_000);
  if (days === 0) return t('snooze.today', { time });
  if (days === 1) return t('snooze.tomorrowAt', { time });
  if (days > 1 && days < 7) return `${d.toLocaleDateString(lang, { weekday: 'short' })} ${time}`;
  return `${d.toLocaleDateString(lang, { day: 'numeric', month: 'short', year: d.getFullYear() === now.getFullYear() ? undefined : 'numeric' })} ${time}`;
}

/** Snoozed right now by this console's clock. */
export function isSnoozedNow(c: Pick<Conversation, 'snoozedUntil' | 'status'>): boolean {
  return c.status !== 'closed' && isSnoozed(c.snoozedUntil, Date.now());
}
