import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../src-hub/auth/throttle.js';
import { loadConfig } from '../../../src-hub/config.js';
import { peakFactor } from '../../../src-hub/demo/traffic.js';
import { snippetOf } from '../../../src-hub/store/mappers.js';

describe('loadConfig', () => {
  it('defaults to loopback:5170, embedded PGlite and demo mode', () => {
    const config = loadConfig({ SWITCHBOARD_DATA_DIR: '/tmp/sb-test' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 5170, demo: true, database: { kind: 'pglite', dataDir: '/tmp/sb-test' } });
    expect(config.bootstrapAdmin).toBeNull();
  });

  it('uses PostgreSQL without demo data when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1/sb' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@127.0.0.1/sb' });
    expect(config.demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x', SWITCHBOARD_DEMO: '1' }).demo).toBe(true);
  });

  it('explains invalid values', () => {
    expect(() => loadConfig({ HUB_PORT: 'eighty' })).toThrow('HUB_PORT must be a whole number from 0 to 65535');
    expect(() => loadConfig({ HUB_PORT: '70000' })).toThrow('HUB_PORT');
    expect(() => loadConfig({ SWITCHBOARD_ADMIN_EMAIL: 'a@b.c', SWITCHBOARD_ADMIN_PASSWORD: 'short' })).toThrow('at least 12');
  });

  it('creates a bootstrap admin only when both variables are set', () => {
    expect(loadConfig({ SWITCHBOARD_ADMIN_EMAIL: 'Admin@Example.org', SWITCHBOARD_ADMIN_PASSWORD: 'a-long-password' }).bootstrapAdmin).toEqual({
      email: 'admin@example.org',
      password: 'a-long-password',
    });
    expect(loadConfig({ SWITCHBOARD_ADMIN_EMAIL: 'admin@example.org' }).bootstrapAdmin).toBeNull();
  });
});

describe('LoginThrottle', () => {
  it('blocks an email after ten failures for fifteen minutes, and a success clears it', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < 9; i += 1) throttle.fail('a@example.org', '1.1.1.1');
    expect(throttle.blockedFor('a@example.org', '1.1.1.1')).toBe(0);
    throttle.fail('a@example.org', '1.1.1.1');
    expect(throttle.blockedFor('a@example.org', '1.1.1.1')).toBe(15 * 60_000);
    expect(throttle.blockedFor('b@example.org', '2.2.2.2')).toBe(0);
    now = 15 * 60_000 + 1;
    expect(throttle.blockedFor('a@example.org', '1.1.1.1')).toBe(0);
    throttle.fail('a@example.org', '1.1.1.1');
    throttle.succeed('a@example.org', '1.1.1.1');
    expect(throttle.blockedFor('a@example.org', '1.1.1.1')).toBe(0);
  });
});

describe('demo traffic and snippets', () => {
  it('is busiest in the evening peak', () => {
    expect(peakFactor(19)).toBeGreaterThan(peakFactor(10));
    expect(peakFactor(10)).toBeGreaterThan(peakFactor(3));
  });
  it('flattens whitespace and shortens long bodies', () => {
    expect(snippetOf('Hallo\n\n  Welt')).toBe('Hallo Welt');
    const s = snippetOf('x'.repeat(500));
    expect(s).toHaveLength(140);
    expect(s.endsWith('…')).toBe(true);
  });
  it('reads only the start of a long body, with the same result as flattening all of it', () => {
    const whole = (body: string, max = 140) => {
      const flat = body.replace(/\s+/g, ' ').trim();
      return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
    };
    // Long runs of whitespace at the start and around the cut are where a partial read could differ.
    const piece = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(' ', '\n', '\t', ' '.repeat(600), '\n'.repeat(2000)));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), (parts, max) => {
        const body = parts.join('');
        expect(snippetOf(body, max)).toBe(whole(body, max));
      }),
      { numRuns: 2000 },
    );
    expect(snippetOf(`${' '.repeat(100_000)}Hallo`)).toBe('Hallo');
  });
});
