import { formatInTimeZone } from 'date-fns-tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, isServiceTime, serviceLocalDate, ServiceCalendarSchema } from '../../../src-shared/index.js';

const berlin = ServiceCalendarSchema.parse({
  hours: {
    timeZone: 'Europe/Berlin',
    days: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  },
  holidays: ['2026-12-25'],
});

describe('business time', () => {
  it('counts only service minutes between two instants', () => {
    // Monday 2026-11-23 10:00 Berlin (09:00Z) to 16:00 Berlin: 6 hours.
    expect(businessMinutesBetween(berlin, new Date('2026-11-23T09:00:00Z'), new Date('2026-11-23T15:00:00Z'))).toBe(360);
    // Friday 16:00 to Monday 10:00 Berlin: 1 h Friday + 1 h Monday.
    expect(businessMinutesBetween(berlin, new Date('2026-11-27T15:00:00Z'), new Date('2026-11-30T09:00:00Z'))).toBe(120);
    // Reversed or equal instants: nothing.
    expect(businessMinutesBetween(berlin, new Date('2026-11-23T15:00:00Z'), new Date('2026-11-23T09:00:00Z'))).toBe(0);
    // Overnight outside hours: nothing.
    expect(businessMinutesBetween(berlin, new Date('2026-11-23T17:00:00Z'), new Date('2026-11-24T07:00:00Z'))).toBe(0);
  });

  it('skips holidays', () => {
    // Thu 24 Dec 16:00 Berlin → Mon 28 Dec 10:00: Thu 1 h, Fri 25 is a holiday, Mon 1 h.
    expect(businessMinutesBetween(berlin, new Date('2026-12-24T15:00:00Z'), new Date('2026-12-28T09:00:00Z'))).toBe(120);
    // 90 service minutes from Thu 16:00 (60 left that day) land on Mon 09:30, not Fri.
    expect(addBusinessMinutes(berlin, new Date('2026-12-24T15:00:00Z'), 90)?.toISOString()).toBe('2026-12-28T08:30:00.000Z');
    expect(isServiceTime(berlin, new Date('2026-12-25T10:00:00Z'))).toBe(false);
    expect(isServiceTime(berlin, new Date('2026-12-24T10:00:00Z'))).toBe(true);
  });

  it('follows daylight saving: wall-clock hours stay wall-clock hours', () => {
    // 2026-03-29: Berlin springs forward at 02:00. A 24-hour service day has 23 hours then.
    const allDay = ServiceCalendarSchema.parse({ hours: { timeZone: 'Europe/Berlin', days: { sun: [['00:00', '24:00']] } } });
    expect(businessMinutesBetween(allDay, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'))).toBe(23 * 60);
    // 2026-10-25: back to winter time, a 25-hour day.
    expect(businessMinutesBetween(allDay, new Date('2026-10-24T00:00:00Z'), new Date('2026-10-26T00:00:00Z'))).toBe(25 * 60);
    // Opening at 09:00 local is 08:00Z in winter and 07:00Z in summer.
    expect(addBusinessMinutes(berlin, new Date('2026-03-27T17:00:00Z'), 0)?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(addBusinessMinutes(berlin, new Date('2026-03-20T17:00:00Z'), 0)?.toISOString()).toBe('2026-03-23T08:00:00.000Z');
    // Friday before the change 16:30 local + 60 min → Monday (summer) 09:30 local = 07:30Z.
    expect(addBusinessMinutes(berlin, new Date('2026-03-27T15:30:00Z'), 60)?.toISOString()).toBe('2026-03-30T07:30:00.000Z');
  });

  it('works in other zones and agrees with itself', () => {
    const ny = ServiceCalendarSchema.parse({ hours: { timeZone: 'America/New_York', days: { mon: [['08:00', '12:00'], ['13:00', '18:00']] } } });
    // Monday 2026-11-23 08:00 New York = 13:00Z. 300 minutes: 4 h morning, lunch, 1 h → 14:00 local = 19:00Z.
    const due = addBusinessMinutes(ny, new Date('2026-11-23T13:00:00Z'), 300)!;
    expect(due.toISOString()).toBe('2026-11-23T19:00:00.000Z');
    expect(businessMinutesBetween(ny, new Date('2026-11-23T13:00:00Z'), due)).toBe(300);
  });

  it('answers null when the calendar has no service time', () => {
    const closed = ServiceCalendarSchema.parse({ hours: { timeZone: 'UTC', days: {} } });
    expect(addBusinessMinutes(closed, new Date('2026-11-23T09:00:00Z'), 10)).toBeNull();
    expect(ServiceCalendarSchema.safeParse({ hours: { timeZone: 'UTC', days: {} }, holidays: ['25.12.2026'] }).success).toBe(false);
  });
});

describe('service-local dates', () => {
  it('agree with date-fns-tz for any instant in zones with and without daylight saving', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'UTC'),
        (at, zone) => {
          expect(serviceLocalDate(zone, at)).toBe(formatInTimeZone(at, zone, 'yyyy-MM-dd'));
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
