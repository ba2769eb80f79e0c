/**
 * Business hours: whether a moment falls inside a weekly schedule in a given time zone.
 *
 * Uses the platform's `Intl` time-zone data (no library needed: only the local weekday and time of
 * one instant are asked for, which `Intl.DateTimeFormat` answers including daylight saving).
 */
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM (00:00–24:00)');

/** An IANA time zone the platform knows, e.g. `Europe/Berlin`. */
export const TimeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'Unknown time zone');

/** `{ timeZone, days: { mon: [['09:00', '17:00']], … } }`; a day left out is closed. */
export const BusinessHoursSchema = z.object({
  timeZone: TimeZoneSchema,
  days: z.partialRecord(
    z.enum(WEEKDAYS),
    z.array(z.tuple([TimeOfDaySchema, TimeOfDaySchema]).refine(([from, to]) => from < to, 'A period must end after it starts')).max(10),
  ),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/** True when `at` is inside one of the day's periods (start inclusive, end exclusive) in the schedule's zone. */
export function isWithinBusinessHours(hours: BusinessHours, at: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3) as Weekday;
  const time = `${part('hour')}:${part('minute')}`;
  return (hours.days[day] ?? []).some(([from, to]) => time >= from && time < to);
}
