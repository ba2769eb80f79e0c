import { describe, expect, it } from 'vitest';
import { isWithinSchedule, nextSlot, roundUp, ServiceHoursSchema, timeZoneOfCountry, weekdayHours, type ServiceHours } from '../../../src-shared/index.js';

const berlin: ServiceHours = { ...weekdayHours('Europe/Berlin', '08:00', '22:00'), holidays: ['2026-12-25', '2026-12-26', '2026-04-03', '2026-04-06'] };
const at = (iso: string) => new Date(iso);

describe('isWithinSchedule', () => {
  it('follows the zone, including daylight saving', () => {
    // 08:00 in Berlin is 07:00Z in winter and 06:00Z in summer.
    expect(isWithinSchedule(berlin, at('2026-01-12T07:00:00Z'))).toBe(true);
    expect(isWithinSchedule(berlin, at('2026-01-12T06:59:00Z'))).toBe(false);
    expect(isWithinSchedule(berlin, at('2026-07-13T06:00:00Z'))).toBe(true);
    expect(isWithinSchedule(berlin, at('2026-07-13T05:59:00Z'))).toBe(false);
  });

  it('is closed on holidays (the local date counts, not the UTC one)', () => {
    expect(isWithinSchedule(berlin, at('2026-12-25T10:00:00Z'))).toBe(false);
    // 23:30Z on the 24th is already the 25th in Berlin — but also after 22:00, so check the 26th → 27th edge:
    expect(isWithinSchedule(berlin, at('2026-12-24T20:59:00Z'))).toBe(true); // 21:59 Thu 24th
    expect(isWithinSchedule(berlin, at('2026-12-27T08:00:00Z'))).toBe(false); // Sunday
  });
});

describe('nextSlot', () => {
  it('is `from` itself when it is inside every schedule', () => {
    expect(nextSlot([berlin], at('2026-11-23T10:00:00Z'))).toEqual(at('2026-11-23T10:00:00Z'));
  });

  it('skips the night, Sunday and the Christmas holidays', () => {
    // Thu 24 Dec 22:30 Berlin → 25th, 26th holidays, Sunday closed → Mon 28th 08:00 (07:00Z).
    expect(nextSlot([berlin], at('2026-12-24T21:30:00Z'))).toEqual(at('2026-12-28T07:00:00Z'));
  });

  it('skips Easter across the spring-forward night', () => {
    // Thu 2 Apr 23:00 → Good Friday 3rd (holiday), Sat 4th 08:00 CEST = 06:00Z.
    expect(nextSlot([berlin], at('2026-04-02T21:00:00Z'))).toEqual(at('2026-04-04T06:00:00Z'));
    // Sat 28 Mar 23:00 CET → Sunday 29th (clocks go forward) closed → Mon 30th 08:00 CEST = 06:00Z.
    expect(nextSlot([berlin], at('2026-03-28T22:00:00Z'))).toEqual(at('2026-03-30T06:00:00Z'));
  });

  it('starts a period that begins inside the spring-forward gap when the clock jumps', () => {
    // 29 Mar 2026: Berlin jumps from 02:00 to 03:00; a period from 02:30 begins at 03:00 CEST = 01:00Z.
    const night = { ...weekdayHours('Europe/Berlin', '02:30', '06:00', ['sun']), holidays: [] };
    expect(nextSlot([night], at('2026-03-28T22:00:00Z'))).toEqual(at('2026-03-29T01:00:00Z'));
    // A week later the same period starts at 02:30 CEST = 00:30Z.
    expect(nextSlot([night], at('2026-04-04T22:00:00Z'))).toEqual(at('2026-04-05T00:30:00Z'));
  });

  it('handles the autumn change (Sunday 25 Oct 2026)', () => {
    // Sat 24 Oct 22:00 CEST → Mon 26th 08:00 CET = 07:00Z (one hour later in UTC than the week before).
    expect(nextSlot([berlin], at('2026-10-24T20:00:00Z'))).toEqual(at('2026-10-26T07:00:00Z'));
    expect(nextSlot([berlin], at('2026-10-17T20:00:00Z'))).toEqual(at('2026-10-19T06:00:00Z'));
  });

  it('intersects service hours with a customer in another zone', () => {
    const newYork = weekdayHours('America/New_York', '09:00', '17:00', ['mon', 'tue', 'wed', 'thu', 'fri']);
    // Mon 08:00 Berlin: New York is asleep until 09:00 EST = 14:00Z (15:00 Berlin, inside 08–22).
    expect(nextSlot([berlin, newYork], at('2026-11-23T07:00:00Z'))).toEqual(at('2026-11-23T14:00:00Z'));
    // Friday 21:30 Berlin (20:30Z): New York is open until 22:00Z but Berlin closes at 21:00Z → Monday 14:00Z.
    expect(nextSlot([berlin, newYork], at('2026-11-27T21:00:00Z'))).toEqual(at('2026-11-30T14:00:00Z'));
  });

  it('finds the slot when the US and Europe change clocks on different dates', () => {
    // 9 Mar 2026: New York is on EDT (since 8 Mar), Berlin still on CET. 09:00 EDT = 13:00Z = 14:00 Berlin.
    const newYork = weekdayHours('America/New_York', '09:00', '17:00', ['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(nextSlot([berlin, newYork], at('2026-03-09T07:00:00Z'))).toEqual(at('2026-03-09T13:00:00Z'));
  });

  it('finds a slot across the date line', () => {
    const sydney = weekdayHours('Australia/Sydney', '09:00', '18:00', ['mon', 'tue', 'wed', 'thu', 'fri']);
    // Mon 23 Nov 10:00Z: Sydney is 21:00 Mon (AEDT, +11) — closed; Tue 09:00 Sydney = Mon 22:00Z,
    // but Berlin closes at 21:00Z (22:00 CET). Berlin opens Tue 07:00Z = 18:00 Sydney, closed then.
    // No overlap on weekdays in winter: 08–22 Berlin is 18:00–08:00 Sydney.
    expect(nextSlot([berlin, sydney], at('2026-11-23T10:00:00Z'), 14)).toBeNull();
  });

  it('returns null when the schedules never meet', () => {
    const night = weekdayHours('Europe/Berlin', '00:00', '06:00');
    expect(nextSlot([berlin, night], at('2026-11-23T10:00:00Z'))).toBeNull();
  });
});

describe('helpers', () => {
  it('rounds up to five minutes', () => {
    expect(roundUp(at('2026-11-23T10:01:17Z'))).toEqual(at('2026-11-23T10:05:00Z'));
    expect(roundUp(at('2026-11-23T10:05:00Z'))).toEqual(at('2026-11-23T10:05:00Z'));
  });

  it('picks a customer zone from the country, with the main zone of big countries', () => {
    expect(timeZoneOfCountry('DE', 'UTC')).toBe('Europe/Berlin');
    expect(timeZoneOfCountry('us', 'UTC')).toBe('America/New_York');
    expect(timeZoneOfCountry(null, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(timeZoneOfCountry('Deutschland', 'Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('validates service hours with holidays', () => {
    expect(ServiceHoursSchema.safeParse({ ...berlin, holidays: ['2026-13-01'] }).success).toBe(false);
    expect(ServiceHoursSchema.safeParse({ ...berlin, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(ServiceHoursSchema.parse({ timeZone: 'Europe/Berlin', days: {} }).holidays).toEqual([]);
  });
});
