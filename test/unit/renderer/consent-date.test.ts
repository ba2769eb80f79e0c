import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentGrantedAt } from '../../../src-renderer/features/customer/consent-date.js';
import { localDateInput } from '../../../src-renderer/lib/local-date.js';

describe('the date a consent was given (the agent’s calendar day → the stored instant)', () => {
  // An agent in Germany. Node reads TZ on every conversion, so setting it here is enough.
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });

  it('today, in the morning, is now — not noon UTC, which the hub refuses as in the future', () => {
    const now = new Date('2026-12-08T08:20:55Z'); // 09:20 in Berlin
    expect(localDateInput(now)).toBe('2026-12-08');
    const at = consentGrantedAt('2026-12-08', now)!;
    expect(at).toBe(now.toISOString());
    expect(Date.parse(at)).toBeLessThanOrEqual(now.getTime());
  });

  it('uses the agent’s day, not the UTC day, around midnight', () => {
    const now = new Date('2026-12-07T23:30:00Z'); // 00:30 on the 8th in Berlin
    expect(localDateInput(now)).toBe('2026-12-08');
    expect(consentGrantedAt('2026-12-08', now)).toBe(now.toISOString());
  });

  it('a past day is noon of that day in the agent’s time zone, daylight saving included', () => {
    const now = new Date('2026-12-08T08:00:00Z');
    expect(consentGrantedAt('2026-12-01', now)).toBe('2026-12-01T11:00:00.000Z'); // CET, UTC+1
    expect(consentGrantedAt('2026-07-01', now)).toBe('2026-07-01T10:00:00.000Z'); // CEST, UTC+2
  });

  it('refuses a future day and anything that is not a real date', () => {
    const now = new Date('2026-12-08T08:00:00Z');
    expect(consentGrantedAt('2026-12-09', now)).toBeNull();
    expect(consentGrantedAt('2026-02-30', now)).toBeNull();
    expect(consentGrantedAt('', now)).toBeNull();
    expect(consentGrantedAt('08.12.2026', now)).toBeNull();
  });
});
