import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cachedAddMinutes,
  compareRouting,
  DEFAULT_SLA_SETTINGS,
  policyFor,
  reportToCsv,
  ServiceCalendarSchema,
  slaPriorityOf,
  slaTimers,
  SIGNAL_LEXICON,
  textSignals,
  SIGNAL_TEXT_CHARS,
  worstState,
  type RoutingCandidate,
  type SlaPolicy,
} from '../../../src-shared/index.js';

const calendar = ServiceCalendarSchema.parse({
  hours: { timeZone: 'Europe/Berlin', days: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } },
});
const add = cachedAddMinutes(calendar);
const policy: SlaPolicy = { channel: '*', priority: '*', firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 };
// Monday 2026-11-23 09:00 Berlin.
const monday9 = new Date('2026-11-23T08:00:00Z');
const at = (minutes: number) => new Date(monday9.getTime() + minutes * 60_000);

describe('SLA timers', () => {
  it('runs first response from creation, warns at 80 % and breaches at the target', () => {
    const subject = { createdAt: monday9, firstResponseAt: null, waitingSince: monday9, closed: false };
    const state = (now: Date) => slaTimers(subject, policy, 80, add, now).find((t) => t.kind === 'first_response')!.state;
    expect(state(at(47))).toBe('ok');
    expect(state(at(48))).toBe('warning');
    expect(state(at(60))).toBe('breached');
    const timer = slaTimers(subject, policy, 80, add, at(1)).find((t) => t.kind === 'first_response')!;
    expect(timer.dueAt?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('counts in service time: a message on Monday evening is due Tuesday morning', () => {
    const evening = new Date('2026-11-23T15:30:00Z'); // 16:30 Berlin, 30 min before closing
    const subject = { createdAt: evening, firstResponseAt: null, waitingSince: evening, closed: false };
    const [first] = slaTimers(subject, policy, 80, add, evening);
    expect(first!.dueAt?.toISOString()).toBe('2026-11-24T08:30:00.000Z'); // Tue 09:30 Berlin
    // At night, long after 60 wall-clock minutes, it is still not breached.
    expect(slaTimers(subject, policy, 80, add, new Date('2026-11-24T02:00:00Z'))[0]!.state).toBe('ok');
    expect(slaTimers(subject, policy, 80, add, new Date('2026-11-24T08:20:00Z'))[0]!.state).toBe('warning');
  });

  it('switches to next response after the first reply and stops when closed', () => {
    const kinds = (s: Parameters<typeof slaTimers>[0]) => slaTimers(s, policy, 80, add, at(10)).map((t) => t.kind);
    expect(kinds({ createdAt: monday9, firstResponseAt: at(5), waitingSince: at(8), closed: false })).toEqual(['next_response', 'resolution']);
    expect(kinds({ createdAt: monday9, firstResponseAt: at(5), waitingSince: null, closed: false })).toEqual(['resolution']);
    expect(kinds({ createdAt: monday9, firstResponseAt: null, waitingSince: monday9, closed: true })).toEqual([]);
    const timers = slaTimers({ createdAt: monday9, firstResponseAt: at(5), waitingSince: at(8), closed: false }, policy, 80, add, at(40));
    expect(worstState(timers)).toBe('breached');
  });

  it('picks the most specific policy', () => {
    const policies = DEFAULT_SLA_SETTINGS.policies;
    expect(policyFor(policies, 'chat', 'low')?.firstResponseMinutes).toBe(2);
    expect(policyFor(policies, 'email', 'urgent')?.firstResponseMinutes).toBe(30);
    expect(policyFor(policies, 'email', 'low')?.firstResponseMinutes).toBe(240);
    expect(policyFor([{ ...policy, channel: 'x' }], 'email', 'low')).toBeNull();
    expect(slaPriorityOf(85)).toBe('urgent');
    expect(slaPriorityOf(0, true)).toBe('high');
    expect(slaPriorityOf(0)).toBe('low');
  });
});

describe('routing priority', () => {
  const base: RoutingCandidate = { slaState: 'ok', priority: 0, sentiment: 0, vip: false, waitingSince: 1000 };
  const sorted = (list: (RoutingCandidate & { name: string })[]) => [...list].sort(compareRouting).map((c) => c.name);

  it('orders by SLA risk, then priority, then sentiment, then VIP, then oldest first', () => {
    const list = [
      { ...base, name: 'old', waitingSince: 10 },
      { ...base, name: 'new', waitingSince: 20 },
      { ...base, name: 'vip', vip: true, waitingSince: 30 },
      { ...base, name: 'angry', sentiment: 1, waitingSince: 40 },
      { ...base, name: 'urgent-words', sentiment: 2, waitingSince: 50 },
      { ...base, name: 'score', priority: 60, waitingSince: 60 },
      { ...base, name: 'warning', slaState: 'warning' as const, waitingSince: 70 },
      { ...base, name: 'breached', slaState: 'breached' as const, waitingSince: 80 },
    ];
    expect(sorted(list)).toEqual(['breached', 'warning', 'score', 'urgent-words', 'angry', 'vip', 'old', 'new']);
    // Each factor dominates all later ones.
    expect(sorted([{ ...base, name: 'a', priority: 1, vip: false, sentiment: 0 }, { ...base, name: 'b', priority: 0, vip: true, sentiment: 2, waitingSince: 0 }])).toEqual(['a', 'b']);
  });

  it('reads urgency and negativity in German and English, plus hashtags and topics', () => {
    expect(textSignals('Das ist eine Frechheit! Ich will SOFORT mein Geld zurück')).toMatchObject({ urgent: true, negative: 1 });
    expect(textSignals('Worst service ever, this is unacceptable')).toMatchObject({ urgent: false, negative: 2 });
    expect(textSignals('Thanks, all good now :)')).toMatchObject({ urgent: false, negative: 0 });
    // Whole words only: "badge" is not "bad", "Schlechtwetter" is not "schlecht".
    expect(textSignals('My badge arrived; Schlechtwetterfront').negative).toBe(0);
    expect(textSignals('Störung im Netz #Ausfall2026 wieder mal #ausfall2026').topics).toEqual(['#ausfall2026', 'outage']);
    expect(textSignals('Where is my parcel?').topics).toEqual(['delivery']);
  });

  it('reads the start of a long text: what the customer writes now, not the history quoted below it', () => {
    const quoted = `\n> ${'Lorem ipsum dolor sit amet. '.repeat(500)}`;
    expect(textSignals(`Danke, alles gut.${quoted} Frechheit, sofort! #ausfall`)).toMatchObject({ negative: 0, urgent: false, topics: [] });
    expect(textSignals(`Frechheit, sofort! #ausfall${quoted}`)).toMatchObject({ negative: 1, urgent: true, topics: ['#ausfall', 'outage'] });
    expect(SIGNAL_TEXT_CHARS).toBeLessThan(quoted.length);
  });

  it('finds phrases only as written: words in another order or apart do not count', () => {
    expect(textSignals('What a rip-off').negative).toBe(1);
    expect(textSignals('rip and off').negative).toBe(0);
    expect(textSignals('it is not working').topics).toEqual(['outage']);
    expect(textSignals('working, not at all').topics).toEqual([]);
    expect(textSignals("it doesn't work").negative).toBe(1);
    expect(textSignals('nie mehr wieder').negative).toBe(0);
  });

  it('agrees with scanning the text for every lexicon entry (generated texts)', () => {
    // The plain definition: an entry counts when it occurs with no letter or digit right before or after it.
    const letter = /[\p{L}\p{N}]/u;
    const scan = (text: string, phrase: string): boolean => {
      for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
        if (!letter.test(text[i - 1] ?? '') && !letter.test(text[i + phrase.length] ?? '')) return true;
      }
      return false;
    };
    const reference = (text: string) => {
      const lower = text.toLowerCase();
      const negative = SIGNAL_LEXICON.negative.filter((w) => scan(lower, w)).length + (/!{3,}/.test(lower) ? 1 : 0);
      const topics = new Set([...lower.matchAll(/#[\p{L}\p{N}_]{2,50}/gu)].map((m) => m[0]));
      for (const [topic, words] of Object.entries(SIGNAL_LEXICON.topics)) if (words.some((w) => scan(lower, w))) topics.add(topic);
      return { negative: Math.min(negative, 5), urgent: SIGNAL_LEXICON.urgent.some((w) => scan(lower, w)), topics: [...topics].sort() };
    };
    const words = [...SIGNAL_LEXICON.negative, ...SIGNAL_LEXICON.urgent, ...Object.values(SIGNAL_LEXICON.topics).flat()];
    const pieces = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom(...words).map((w) => w.toUpperCase()),
      fc.constantFrom(' ', ' ', '-', "'", '!', '.', ',', '#', '\n', 'x', 'ä', '1', 'not', 'off', 'again', 'so'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(textSignals(text)).toEqual(reference(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('report CSV', () => {
  it('quotes, rounds and defuses spreadsheet formulas', () => {
    const csv = reportToCsv({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      groupBy: 'agent',
      rows: [
        { key: 'a', label: '=HYPERLINK("x")', conversations: 2, avgHandleMinutes: 10.456, avgTouches: 1.5, avgFirstResponseMinutes: null, channelSwitches: 0 },
        { key: 'b', label: 'Müller, Anna', conversations: 1, avgHandleMinutes: null, avgTouches: 2, avgFirstResponseMinutes: 3, channelSwitches: 1 },
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      'Group,Conversations,Avg handle time (min),Avg touches,Avg first response (min),Channel switches',
      `"'=HYPERLINK(""x"")",2,10.46,1.5,,0`,
      '"Müller, Anna",1,,2,3,1',
      '',
    ]);
  });
});
