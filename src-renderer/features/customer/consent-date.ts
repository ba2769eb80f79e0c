/**
 * The date a consent was given, as the agent enters it: a calendar day in the agent's own time
 * zone (an `<input type="date">`), turned into the instant the hub stores.
 *
 * Today means now: the agent is recording a consent the customer just gave. A past day means noon
 * of that day, local time (the middle of the day, so the date reads the same in neighbouring time
 * zones). The hub refuses consents dated in the future; a fixed "noon UTC" for today did exactly
 * that every morning until 12:00 UTC.
 */
import { localDateInput } from '../../lib/local-date.js';

/**
 * The instant for a consent given on `date` (YYYY-MM-DD, local), or null when that day is in the
 * future or is not a date.
 */
export function consentGrantedAt(date: string, now: Date): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const today = localDateInput(now);
  if (date > today) return null;
  if (date === today) return now.toISOString();
  const noon = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12);
  // Not a real day (2026-02-30 rolls over into March): refuse rather than store another date.
  if (localDateInput(noon) !== date) return null;
  return noon.toISOString();
}
