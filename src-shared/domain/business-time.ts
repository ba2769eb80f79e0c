/**
 * Business-time arithmetic: how many minutes of service time lie between two instants, and which
 * instant lies N service minutes after another — in a weekly schedule of an IANA zone, minus
 * holidays. SLA timers count in these minutes.
 *
 * Wall times are turned into instants with date-fns-tz, which resolves daylight saving: a Berlin
 * day that springs forward has 23 hours, and 02:30 on it does not exist. Everything is computed
 * per local calendar day, so a period is always the wall-clock period the schedule says.
 */
import { fromZonedTime } from 'date-fns-tz';
import { z } from 'zod';
import { BusinessHoursSchema, WEEKDAYS, type BusinessHours, type Weekday } from './business-hours.js';

const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD');

/** A service calendar: weekly hours in a zone, and local dates on which the service is closed. */
export const ServiceCalendarSchema = z.object({
  hours: BusinessHoursSchema,
  holidays: z.array(LocalDateSchema).max(1000).default([]),
});
export type ServiceCalendar = z.infer<typeof ServiceCalendarSchema>;

/** Never search further than this for service time (a schedule with no open day has none). */
const MAX_DAYS = 3 * 366;
const MINUTE = 60_000;

/** One formatter per zone: building one (and date-fns-tz's formatting) cost more than the rest of a call. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function serviceLocalDate(timeZone: string, at: Date): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    dateFormats.set(timeZone, format);
  }
  let year = '';
  let month = '';
  let day = '';
  for (const part of format.formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/**
 * Per calendar (by identity: settings objects are replaced, never mutated): its holidays as a set
 * and each local date's open periods. SLA sweeps and routing ask for the same few dates thousands
 * of times, and each period costs two time-zone conversions.
 */
const calendarMemo = new WeakMap<ServiceCalendar, { holidays: ReadonlySet<string>; periods: Map<string, [number, number][]> }>();
function memoOf(calendar: ServiceCalendar) {
  let memo = calendarMemo.get(calendar);
  if (!memo) calendarMemo.set(calendar, (memo = { holidays: new Set(calendar.holidays), periods: new Map() }));
  return memo;
}

/** The open periods of `date` in `calendar`, memoised (see `calendarMemo`). */
function periodsOf(calendar: ServiceCalendar, date: string): [number, number][] {
  const memo = memoOf(calendar);
  let periods = memo.periods.get(date);
  if (!periods) {
    if (memo.periods.size > 5_000) memo.periods.clear();
    periods = periodsOn(calendar, memo.holidays, date);
    memo.periods.set(date, periods);
  }
  return periods;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** The instant of wall time `hhmm` on local `date` in `timeZone`; 24:00 is the next day's midnight. */
function wallInstant(timeZone: string, date: string, hhmm: string): number {
  if (hhmm === '24:00') return fromZonedTime(`${nextDate(date)}T00:00:00`, timeZone).getTime();
  return fromZonedTime(`${date}T${hhmm}:00`, timeZone).getTime();
}

/** The open periods of one local date as instants (none on a holiday). */
function periodsOn(calendar: ServiceCalendar, holidays: ReadonlySet<string>, date: string): [number, number][] {
  if (holidays.has(date)) return [];
  const hours: BusinessHours = calendar.hours;
  return (hours.days[weekdayOf(date)] ?? []).map(([from, to]) => [wallInstant(hours.timeZone, date, from), wallInstant(hours.timeZone, date, to)]);
}

/**
 * Service minutes between `from` and `to` (0 when `to` is not after `from`).
 *
 * Counts the overlap of [from, to) with every open period of every local date in between.
 */
export function businessMinutesBetween(calendar: ServiceCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  const last = serviceLocalDate(calendar.hours.timeZone, to);
  let ms = 0;
  let date = serviceLocalDate(calendar.hours.timeZone, from);
  for (let i = 0; i <= MAX_DAYS * 10; i++) {
    for (const [a, b] of periodsOf(calendar, date)) {
      const lo = Math.max(a, start);
      const hi = Math.min(b, end);
      if (hi > lo) ms += hi - lo;
    }
    if (date >= last) break;
    date = nextDate(date);
  }
  return ms / MINUTE;
}

/**
 * The instant `minutes` service minutes after `from`, or null when the calendar has no service
 * time within three years (an empty schedule, or every open day a holiday).
 *
 * When `from` is outside service hours, the count starts at the next opening.
 */
export function addBusinessMinutes(calendar: ServiceCalendar, from: Date, minutes: number): Date | null {
  let left = Math.max(0, minutes) * MINUTE;
  const start = from.getTime();
  let date = serviceLocalDate(calendar.hours.timeZone, from);
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [a, b] of periodsOf(calendar, date)) {
      const lo = Math.max(a, start);
      if (b <= lo) continue;
      if (left === 0) return new Date(lo);
      if (b - lo >= left) return new Date(lo + left);
      left -= b - lo;
    }
    date = nextDate(date);
  }
  return null;
}

/** True when `at` is within service time: inside the weekly hours and not on a holiday. */
export function isServiceTime(calendar: ServiceCalendar, at: Date): boolean {
  const t = at.getTime();
  const date = serviceLocalDate(calendar.hours.timeZone, at);
  return periodsOf(calendar, date).some(([a, b]) => t >= a && t < b);
}
