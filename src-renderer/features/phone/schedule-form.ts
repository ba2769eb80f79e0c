/**
 * The callback form's arithmetic: the customer's zone and reachable hours, the suggested due time
 * (the next slot inside service hours and the customer's hours), and `datetime-local` values in the
 * agent's own zone.
 */
import {
  isWithinAll,
  nextSlot,
  roundUp,
  timeZoneOfCountry,
  weekdayHours,
  type BusinessHours,
  type ServiceHours,
} from '../../../src-shared/index.js';

/** The customer's reachable hours: every day between `from` and `to` in their zone. */
export function reachableHours(timeZone: string, from: string, to: string): BusinessHours {
  return weekdayHours(timeZone, from, to, ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
}

/** The default zone for a customer: their country's, else the service's. */
export function customerZone(country: string | null | undefined, service: ServiceHours): string {
  return timeZoneOfCountry(country, service.timeZone);
}

/** The first 5-minute slot at least `leadMinutes` from `now` inside both schedules, or null. */
export function suggestDue(service: ServiceHours, reachable: BusinessHours, now: Date, leadMinutes = 15): Date | null {
  const from = roundUp(new Date(now.getTime() + leadMinutes * 60_000), 5);
  const slot = nextSlot([service, reachable], from);
  return slot ? roundUp(slot, 5) : null;
}

/** Why a due time is not allowed, in words; null when it is. */
export function dueProblem(service: ServiceHours, reachable: BusinessHours, due: Date | null, now = new Date()): string | null {
  if (!due || Number.isNaN(due.getTime())) return 'Pick a due date and time.';
  // A minute's grace for the time it takes to fill in the form.
  if (due.getTime() < now.getTime() - 60_000) return 'That time has passed.';
  if (!isWithinAll([service], due)) return "That is outside the contact center's service hours (or a holiday).";
  if (!isWithinAll([reachable], due)) return 'That is outside the hours the customer can be reached.';
  return null;
}

/** `YYYY-MM-DDTHH:MM:SS` in the agent's zone, for a `datetime-local` input. */
export function toLocalInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** A `datetime-local` value read in the agent's zone; null when empty or invalid. */
export function fromLocalInput(value: string): Date | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** `14:05 (Europe/London)`: a time as the customer lives it. */
export function inZone(at: Date, timeZone: string): string {
  return `${new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at)} (${timeZone})`;
}
