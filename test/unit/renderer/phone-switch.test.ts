/**
 * The console side of the phone switch: callbacks through the change log and snapshots, the
 * commands' optimistic rows and outbox rows, number candidates, the timeline and the admin form.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { openReleased } from './released-schemas.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { withQueueKeys } from '../../../src-renderer/db/queue-keys.js';
import { CallbackSchema, LogCallRequestSchema, ScheduleCallbackRequestSchema, UpdateCallbackRequestSchema, type Callback, type Change, type Identity, type User } from '../../../src-shared/index.js';

import { applyChanges, applySnapshot } from '../../../src-renderer/sync/apply-changes.js';
import { queueLogCall, queueScheduleCallback, queueUpdateCallback } from '../../../src-renderer/features/phone/commands.js';
import { numberCandidates } from '../../../src-renderer/features/phone/numbers.js';
import { timeline } from '../../../src-renderer/features/phone/timeline.js';
import { formToSettings, settingsToForm } from '../../../src-renderer/features/phone/telephony-form.js';
import { parseDuration } from '../../../src-renderer/features/phone/CallPanel.js';
import { remindsMe } from '../../../src-renderer/features/phone/reminders.js';
import { dueProblem, reachableHours, suggestDue } from '../../../src-renderer/features/phone/schedule-form.js';
import { conversation, freshDb, message, uuid } from './fixtures.js';

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

const me: User = { id: uuid(900), email: 'anna@example.test', name: 'Anna Agent', role: 'agent', departments: ['support'] };

function callback(n: number, conversationId: string, overrides: Partial<Callback> = {}): Callback {
  const at = '2026-11-23T10:00:00.000Z';
  return CallbackSchema.parse({
    id: uuid(500 + n),
    conversationId,
    customerId: uuid(100),
    departmentId: 'support',
    assigneeId: me.id,
    createdBy: me.id,
    dueAt: '2026-11-23T15:00:00.000Z',
    number: '+49301234567',
    ext: null,
    customerTimeZone: 'Europe/Berlin',
    note: '',
    status: 'open',
    escalatedAt: null,
    doneCallId: null,
    doneAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
}

describe('callbacks in the cache', () => {
  it('upgrades a cache of an earlier version (v3, as released) with the callbacks table, keeping rows, outbox and cursor', async () => {
    const name = `upgrade-v10-${Date.now()}`;
    const v3 = openReleased(name, 3);
    const c = conversation(1);
    await v3.table('conversations').put(withQueueKeys(c));
    await v3.table('outbox').add({ mutationId: uuid(77), name: 'message:send', payload: {}, status: 'pending', attempts: 0, lastError: null, createdAt: c.createdAt });
    await v3.table('meta').put({ key: 'cursor', value: 42 });
    v3.close();
    db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(10);
    expect(await db.conversations.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 42 });
    await db.callbacks.bulkPut([callback(1, c.id, { dueAt: '2026-11-23T16:00:00.000Z' }), callback(2, c.id, { dueAt: '2026-11-23T09:00:00.000Z' }), callback(3, c.id, { status: 'done' })]);
    const open = await db.callbacks.where('[status+dueAt]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray();
    expect(open.map((x) => x.id)).toEqual([uuid(502), uuid(501)]);
  });

  it('stores callback changes, and a purge of the conversation removes its callbacks', async () => {
    db = freshDb();
    const c = conversation(1);
    const cb = callback(1, c.id);
    const changes: Change[] = [
      { syncId: 1, entity: 'conversation', data: c },
      { syncId: 2, entity: 'callback', data: cb },
    ];
    await applyChanges(db, changes, 2);
    expect(await db.callbacks.get(cb.id)).toEqual(cb);
    await applyChanges(db, [{ syncId: 3, entity: 'purge', data: { id: c.id } }], 3, 2);
    expect(await db.callbacks.get(cb.id)).toBeUndefined();
  });

  it('takes snapshot callbacks without replacing a newer cached version or a pending local change', async () => {
    db = freshDb();
    const c = conversation(1);
    const newer = callback(1, c.id, { version: 3, status: 'done' });
    const pending = { ...callback(2, c.id, { version: 1 }), localState: 'pending' as const, status: 'cancelled' as const };
    await db.callbacks.bulkPut([newer, pending]);
    const fresh = callback(3, c.id);
    await applySnapshot(db, { conversations: [c], messages: [], customers: [], identities: [], users: [], cursor: 0, total: 1, callbacks: [callback(1, c.id, { version: 2 }), callback(2, c.id, { version: 2 }), fresh] }, { phase: 'conversation' });
    expect((await db.callbacks.get(newer.id))?.version).toBe(3);
    expect((await db.callbacks.get(pending.id))?.status).toBe('cancelled');
    expect(await db.callbacks.get(fresh.id)).toEqual(fresh);
  });
});

describe('phone commands', () => {
  it('logs a call as a pending note with an outbox row the hub schema accepts, completing its callback', async () => {
    db = freshDb();
    const c = conversation(1, { channel: 'email' });
    const cb = callback(1, c.id);
    await db.callbacks.put(cb);
    const id = await queueLogCall(db, c, me, {
      number: '+49301234567', ext: '12', numberSource: 'message', reason: ' urgent ', outcome: 'reached', durationSeconds: 200, startedAt: '2026-11-23T10:00:00.000Z', notes: 'ok', callbackId: cb.id,
    });
    const stored = await db.messages.get(id);
    expect(stored).toMatchObject({ direction: 'note', localState: 'pending', conversationId: c.id, channelMeta: { call: { fromChannel: 'email', reason: 'urgent', ext: '12' } } });
    expect(stored?.body).toContain('Reached, 3:20');
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ name: 'call:log', messageId: id, callbackId: cb.id });
    expect(LogCallRequestSchema.safeParse(row!.payload).success).toBe(true);
    expect(await db.callbacks.get(cb.id)).toMatchObject({ status: 'done', doneCallId: id, localState: 'pending' });
  });

  it('schedules and reassigns callbacks through the outbox', async () => {
    db = freshDb();
    const c = conversation(1);
    const reachable = { timeZone: 'Europe/London', days: { mon: [['09:00', '17:00']] as [string, string][] } };
    const id = await queueScheduleCallback(db, c, me, { dueAt: new Date('2026-11-23T10:00:00Z'), number: '+49301234567', ext: null, assigneeId: null, reachable, note: 'x' });
    const cached = await db.callbacks.get(id);
    expect(cached).toMatchObject({ status: 'open', localState: 'pending', customerTimeZone: 'Europe/London', departmentId: c.departmentId });
    await queueUpdateCallback(db, cached!, { kind: 'reassign', assigneeId: me.id });
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.name)).toEqual(['callback:schedule', 'callback:update']);
    expect(ScheduleCallbackRequestSchema.safeParse(rows[0]!.payload).success).toBe(true);
    expect(UpdateCallbackRequestSchema.safeParse(rows[1]!.payload).success).toBe(true);
    expect((await db.callbacks.get(id))?.assigneeId).toBe(me.id);
  });
});

describe('number candidates', () => {
  const identity = (channel: Identity['channel'], handle: string): Identity => ({ id: uuid(Math.floor(Math.random() * 1e6)), customerId: uuid(100), channel, handle, providerUserId: handle, displayName: null });

  it('offers profile numbers first, then numbers found in the customer’s messages with their context', () => {
    const c = conversation(1);
    const messages = [
      message(1, c.id, { direction: 'inbound', body: 'Rufen Sie mich an: 0171 2345678', createdAt: '2026-11-23T09:00:00.000Z' }),
      message(2, c.id, { direction: 'outbound', body: 'Our hotline is 030 9999999', createdAt: '2026-11-23T09:01:00.000Z' }),
    ];
    const candidates = numberCandidates({ country: 'DE' }, [identity('whatsapp', '4915112345678'), identity('email', 'x@example.test')], messages);
    expect(candidates.map((x) => [x.number.e164, x.source])).toEqual([
      ['+4915112345678', 'profile'],
      ['+491712345678', 'message'],
    ]);
    expect(candidates[1]!.context).toContain('Rufen Sie mich an');
  });
});

describe('helpers', () => {
  it('puts callbacks into the thread where they were scheduled', () => {
    const c = conversation(1);
    const m1 = message(1, c.id, { createdAt: '2026-11-23T09:00:00.000Z' });
    const m2 = message(2, c.id, { createdAt: '2026-11-23T11:00:00.000Z' });
    const items = timeline([m1, m2], [callback(1, c.id, { createdAt: '2026-11-23T10:00:00.000Z' })]);
    expect(items.map((i) => i.kind)).toEqual(['message', 'callback', 'message']);
  });

  it('suggests the next common slot and explains a due time that does not fit', () => {
    const service = { timeZone: 'Europe/Berlin', days: { mon: [['08:00', '22:00']] as [string, string][] }, holidays: [] };
    const customer = reachableHours('America/New_York', '09:00', '17:00');
    const now = new Date('2026-11-23T07:02:00Z'); // Mon 08:02 Berlin, 02:02 New York
    expect(suggestDue(service, customer, now)).toEqual(new Date('2026-11-23T14:00:00Z'));
    expect(dueProblem(service, customer, new Date('2026-11-23T14:00:00Z'), now)).toBeNull();
    expect(dueProblem(service, customer, new Date('2026-11-23T10:00:00Z'), now)).toContain('customer');
    expect(dueProblem(service, customer, new Date('2026-11-24T15:00:00Z'), now)).toContain('service hours');
    expect(dueProblem(service, customer, new Date('2026-11-23T06:00:00Z'), now)).toBe('That time has passed.');
    expect(dueProblem(service, customer, null, now)).toBe('Pick a due date and time.');
  });

  it('reads durations', () => {
    expect(parseDuration('3:20')).toBe(200);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration('45')).toBe(45);
    expect(parseDuration('3:75')).toBeNull();
    expect(parseDuration('abc')).toBeNull();
  });

  it('reminds the assignee, or the team of an unassigned callback', () => {
    const c = conversation(1);
    expect(remindsMe(callback(1, c.id), me)).toBe(true);
    expect(remindsMe(callback(1, c.id, { assigneeId: uuid(901) }), me)).toBe(false);
    expect(remindsMe(callback(1, c.id, { assigneeId: null }), me)).toBe(true);
    expect(remindsMe(callback(1, c.id, { assigneeId: null, departmentId: 'sales' }), me)).toBe(false);
  });

  it('turns the admin form into settings the hub accepts, and names the bad fields', () => {
    const form = settingsToForm({ serviceHours: { timeZone: 'Europe/Berlin', days: { mon: [['08:00', '12:00'], ['13:00', '18:00']] }, holidays: ['2026-12-25'] }, escalateAfterMinutes: 30, clickToDial: false, clickToDialTemplate: null });
    expect(form.days.mon).toBe('08:00-12:00, 13:00-18:00');
    const ok = formToSettings({ ...form, urlTemplate: 'https://pbx.example/dial?to={number}' });
    expect(ok).toMatchObject({ ok: true, request: { serviceHours: { days: { mon: [['08:00', '12:00'], ['13:00', '18:00']] }, holidays: ['2026-12-25'] }, clickToDial: { urlTemplate: 'https://pbx.example/dial?to={number}' } } });
    const bad = formToSettings({ ...form, timeZone: 'Mars/Base', days: { ...form.days, tue: '8 to 5' }, holidays: '25.12.2026', urlTemplate: 'https://pbx.example/dial' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['holidays', 'timeZone', 'tue', 'urlTemplate']);
  });
});
