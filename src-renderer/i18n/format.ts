/**
 * Dates, times and numbers in the UI language (Intl), so a German console shows "23.11.26, 18:05"
 * and "1.234" and an English one "11/23/26, 6:05 PM" and "1,234".
 *
 * Formatters are cached per language and options: creating an Intl formatter is far slower than
 * using one, and queue rows format thousands of times while scrolling.
 */
import { currentLanguage, t } from './index.js';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${currentLanguage()}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(currentLanguage(), options)));
  return f;
}

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${currentLanguage()}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(currentLanguage(), options)));
  return f;
}

/** Short date and time ("23.11.26, 18:05"). Accepts an ISO string, epoch ms or a Date. */
export function formatDateTime(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' }): string {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : dateFormat(options).format(date);
}

/** Date only ("23.11.2026"). */
export function formatDate(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return formatDateTime(value, options);
}

/** Time only ("18:05"). */
export function formatClock(value: string | number | Date): string {
  return formatDateTime(value, { timeStyle: 'short' });
}

/** A number with the language's grouping and decimal separators. */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(options).format(value);
}

/** A ratio 0..1 as a percentage ("87 %" in German, "87%" in English). */
export function formatPercent(ratio: number, fractionDigits = 0): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: fractionDigits }).format(ratio);
}

/**
 * formatDuration's texts by language and shown value. A queue row that scrolls into view formats
 * its waiting time, and i18next's plural lookup was most of the row's render time while the queue
 * scrolled (profiled); the shown values repeat (whole minutes under a day, whole days after), so
 * the texts are kept. Bounded: cleared when full, refilled from what is on screen.
 */
const durations = new Map<string, string>();
const DURATIONS_KEPT = 4096;

/** "now", "4 min", "2 h 5 min", "3 d" — compact waiting time for queue rows, translated. */
export function formatDuration(minutesTotal: number): string {
  const minutes = Math.max(0, Math.floor(minutesTotal));
  // Past a day only whole days show: one text per day, not per minute.
  const key = `${currentLanguage()}|${minutes < 1440 ? minutes : `d${Math.floor(minutes / 1440)}`}`;
  let text = durations.get(key);
  if (text === undefined) {
    if (durations.size >= DURATIONS_KEPT) durations.clear();
    durations.set(key, (text = durationText(minutes)));
  }
  return text;
}

function durationText(minutes: number): string {
  if (minutes < 1) return t('time.now');
  if (minutes < 60) return t('time.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? t('time.hoursMinutes', { hours, minutes: minutes % 60 }) : t('time.hours', { count: hours });
  return t('time.days', { count: Math.floor(hours / 24) });
}
