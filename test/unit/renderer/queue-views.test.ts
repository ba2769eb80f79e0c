import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../src-shared/index.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { facetsOf, laneOf, waitKeyOf, withQueueKeys } from '../../../src-renderer/db/queue-keys.js';
import { countView, readWindow } from '../../../src-renderer/features/queue/queries.js';
import { facetMatcher, NO_FILTERS, queueRange, type QueueFilters, type QueueSort, type QueueView } from '../../../src-renderer/features/queue/query-builder.js';
import { queueSnooze, wakeDueLocally } from '../../../src-renderer/features/queue/snooze-commands.js';
import { sanitizeQueuePrefs } from '../../../src-renderer/features/queue/queue-prefs.js';
import { conversation, freshDb, uuid } from './fixtures.js';
import { openReleased } from './released-schemas.js';

const ME = uuid(900);
const HOUR = 3_600_000;
let db: SwitchboardDb | null = null;
afterEach(async () => {
  if (db) {
    db.close();
    await db.delete();
    db = null;
  }
});

describe('queue keys', () => {
  it('lanes: closed, snoozed while the wake time is ahead, else open', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(laneOf({ status: 'closed', snoozedUntil: '2026-11-24T00:00:00Z' }, now)).toBe('closed');
    expect(laneOf({ status: 'open', snoozedUntil: '2026-11-23T11:00:00Z' }, now)).toBe('snoozed');
    expect(laneOf({ status: 'open', snoozedUntil: '2026-11-23T09:00:00Z' }, now)).toBe('open');
    expect(laneOf({ status: 'open', snoozedUntil: null }, now)).toBe('open');
    // The older statuses: snoozed without a time lists under Snoozed, pending is open work.
    expect(laneOf({ status: 'snoozed', snoozedUntil: null }, now)).toBe('snoozed');
    expect(laneOf({ status: 'pending' }, now)).toBe('open');
  });

  it('waiting order: longest waiting first, answered conversations after, most recent first', () => {
    const a = conversation(1, { waitingSince: '2026-11-23T08:00:00Z', priority: 0 });
    const b = conversation(2, { waitingSince: '2026-11-23T07:00:00Z', priority: 0 });
    const c = conversation(3, { waitingSince: null, lastMessageAt: '2026-11-23T09:00:00Z', priority: 90 });
    const d = conversation(4, { waitingSince: null, lastMessageAt: '2026-11-23T09:30:00Z' });
    expect([a, b, c, d].sort((x, y) => (waitKeyOf(x) < waitKeyOf(y) ? -1 : 1)).map((x) => x.id)).toEqual([b, a, d, c].map((x) => x.id));
  });

  it('facets name channel, department and every tag; the matcher needs all set filters', () => {
    const f = facetsOf({ channel: 'whatsapp', departmentId: 'sales', tags: ['vip', 'refund'] });
    expect(facetMatcher({ ...NO_FILTERS, channel: 'whatsapp' })(f)).toBe(true);
    expect(facetMatcher({ ...NO_FILTERS, channel: 'email' })(f)).toBe(false);
    expect(facetMatcher({ ...NO_FILTERS, department: 'sales', tag: 'refund' })(f)).toBe(true);
    expect(facetMatcher({ ...NO_FILTERS, department: 'sales', tag: 'ref' })(f)).toBe(false);
    expect(facetMatcher(NO_FILTERS)(f)).toBe(true);
  });

  it('ranges: per assignee for Mine and Unassigned, the snoozed lane for Snoozed, the sort picks the key', () => {
    expect(queueRange('mine', 'priority', NO_FILTERS, ME)).toMatchObject({ index: '[assigneeKey+lane+queueKey+facets]', facetsAt: 3 });
    expect(queueRange('mine', 'priority', NO_FILTERS, ME).lower.slice(0, 2)).toEqual([ME, 'open']);
    expect(queueRange('unassigned', 'waiting', { ...NO_FILTERS, status: 'closed' }, ME).lower.slice(0, 2)).toEqual(['-', 'closed']);
    expect(queueRange('unassigned', 'waiting', NO_FILTERS, ME).index).toBe('[assigneeKey+lane+waitKey+facets]');
    expect(queueRange('snoozed', 'priority', NO_FILTERS, ME)).toMatchObject({ index: '[lane+queueKey+facets]', facetsAt: 2 });
    expect(queueRange('snoozed', 'priority', { ...NO_FILTERS, status: 'closed' }, ME).lower[0]).toBe('snoozed');
  });

  it('stored queue prefs are sanitized (hand-edited or outdated values fall back)', () => {
    expect(sanitizeQueuePrefs({ view: 'snoozed', sort: 'waiting', filters: { channel: 'x', tag: 'vip', status: 'closed' } })).toEqual({
      view: 'snoozed',
      sort: 'waiting',
      filters: { channel: 'x', department: null, tag: 'vip', status: 'closed' },
    });
    expect(sanitizeQueuePrefs({ view: 'nope', filters: { channel: 'fax', department: 'hr', tag: '<b>', status: 'gone' } })).toEqual({
      view: 'all',
      sort: 'priority',
      filters: NO_FILTERS,
    });
    expect(sanitizeQueuePrefs(null).view).toBe('all');
  });
});

