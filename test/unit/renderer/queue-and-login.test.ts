import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../src-renderer/i18n/index.js';
import { compareQueue } from '../../../src-renderer/features/queue/queries.js';
import { normaliseHubUrl } from '../../../src-renderer/features/login/api.js';
import { formatWaiting } from '../../../src-renderer/lib/time.js';
import { conversation } from './fixtures.js';

describe('queue order', () => {
  it('puts higher priority first, then the longest waiting, then not-waiting by recency', () => {
    const urgent = conversation(1, { priority: 50, waitingSince: '2026-11-23T10:00:00.000Z' });
    const oldWait = conversation(2, { waitingSince: '2026-11-23T08:00:00.000Z' });
    const newWait = conversation(3, { waitingSince: '2026-11-23T09:00:00.000Z' });
    const answeredRecent = conversation(4, { waitingSince: null, lastMessageAt: '2026-11-23T11:00:00.000Z' });
    const answeredOld = conversation(5, { waitingSince: null, lastMessageAt: '2026-11-23T07:00:00.000Z' });
    const sorted = [answeredOld, newWait, answeredRecent, urgent, oldWait].sort(compareQueue);
    expect(sorted.map((c) => c.id)).toEqual([urgent, oldWait, newWait, answeredRecent, answeredOld].map((c) => c.id));
  });
});

describe('normaliseHubUrl', () => {
  it('accepts host:port and trims paths to the origin', () => {
    expect(normaliseHubUrl('127.0.0.1:5170')).toBe('http://127.0.0.1:5170');
    expect(normaliseHubUrl(' https://hub.example.org/ ')).toBe('https://hub.example.org');
  });
  it('rejects credentials and garbage with a readable message', () => {
    expect(() => normaliseHubUrl('http://user:pw@hub.example.org')).toThrow('user name or password');
    expect(() => normaliseHubUrl('http://exa mple')).toThrow('Enter the hub address');
  });
});

describe('formatWaiting', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');
  it('formats minutes, hours and days', () => {
    expect(formatWaiting('2026-11-23T11:59:30.000Z', now)).toBe('now');
    expect(formatWaiting('2026-11-23T11:55:00.000Z', now)).toBe('5 min');
    expect(formatWaiting('2026-11-23T09:55:00.000Z', now)).toBe('2 h 5 min');
    expect(formatWaiting('2026-11-20T12:00:00.000Z', now)).toBe('3 d');
  });
  afterEach(() => i18n.changeLanguage('en'));
  it('follows a language switch although the texts are kept between rows', async () => {
    expect(formatWaiting('2026-11-23T11:55:00.000Z', now)).toBe('5 min');
    await i18n.changeLanguage('de');
    expect(formatWaiting('2026-11-23T11:55:00.000Z', now)).toBe('5 Min.');
    expect(formatWaiting('2026-11-20T12:00:00.000Z', now)).toBe('3 T.');
    // Past a day only whole days show: another minute of the same day gives the same text.
    expect(formatWaiting('2026-11-20T11:59:00.000Z', now)).toBe('3 T.');
    await i18n.changeLanguage('en');
    expect(formatWaiting('2026-11-23T11:55:00.000Z', now)).toBe('5 min');
  });
});
