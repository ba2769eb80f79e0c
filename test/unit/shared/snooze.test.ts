import { describe, expect, it } from 'vitest';
import { chosenSnoozeProblem, isSnoozed, MAX_SNOOZE_DAYS, snoozePresets, snoozeUntilProblem } from '../../../src-shared/index.js';

describe('snooze rules', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('a snooze counts only while its wake time is ahead', () => {
    expect(isSnoozed('2026-11-23T10:00:01Z', now)).toBe(true);
    expect(isSnoozed('2026-11-23T10:00:00Z', now)).toBe(false);
    expect(isSnoozed('2026-11-23T09:00:00Z', now)).toBe(false);
    expect(isSnoozed(null, now)).toBe(false);
    expect(isSnoozed(undefined, now)).toBe(false);
  });

  it('the hub takes a past wake time (the snooze is over) but not an invalid or too distant one', () => {
    expect(snoozeUntilProblem(now - 60_000, now)).toBeNull();
    expect(snoozeUntilProblem(now + 3_600_000, now)).toBeNull();
    expect(snoozeUntilProblem(Number.NaN, now)).toMatchObject({ key: 'snooze.invalidTime', message: expect.stringMatching(/valid/) });
    expect(snoozeUntilProblem(now + (MAX_SNOOZE_DAYS + 1) * 86_400_000, now)).toMatchObject({ key: 'snooze.tooFar', params: { days: MAX_SNOOZE_DAYS }, message: expect.stringMatching(/at most/) });
  });

  it('the agent must choose a time ahead', () => {
    expect(chosenSnoozeProblem(now, now)).toMatchObject({ key: 'snooze.past', message: expect.stringMatching(/future/) });
    expect(chosenSnoozeProblem(now + 1000, now)).toBeNull();
  });

  it('presets: in an hour, this evening (only while more than an hour away), tomorrow 08:00, next Monday 08:00', () => {
    // Monday 23 Nov 2026, 10:00 local time.
    const monday = new Date(2026, 10, 23, 10, 0, 0);
    const p = Object.fromEntries(snoozePresets(monday).map((x) => [x.id, x.until]));
    expect(p.hour!.getTime()).toBe(monday.getTime() + 3_600_000);
    expect(p.evening).toEqual(new Date(2026, 10, 23, 18, 0, 0));
    expect(p.tomorrow).toEqual(new Date(2026, 10, 24, 8, 0, 0));
    // Today is Monday: next week is the Monday after.
    expect(p['next-week']).toEqual(new Date(2026, 10, 30, 8, 0, 0));

    const lateSaturday = new Date(2026, 10, 28, 17, 30, 0);
    const q = Object.fromEntries(snoozePresets(lateSaturday).map((x) => [x.id, x.until]));
    expect(q.evening).toBeUndefined();
    expect(q.tomorrow).toEqual(new Date(2026, 10, 29, 8, 0, 0));
    expect(q['next-week']).toEqual(new Date(2026, 10, 30, 8, 0, 0));
    // At the end of a month the day rolls over.
    const q2 = Object.fromEntries(snoozePresets(new Date(2026, 10, 30, 23, 0, 0)).map((x) => [x.id, x.until]));
    expect(q2.tomorrow).toEqual(new Date(2026, 11, 1, 8, 0, 0));
  });
});