/** A mixed cache: channels, departments, tags, assignees, lanes and waiting times. */
function dataset(nowMs: number): Conversation[] {
  const channels = ['email', 'chat', 'whatsapp', 'x'] as const;
  const departments = ['support', 'sales', 'service'] as const;
  const rows: Conversation[] = [];
  for (let n = 1; n <= 240; n++) {
    rows.push(
      conversation(n, {
        channel: channels[n % 4]!,
        departmentId: departments[n % 3]!,
        tags: n % 5 === 0 ? ['vip'] : n % 7 === 0 ? ['refund', 'vip-customer'] : [],
        assigneeId: n % 3 === 0 ? ME : n % 3 === 1 ? null : uuid(901),
        status: n % 11 === 0 ? 'closed' : 'open',
        snoozedUntil: n % 13 === 0 ? new Date(nowMs + HOUR).toISOString() : n % 17 === 0 ? new Date(nowMs - HOUR).toISOString() : null,
        priority: (n * 37) % 3 === 0 ? 50 : 0,
        waitingSince: n % 4 === 0 ? null : new Date(nowMs - ((n * 7919) % 1000) * 60_000).toISOString(),
        lastMessageAt: new Date(nowMs - ((n * 104_729) % 5000) * 60_000).toISOString(),
      }),
    );
  }
  return rows;
}

/** What a view should list, by brute force over every row. */
function expected(rows: Conversation[], view: Exclude<QueueView, 'attention'>, sort: QueueSort, filters: QueueFilters, nowMs: number): string[] {
  const lane = view === 'snoozed' ? 'snoozed' : filters.status;
  const cached = rows.map(withQueueKeys);
  return cached
    .filter((c) => laneOf(c, nowMs) === lane)
    .filter((c) => (view === 'mine' ? c.assigneeId === ME : view === 'unassigned' ? c.assigneeId === null : true))
    .filter((c) => facetMatcher(filters)(c.facets))
    .sort((a, b) => {
      const ka = sort === 'waiting' ? a.waitKey : a.queueKey;
      const kb = sort === 'waiting' ? b.waitKey : b.queueKey;
      return ka < kb ? -1 : 1;
    })
    .map((c) => c.id);
}

