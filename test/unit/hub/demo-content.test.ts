import { describe, it, expect } from 'vitest';
import { createRandom } from '../../../src-hub/demo/random';
import {
  DEMO_AGENT_REPLIES,
  DEMO_CUSTOMERS,
  DEMO_INBOUND,
  DEMO_PASSWORD,
  DEMO_STAFF,
  fillTemplate,
} from '../../../src-hub/demo/content';

const CHANNELS = ['email', 'chat', 'facebook', 'instagram', 'whatsapp', 'x'] as const;
const DEPARTMENTS = ['sales', 'marketing', 'service', 'support'] as const;

function sequence(seed: number, n: number): number[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => rng.next());
}

describe('createRandom', () => {
  it('yields the same sequence for the same seed', () => {
    expect(sequence(42, 50)).toEqual(sequence(42, 50));
  });

  it('yields different sequences for different seeds', () => {
    expect(sequence(1, 20)).not.toEqual(sequence(2, 20));
  });

  it('next() stays within [0, 1)', () => {
    for (const value of sequence(7, 1000)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('int() is inclusive on both ends and reaches every value', () => {
    const rng = createRandom(123);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = rng.int(3, 8);
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(8);
      seen.add(value);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(rng.int(5, 5)).toBe(5);
  });

  it('pick() returns members, is deterministic and rejects empty lists', () => {
    const items = ['a', 'b', 'c', 'd'] as const;
    const a = createRandom(9);
    const b = createRandom(9);
    for (let i = 0; i < 100; i++) {
      const value = a.pick(items);
      expect(items).toContain(value);
      expect(b.pick(items)).toBe(value);
    }
    expect(() => createRandom(1).pick([])).toThrow();
  });

  it('chance() honours the extremes and roughly the probability', () => {
    const rng = createRandom(5);
    let hits = 0;
    for (let i = 0; i < 2000; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
      if (rng.chance(0.25)) hits++;
    }
    expect(hits).toBeGreaterThan(400);
    expect(hits).toBeLessThan(600);
  });
});

describe('DEMO_CUSTOMERS', () => {
  it('has 24 customers with unique keys, about 60% German-speaking', () => {
    expect(DEMO_CUSTOMERS).toHaveLength(24);
    expect(new Set(DEMO_CUSTOMERS.map((c) => c.key)).size).toBe(24);
    const german = DEMO_CUSTOMERS.filter((c) => c.language === 'de');
    expect(german.length).toBeGreaterThanOrEqual(13);
    expect(german.length).toBeLessThanOrEqual(16);
    for (const c of DEMO_CUSTOMERS) {
      expect(c.country).toMatch(/^[A-Z]{2}$/);
      expect(c.language === 'de' ? ['DE', 'AT', 'CH'] : ['GB', 'US', 'IE']).toContain(c.country);
    }
  });

  it('gives every customer 1–3 identities', () => {
    for (const c of DEMO_CUSTOMERS) {
      expect(c.identities.length, c.key).toBeGreaterThanOrEqual(1);
      expect(c.identities.length, c.key).toBeLessThanOrEqual(3);
    }
  });

  it('has unique providerUserIds per channel', () => {
    for (const channel of CHANNELS) {
      const ids = DEMO_CUSTOMERS.flatMap((c) => c.identities.filter((i) => i.channel === channel).map((i) => i.providerUserId));
      expect(new Set(ids).size, channel).toBe(ids.length);
    }
  });

  it('covers all six channels', () => {
    const used = new Set(DEMO_CUSTOMERS.flatMap((c) => c.identities.map((i) => i.channel)));
    for (const channel of CHANNELS) expect(used.has(channel), channel).toBe(true);
  });

  it('follows the per-channel handle and id conventions', () => {
    const identities = DEMO_CUSTOMERS.flatMap((c) => c.identities);
    for (const i of identities) {
      switch (i.channel) {
        case 'email':
          expect(i.handle).toMatch(/^[^@\s]+@(example\.(com|de|org)|mail\.example\.net)$/);
          expect(i.providerUserId).toBe(i.handle.toLowerCase());
          break;
        case 'whatsapp':
          expect(i.handle).toMatch(/^\+[1-9]\d{7,14}$/);
          expect(i.providerUserId).toBe(i.handle.slice(1));
          break;
        case 'x':
        case 'instagram':
          expect(i.handle).toMatch(/^@[\w.]+$/);
          expect(i.providerUserId).toMatch(/^\d+$/);
          break;
        case 'facebook':
          expect(i.providerUserId).toMatch(/^\d+$/);
          break;
        case 'chat':
          expect(i.providerUserId).toMatch(/^visitor-/);
          break;
      }
      expect(i.displayName.length).toBeGreaterThan(0);
    }
  });
});

describe('DEMO_INBOUND', () => {
  it('has at least 80 templates with non-empty bodies', () => {
    expect(DEMO_INBOUND.length).toBeGreaterThanOrEqual(80);
    for (const t of DEMO_INBOUND) expect(t.body.trim().length).toBeGreaterThan(0);
  });

  it('covers every channel in both languages', () => {
    for (const channel of CHANNELS) {
      for (const language of ['de', 'en'] as const) {
        const count = DEMO_INBOUND.filter((t) => t.channel === channel && t.language === language).length;
        expect(count, `${channel}/${language}`).toBeGreaterThan(0);
      }
    }
  });

  it('covers every department and includes urgent messages', () => {
    for (const department of DEPARTMENTS) expect(DEMO_INBOUND.some((t) => t.department === department), department).toBe(true);
    expect(DEMO_INBOUND.some((t) => t.urgent)).toBe(true);
    expect(DEMO_INBOUND.some((t) => !t.urgent)).toBe(true);
  });

  it('keeps X posts within 280 characters and mentions start with a brand handle', () => {
    for (const t of DEMO_INBOUND.filter((t) => t.channel === 'x')) {
      expect([...t.body].length, t.body).toBeLessThanOrEqual(280);
      if (t.kind === 'mention') expect(t.body).toMatch(/^@Brightline(Hilfe)?\b/);
    }
  });

  it('gives e-mails a subject and everything else subject null', () => {
    for (const t of DEMO_INBOUND) {
      if (t.channel === 'email') {
        expect(typeof t.subject).toBe('string');
        expect(t.subject?.trim().length).toBeGreaterThan(0);
      } else {
        expect(t.subject).toBeNull();
      }
    }
  });

  it('uses kinds that fit the channel', () => {
    for (const t of DEMO_INBOUND) {
      if (t.kind === 'comment') expect(['facebook', 'instagram']).toContain(t.channel);
      if (t.kind === 'mention') expect(t.channel).toBe('x');
    }
    expect(DEMO_INBOUND.some((t) => t.kind === 'comment')).toBe(true);
    expect(DEMO_INBOUND.some((t) => t.kind === 'mention')).toBe(true);
  });

  it('uses no placeholder other than {name}', () => {
    for (const t of DEMO_INBOUND) {
      const filled = fillTemplate(t.body, { name: 'Test Person' });
      expect(filled, t.body).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('DEMO_AGENT_REPLIES', () => {
  it('has about a dozen {name} replies per language', () => {
    for (const language of ['de', 'en'] as const) {
      const replies = DEMO_AGENT_REPLIES[language];
      expect(replies.length).toBeGreaterThanOrEqual(10);
      for (const reply of replies) {
        expect(reply).toContain('{name}');
        expect(fillTemplate(reply, { name: 'Lena' })).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('DEMO_STAFF', () => {
  it('has unique e-mails, one admin, exactly one lead and five agents', () => {
    const emails = DEMO_STAFF.map((s) => s.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(DEMO_STAFF.map((s) => s.key)).size).toBe(DEMO_STAFF.length);
    expect(DEMO_STAFF.filter((s) => s.role === 'lead')).toHaveLength(1);
    expect(DEMO_STAFF.filter((s) => s.role === 'admin')).toHaveLength(1);
    expect(DEMO_STAFF.filter((s) => s.role === 'agent')).toHaveLength(5);
    expect(emails).toContain('admin@switchboard.demo');
    expect(emails).toContain('lead@switchboard.demo');
    for (const email of emails) expect(email).toMatch(/^[a-z]+@switchboard\.demo$/);
  });

  it('gives the lead every department and covers each department with an agent', () => {
    const lead = DEMO_STAFF.find((s) => s.role === 'lead');
    expect([...(lead?.departments ?? [])].sort()).toEqual([...DEPARTMENTS].sort());
    for (const department of DEPARTMENTS) {
      expect(
        DEMO_STAFF.some((s) => s.role === 'agent' && s.departments.includes(department)),
        department,
      ).toBe(true);
    }
  });

  it('exports the documented demo password', () => {
    expect(DEMO_PASSWORD).toBe('switchboard-demo');
  });
});

describe('fillTemplate', () => {
  it('replaces every occurrence of known placeholders', () => {
    expect(fillTemplate('Hallo {name}, {name}!', { name: 'Lena' })).toBe('Hallo Lena, Lena!');
    expect(fillTemplate('{greeting} {name}', { greeting: 'Hi', name: 'Ben' })).toBe('Hi Ben');
  });

  it('leaves unknown placeholders and plain text untouched', () => {
    expect(fillTemplate('Hi {name}, order {order}', { name: 'Ben' })).toBe('Hi Ben, order {order}');
    expect(fillTemplate('no placeholders here', { name: 'x' })).toBe('no placeholders here');
  });

  it('does not treat inherited object keys as variables', () => {
    expect(fillTemplate('{toString}', {})).toBe('{toString}');
  });

  it('inserts values literally, including $ sequences', () => {
    expect(fillTemplate('Hi {name}', { name: "$& O'Connor" })).toBe("Hi $& O'Connor");
  });
});
