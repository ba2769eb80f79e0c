/**
 * When a callback may be due: inside the contact center's service hours (a weekly schedule in an
 * IANA zone, minus public holidays) and inside the hours the customer is reachable (a weekly
 * schedule in the customer's zone).
 *
 * Wall-clock times become instants with date-fns-tz (`fromZonedTime`), which applies the zone's
 * daylight-saving rules; whether an instant is inside a schedule is asked of `Intl` in the
 * schedule's zone (see business-hours.ts). Both sides therefore agree across DST changes.
 */
import { fromZonedTime, formatInTimeZone } from 'date-fns-tz';
import { z } from 'zod';
import { BusinessHoursSchema, isWithinBusinessHours, WEEKDAYS, type BusinessHours } from './business-hours.js';

const IsoDateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use YYYY-MM-DD');

/** Weekly hours plus closed days (`YYYY-MM-DD` in the schedule's own zone). */
export const ServiceHoursSchema = BusinessHoursSchema.extend({
  holidays: z.array(IsoDateSchema).max(400).default([]),
});
export type ServiceHours = z.output<typeof ServiceHoursSchema>;

/** A schedule that may or may not have holidays: customers' reachable hours usually do not. */
export type Schedule = BusinessHours & { holidays?: readonly string[] };

/** The local calendar date of `at` in `timeZone`, `YYYY-MM-DD`. */
function localDate(at: Date, timeZone: string): string {
  return formatInTimeZone(at, timeZone, 'yyyy-MM-dd');
}

/** True when `at` is inside the schedule's hours and not on one of its holidays. */
export function isWithinSchedule(schedule: Schedule, at: Date): boolean {
  if (schedule.holidays?.includes(localDate(at, schedule.timeZone))) return false;
  return isWithinBusinessHours(schedule, at);
}

/** True when `at` is inside every schedule. */
export function isWithinAll(schedules: readonly Schedule[], at: Date): boolean {
  return schedules.every((s) => isWithinSchedule(s, at));
}

const DAY_MS = 86_400_000;

/**
 * The instants at which one of the schedule's periods starts, on the local days from the day of
 * `from` for `days` days. A start inside a DST gap (02:30 on the spring-forward night) is moved to
 * the first instant after the gap, which is when the period really begins.
 */
function periodStarts(schedule: Schedule, from: Date, days: number): Date[] {
  const starts: Date[] = [];
  // Local noon of the first day, then one day at a time: noon never falls into a DST change.
  const firstDay = localDate(from, schedule.timeZone);
  for (let i = -1; i <= days; i++) {
    const noon = fromZonedTime(`${firstDay}T12:00:00`, schedule.timeZone);
    const day = localDate(new Date(noon.getTime() + i * DAY_MS), schedule.timeZone);
    const weekday = WEEKDAYS[(new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7]!;
    for (const [start] of schedule.days[weekday] ?? []) {
      const at = fromZonedTime(`${day}T${start === '24:00' ? '23:59' : start}:00`, schedule.timeZone);
      starts.push(formatInTimeZone(at, schedule.timeZone, 'HH:mm') < start ? afterGap(at, start, schedule.timeZone) : at);
    }
  }
  return starts;
}

/**
 * A wall time inside a DST gap does not exist: the first minute whose local time is at or past
 * `start`, searched in the hour after `before` (no zone skips more than an hour).
 */
function afterGap(before: Date, start: string, timeZone: string): Date {
  let lo = before.getTime();
  let hi = lo + 3_600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (formatInTimeZone(new Date(mid), timeZone, 'HH:mm') >= start) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/**
 * The earliest instant at or after `from` inside every schedule, or null when there is none within
 * `horizonDays` (schedules that never overlap, a year of holidays).
 *
 * The earliest instant of an intersection of periods is `from` itself or the start of one of the
 * periods, so only those candidates are checked — exact to the minute, without stepping through
 * time.
 */
export function nextSlot(schedules: readonly Schedule[], from: Date, horizonDays = 31): Date | null {
  if (isWithinAll(schedules, from)) return from;
  const candidates = schedules
    .flatMap((s) => periodStarts(s, from, horizonDays))
    .filter((at) => at.getTime() > from.getTime() && at.getTime() <= from.getTime() + horizonDays * DAY_MS)
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates.find((at) => isWithinAll(schedules, at)) ?? null;
}

/** `at` rounded up to the next whole `minutes` (a callback at 14:05, not 14:03:17). */
export function roundUp(at: Date, minutes = 5): Date {
  const step = minutes * 60_000;
  return new Date(Math.ceil(at.getTime() / step) * step);
}

/** Mon–Sat 08:00–22:00 in `timeZone`: the default service hours, and a customer's default reach. */
export function weekdayHours(timeZone: string, from = '08:00', to = '22:00', days: readonly (typeof WEEKDAYS)[number][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']): BusinessHours {
  return { timeZone, days: Object.fromEntries(days.map((d) => [d, [[from, to]]])) };
}

// Countries spanning several zones: the zone most of their people live in (the platform lists
// them alphabetically, which would put the United States on Adak).
const MAIN_ZONE: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  RU: 'Europe/Moscow',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
};

/**
 * The time zone to assume for a customer from their country, when the platform knows the
 * country's zones (`Intl.Locale#getTimeZones`, or the older `timeZones` getter); else `fallback`.
 * A country with several zones gets its main one (the agent can change it).
 */
export function timeZoneOfCountry(country: string | null | undefined, fallback: string): string {
  const code = country?.trim().toUpperCase();
  if (!code || !/^[A-Z]{2}$/.test(code)) return fallback;
  if (MAIN_ZONE[code]) return MAIN_ZONE[code];
  try {
    const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & { getTimeZones?: () => string[]; timeZones?: string[] };
    const zones = locale.getTimeZones?.() ?? locale.timeZones;
    return zones?.[0] ?? fallback;
  } catch {
    return fallback;
  }
}