describe('queue views over the cache', () => {
  it('every view, sort and filter lists exactly the matching conversations in order, windowed', async () => {
    db = freshDb();
    const now = Date.now();
    const rows = dataset(now);
    await db.conversations.bulkPut(rows.map(withQueueKeys));
    const cases: [Exclude<QueueView, 'attention'>, QueueSort, QueueFilters][] = [
      ['all', 'priority', NO_FILTERS],
      ['all', 'waiting', NO_FILTERS],
      ['mine', 'priority', NO_FILTERS],
      ['unassigned', 'waiting', NO_FILTERS],
      ['snoozed', 'priority', NO_FILTERS],
      ['all', 'priority', { ...NO_FILTERS, status: 'closed' }],
      ['all', 'priority', { ...NO_FILTERS, channel: 'whatsapp' }],
      ['all', 'waiting', { ...NO_FILTERS, department: 'sales', channel: 'email' }],
      ['mine', 'priority', { ...NO_FILTERS, tag: 'vip' }],
      ['unassigned', 'priority', { ...NO_FILTERS, tag: 'refund', status: 'open' }],
      ['snoozed', 'waiting', { ...NO_FILTERS, department: 'support' }],
    ];
    for (const [view, sort, filters] of cases) {
      const want = expected(rows, view, sort, filters, now);
      const label = `${view} ${sort} ${JSON.stringify(filters)}`;
      expect(want.length, label).toBeGreaterThan(0);
      expect(await countView(db, view, ME, sort, filters), label).toBe(want.length);
      const all = await readWindow(db, view, ME, sort, filters, 0, 1000);
      expect(all.rows.map((r) => r.id), label).toEqual(want);
      // A window in the middle is the same slice.
      const mid = await readWindow(db, view, ME, sort, filters, 2, 5);
      expect(mid.rows.map((r) => r.id), label).toEqual(want.slice(2, 5));
      expect(mid.count, label).toBe(want.length);
    }
  });

  it('snoozing locally moves a conversation from All to Snoozed at once; the local clock wakes it', async () => {
    db = freshDb();
    const c = conversation(1);
    await db.conversations.put(withQueueKeys(c));
    expect(await countView(db, 'all', ME)).toBe(1);

    await queueSnooze(db, c, new Date(Date.now() + HOUR));
    expect(await countView(db, 'all', ME)).toBe(0);
    expect(await countView(db, 'snoozed', ME)).toBe(1);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ name: 'conversation:snooze', payload: { conversationId: c.id, until: expect.any(String) } });

    // Not yet due: nothing wakes, and the next wake time is reported.
    const next = await wakeDueLocally(db, Date.now());
    expect(next).toBe(Date.parse((await db.conversations.get(c.id))!.snoozedUntil!));
    expect(await countView(db, 'snoozed', ME)).toBe(1);
    // Two hours later (offline: no word from the hub), the console shows it again.
    expect(await wakeDueLocally(db, Date.now() + 2 * HOUR)).toBeNull();
    expect(await countView(db, 'all', ME)).toBe(1);
    expect(await countView(db, 'snoozed', ME)).toBe(0);

    // Unsnooze is a mutation too.
    await queueSnooze(db, c, new Date(Date.now() + HOUR));
    await queueSnooze(db, c, null);
    expect(await countView(db, 'all', ME)).toBe(1);
    expect((await db.outbox.toArray()).map((r) => r.payload.until)).toEqual([expect.any(String), expect.any(String), null]);
  });

  it('a v60 cache upgrades to v70: lanes, waiting keys and facets derived, snoozes left out of the open lists', async () => {
    const name = `upgrade-v70-${Date.now()}`;
    const v60 = openReleased(name, 60);
    const legacy = (c: Conversation) => ({ ...c, queueKey: 'x', assigneeKey: c.assigneeId ?? '-' });
    await v60.table('conversations').bulkPut([
      legacy(conversation(1, { channel: 'chat', tags: ['vip'] })),
      legacy(conversation(2, { status: 'closed' })),
      legacy(conversation(3, { snoozedUntil: new Date(Date.now() + HOUR).toISOString() })),
    ]);
    await v60.table('meta').put({ key: 'cursor', value: 7 });
    v60.close();
    db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(70);
    expect(await countView(db, 'all', ME)).toBe(1);
    expect(await countView(db, 'all', ME, 'priority', { ...NO_FILTERS, status: 'closed' })).toBe(1);
    expect(await countView(db, 'snoozed', ME)).toBe(1);
    expect(await countView(db, 'all', ME, 'waiting', { ...NO_FILTERS, channel: 'chat', tag: 'vip' })).toBe(1);
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 7 });
  });
});
