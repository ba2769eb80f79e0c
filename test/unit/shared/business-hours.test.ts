import { describe, expect, it } from 'vitest';
import { BusinessHoursSchema, isWithinBusinessHours } from '../../../src-shared/index.js';

describe('business hours', () => {
  const hours = BusinessHoursSchema.parse({ timeZone: 'Europe/Berlin', days: { mon: [['09:00', '12:00'], ['13:00', '17:30']], sat: [['10:00', '14:00']] } });

  it('tells open from closed in the schedule’s time zone, daylight saving included', () => {
    // Monday 2026-11-23: Berlin is UTC+1.
    expect(isWithinBusinessHours(hours, new Date('2026-11-23T08:00:00Z'))).toBe(true); // 09:00 opens
    expect(isWithinBusinessHours(hours, new Date('2026-11-23T07:59:00Z'))).toBe(false);
    expect(isWithinBusinessHours(hours, new Date('2026-11-23T11:30:00Z'))).toBe(false); // lunch 12:30
    expect(isWithinBusinessHours(hours, new Date('2026-11-23T16:29:00Z'))).toBe(true); // 17:29
    expect(isWithinBusinessHours(hours, new Date('2026-11-23T16:30:00Z'))).toBe(false); // 17:30 closes
    // Monday 2026-07-06: UTC+2 in summer.
    expect(isWithinBusinessHours(hours, new Date('2026-07-06T07:30:00Z'))).toBe(true); // 09:30
    expect(isWithinBusinessHours(hours, new Date('2026-11-24T10:00:00Z'))).toBe(false); // Tuesday: closed
    expect(isWithinBusinessHours(hours, new Date('2026-11-28T12:00:00Z'))).toBe(true); // Saturday 13:00
  });

  it('refuses unknown zones and malformed periods', () => {
    expect(BusinessHoursSchema.safeParse({ timeZone: 'Mars/Olympus', days: {} }).success).toBe(false);
    expect(BusinessHoursSchema.safeParse({ timeZone: 'UTC', days: { mon: [['17:00', '09:00']] } }).success).toBe(false);
    expect(BusinessHoursSchema.safeParse({ timeZone: 'UTC', days: { mon: [['9:00', '17:00']] } }).success).toBe(false);
    expect(BusinessHoursSchema.safeParse({ timeZone: 'UTC', days: { funday: [['09:00', '17:00']] } }).success).toBe(false);
  });
});
