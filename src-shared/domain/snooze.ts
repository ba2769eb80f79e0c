/**
 * Snooze (issue 5): a conversation put aside until a time. Pure rules shared by hub and console:
 * when a snooze counts, which wake times are allowed, and the presets the console offers.
 */
import type { Refusal } from '../protocol/errors.js';

/** Longest snooze: a wake time further out is refused (a typo, not a plan). */
export const MAX_SNOOZE_DAYS = 365;

/** A snooze is in force while its wake time is in the future. */
export function isSnoozed(snoozedUntil: string | null | undefined, nowMs: number): boolean {
  return typeof snoozedUntil === 'string' && Date.parse(snoozedUntil) > nowMs;
}

/**
 * Why the hub refuses a wake time, or null when it takes it. A time already past is taken (the
 * snooze is simply over): a snooze queued offline may reach the hub after its own wake time.
 */
export function snoozeUntilProblem(untilMs: number, nowMs: number): Refusal | null {
  if (!Number.isFinite(untilMs)) return { key: 'snooze.invalidTime', message: 'The wake time is not a valid date' };
  if (untilMs > nowMs + MAX_SNOOZE_DAYS * 86_400_000) {
    return { key: 'snooze.tooFar', params: { days: MAX_SNOOZE_DAYS }, message: `A conversation can be snoozed for at most ${MAX_SNOOZE_DAYS} days` };
  }
  return null;
}

/** Why the agent's chosen wake time cannot be used, or null: it must lie ahead and within the limit. */
export function chosenSnoozeProblem(untilMs: number, nowMs: number): Refusal | null {
  if (Number.isFinite(untilMs) && untilMs <= nowMs) return { key: 'snooze.past', message: 'Choose a time in the future' };
  return snoozeUntilProblem(untilMs, nowMs);
}

export type SnoozePresetId = 'hour' | 'evening' | 'tomorrow' | 'next-week';

export interface SnoozePreset {
  id: SnoozePresetId;
  until: Date;
}

/** Hour of "this evening" and of the morning presets, in the agent's local time. */
const EVENING_HOUR = 18;
const MORNING_HOUR = 8;

/**
 * The preset wake times for `now`, in the console's local time zone: in one hour, this evening at
 * 18:00 (only while that is more than an hour away), tomorrow at 08:00, and next week (Monday
 * 08:00, a week later when today is Monday).
 */
export function snoozePresets(now: Date): SnoozePreset[] {
  const at = (daysAhead: number, hour: number) => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysAhead, hour, 0, 0, 0);
    return d;
  };
  const presets: SnoozePreset[] = [{ id: 'hour', until: new Date(now.getTime() + 3_600_000) }];
  const evening = at(0, EVENING_HOUR);
  if (evening.getTime() - now.getTime() > 3_600_000) presets.push({ id: 'evening', until: evening });
  presets.push({ id: 'tomorrow', until: at(1, MORNING_HOUR) });
  // getDay(): 0 Sunday … 6 Saturday; days until the next Monday, 7 when today is Monday.
  const toMonday = ((8 - now.getDay()) % 7) || 7;
  presets.push({ id: 'next-week', until: at(toMonday, MORNING_HOUR) });
  return presets;
}
