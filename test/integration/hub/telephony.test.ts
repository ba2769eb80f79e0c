/**
 * Switch to phone on the real hub: call-log entries in the conversation's own thread, idempotent
 * and editable, callbacks inside service and customer hours, visibility, escalation of overdue
 * callbacks to leads, the batch path, the report, and click-to-dial against a local PBX stand-in.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import pg from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type BusinessHours, type Change } from '../../../src-shared/index.js';
import { escalateOverdueCallbacks } from '../../../src-hub/telephony/escalation.js';
import { emit, envelope, errorOf, inbound, okData, pullAll, startTestHub, type TestHub, type TestSocket } from './harness.js';

/**
 * The same suite on embedded PGlite and, when TEST_DATABASE_URL names a server, on PostgreSQL
 * (a database of its own, dropped afterwards).
 */
function telephonySuite(database: () => Promise<{ database?: { kind: 'postgres'; url: string } }>, dropDatabase: () => Promise<void>): void {
  let t: TestHub;
  let lead: TestSocket;
  let anna: TestSocket; // Support
  let sales: TestSocket; // Sales only: must not see Support's calls
  let admin: TestSocket;
  let pbx: Server;
  const pbxCalls: { url: string; method: string; body: string }[] = [];
  let pbxStatus = 200;

  const allDay = (timeZone: string): BusinessHours => ({
    timeZone,
    days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  });

  beforeAll(async () => {
    t = await startTestHub(await database());
    ({ socket: lead } = await t.connectAs(t.users.lead));
    ({ socket: anna } = await t.connectAs(t.users.agentA));
    ({ socket: sales } = await t.connectAs(await t.addUser({ email: 'sales-phone@example.test', departments: ['sales'] })));
    ({ socket: admin } = await t.connectAs(await t.addUser({ email: 'admin-phone@example.test', role: 'admin', departments: [] })));
    pbx = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        pbxCalls.push({ url: req.url ?? '', method: req.method ?? '', body });
        res.statusCode = pbxStatus;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
    // Round the clock, so every test may schedule at any time of day; the hours are tested below.
    okData(await emit(admin, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: null }));
  });

  afterAll(async () => {
    await t?.close();
    await dropDatabase();
    await new Promise<void>((resolve) => pbx?.close(() => resolve()));
  });

  async function supportConversation(sender: string) {
    return t.hub.ingest(inbound({ sender, department: 'support', channel: 'email', body: 'Please call me: 030 1234567' }));
  }

  function logCall(conversationId: string, overrides: Record<string, unknown> = {}) {
    return {
      ...envelope('anna-console'),
      conversationId,
      messageId: randomUUID(),
      number: '+49301234567',
      ext: null,
      numberSource: 'message' as const,
      reason: 'Urgent: wrong address',
      outcome: 'reached' as const,
      durationSeconds: 125,
      startedAt: new Date().toISOString(),
      notes: 'New address confirmed',
      ...overrides,
    };
  }

  describe('call log', () => {
    it('is a note in the same conversation, with the channel switch recorded, and a replay changes nothing', async () => {
      const r = await supportConversation('phone-1');
      const before = okData(await emit(lead, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
      const req = logCall(r.conversationId);
      const first = okData(await emit(anna, 'call:log', req));
      expect(first.message).toMatchObject({ conversationId: r.conversationId, direction: 'note', channelMeta: { call: { fromChannel: 'email', reason: 'Urgent: wrong address', outcome: 'reached', durationSeconds: 125 } } });
      expect(first.message.body).toContain('Phone call to +49301234567: Reached, 2:05');
      const replay = okData(await emit(anna, 'call:log', req));
      expect(replay).toEqual(first);
      const rows = await t.db.selectFrom('messages').select('id').where('conversation_id', '=', r.conversationId).execute();
      expect(rows).toHaveLength(2); // the customer's mail and one call, not two
      // No new conversation was opened for the call.
      expect(await t.db.selectFrom('conversations').select('id').where('customer_id', '=', (await t.db.selectFrom('conversations').select('customer_id').where('id', '=', r.conversationId).executeTakeFirstOrThrow()).customer_id).execute()).toHaveLength(1);
      const seen = await pullAll(lead, before);
      expect(seen.changes.some((c) => c.entity === 'message' && c.data.id === req.messageId)).toBe(true);
    });

    it('is editable by a colleague, and the edit reaches everyone through the log', async () => {
      const r = await supportConversation('phone-2');
      const req = logCall(r.conversationId);
      okData(await emit(anna, 'call:log', req));
      const before = okData(await emit(anna, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
      const edited = okData(await emit(lead, 'call:update', { ...envelope('lead-console'), conversationId: r.conversationId, messageId: req.messageId, outcome: 'voicemail', durationSeconds: 30, notes: 'Left a message' }));
      expect(edited.message.channelMeta.call).toMatchObject({ outcome: 'voicemail', durationSeconds: 30, notes: 'Left a message', reason: 'Urgent: wrong address', editedBy: t.users.lead.id });
      const seen = await pullAll(anna, before);
      const change = seen.changes.find((c): c is Extract<Change, { entity: 'message' }> => c.entity === 'message' && c.data.id === req.messageId);
      expect(change?.data.body).toContain('Voicemail, 0:30');
      errorOf(await emit(lead, 'call:update', { ...envelope('lead-console'), conversationId: r.conversationId, messageId: r.messageId, outcome: 'reached', durationSeconds: 1, notes: '' }), 'not_found');
    });

    it('refuses bad input and other teams, storing nothing', async () => {
      const r = await supportConversation('phone-3');
      const count = async () => (await t.db.selectFrom('messages').select('id').where('conversation_id', '=', r.conversationId).execute()).length;
      errorOf(await emit(anna, 'call:log', logCall(r.conversationId, { number: '030 1234567' })), 'bad_request');
      errorOf(await emit(anna, 'call:log', logCall(r.conversationId, { durationSeconds: -1 })), 'bad_request');
      errorOf(await emit(anna, 'call:log', logCall(r.conversationId, { outcome: 'hung_up' })), 'bad_request');
      errorOf(await emit(sales, 'call:log', logCall(r.conversationId)), 'forbidden');
      expect(await count()).toBe(1);
    });
  });

  describe('callbacks', () => {
    const schedule = (conversationId: string, overrides: Record<string, unknown> = {}) => ({
      ...envelope('anna-console'),
      conversationId,
      callbackId: randomUUID(),
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      number: '+49301234567',
      ext: null,
      assigneeId: t.users.agentA.id,
      reachable: allDay('Europe/London'),
      note: 'Call back about the delivery',
      ...overrides,
    });

    it('schedules inside the hours, is seen by the team and not by others, completes with a call', async () => {
      const r = await supportConversation('phone-cb-1');
      const startSales = okData(await emit(sales, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
      const req = schedule(r.conversationId);
      const { callback } = okData(await emit(anna, 'callback:schedule', req));
      expect(callback).toMatchObject({ conversationId: r.conversationId, status: 'open', assigneeId: t.users.agentA.id, departmentId: 'support' });
      expect(okData(await emit(anna, 'callback:schedule', req)).callback).toEqual(callback);
      const salesSaw = await pullAll(sales, startSales);
      expect(salesSaw.changes.some((c) => c.entity === 'callback')).toBe(false);
      const snapshot = okData(await emit(anna, 'sync:bootstrap', { phase: 'queue' }));
      expect(snapshot.callbacks?.map((c) => c.id)).toContain(callback.id);
      const thread = okData(await emit(anna, 'sync:conversation', { conversationId: r.conversationId }));
      expect(thread.callbacks?.map((c) => c.id)).toEqual([callback.id]);

      const call = logCall(r.conversationId, { callbackId: callback.id });
      okData(await emit(anna, 'call:log', call));
      const done = await t.db.selectFrom('callbacks').selectAll().where('id', '=', callback.id).executeTakeFirstOrThrow();
      expect(done).toMatchObject({ status: 'done', done_call_id: call.messageId });
      errorOf(await emit(anna, 'callback:update', { ...envelope('anna-console'), conversationId: r.conversationId, callbackId: callback.id, action: { kind: 'cancel' } }), 'conflict');
    });

    it('refuses due times outside service hours, on holidays or outside the customer’s hours', async () => {
      const r = await supportConversation('phone-cb-2');
      okData(await emit(admin, 'telephony:save-settings', {
        serviceHours: { timeZone: 'Europe/Berlin', days: { mon: [['08:00', '22:00']], tue: [['08:00', '22:00']] }, holidays: ['2030-01-01'] },
        escalateAfterMinutes: 30,
        clickToDial: null,
      }));
      try {
        // Monday 7 Jan 2030, 10:00 Berlin = 09:00Z: inside.
        okData(await emit(anna, 'callback:schedule', schedule(r.conversationId, { dueAt: '2030-01-07T09:00:00Z' })));
        // Wednesday: closed.
        expect(errorOf(await emit(anna, 'callback:schedule', schedule(r.conversationId, { dueAt: '2030-01-09T09:00:00Z' })), 'bad_request').message).toContain('service hours');
        // Tuesday 1 Jan 2030: a holiday.
        errorOf(await emit(anna, 'callback:schedule', schedule(r.conversationId, { dueAt: '2030-01-01T09:00:00Z' })), 'bad_request');
        // Inside service hours, but 04:00 in New York.
        const ny: BusinessHours = { timeZone: 'America/New_York', days: { mon: [['09:00', '17:00']] } };
        expect(errorOf(await emit(anna, 'callback:schedule', schedule(r.conversationId, { dueAt: '2030-01-07T09:00:00Z', reachable: ny })), 'bad_request').message).toContain('customer');
        okData(await emit(anna, 'callback:schedule', schedule(r.conversationId, { dueAt: '2030-01-07T15:00:00Z', reachable: ny })));
      } finally {
        okData(await emit(admin, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: null }));
      }
    });

    it('is reassigned within the team only; agents may not hand a colleague’s callback on', async () => {
      const r = await supportConversation('phone-cb-3');
      const { callback } = okData(await emit(anna, 'callback:schedule', schedule(r.conversationId, { assigneeId: t.users.agentB.id })));
      const update = (socket: TestSocket, assigneeId: string | null) =>
        emit(socket, 'callback:update', { ...envelope(socket === lead ? 'lead-console' : 'anna-console'), conversationId: r.conversationId, callbackId: callback.id, action: { kind: 'reassign', assigneeId } });
      errorOf(await update(anna, t.users.lead.id), 'forbidden');
      const salesUser = (await t.db.selectFrom('users').select('id').where('email', '=', 'sales-phone@example.test').executeTakeFirstOrThrow()).id;
      expect(errorOf(await update(lead, salesUser), 'forbidden').message).toContain('not in this conversation');
      expect(okData(await update(lead, t.users.agentA.id)).callback.assigneeId).toBe(t.users.agentA.id);
    });

    it('escalates an overdue callback to the leads, once', async () => {
      const r = await supportConversation('phone-cb-4');
      const { callback } = okData(await emit(anna, 'callback:schedule', schedule(r.conversationId, { dueAt: new Date(Date.now() - 60_000).toISOString() })));
      const start = okData(await emit(lead, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
      // 29 minutes after the due time: not yet.
      expect((await escalateOverdueCallbacks(t.db, new Date(Date.now() + 28 * 60_000))).escalated).toBe(0);
      const later = new Date(Date.now() + 31 * 60_000);
      expect((await escalateOverdueCallbacks(t.db, later)).escalated).toBeGreaterThanOrEqual(1);
      expect((await escalateOverdueCallbacks(t.db, later)).escalated).toBe(0);
      const seen = await pullAll(lead, start);
      const change = seen.changes.find((c): c is Extract<Change, { entity: 'callback' }> => c.entity === 'callback' && c.data.id === callback.id);
      expect(change?.data.escalatedAt).not.toBeNull();
    });

    it('works through mutation:batch like the single events, in order', async () => {
      const r = await supportConversation('phone-cb-5');
      const cb = schedule(r.conversationId);
      const call = logCall(r.conversationId, { callbackId: cb.callbackId });
      const result = okData(
        await emit(anna, 'mutation:batch', {
          mutations: [
            { seq: 1, name: 'callback:schedule', payload: cb },
            { seq: 2, name: 'call:log', payload: call },
            { seq: 3, name: 'call:log', payload: logCall(r.conversationId, { number: 'not a number' }) },
          ],
        }),
      );
      expect(result.results.map((a) => a.ok)).toEqual([true, true, false]);
      expect((await t.db.selectFrom('callbacks').select('status').where('id', '=', cb.callbackId).executeTakeFirstOrThrow()).status).toBe('done');
    });
  });

  describe('click-to-dial, settings and report', () => {
    it('calls the PBX with the filled template; the template never reaches agents', async () => {
      const r = await supportConversation('phone-dial');
      const base = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}`;
      errorOf(await emit(anna, 'call:dial', { conversationId: r.conversationId, number: '+49301234567', ext: null }), 'bad_request');
      okData(await emit(admin, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: { urlTemplate: `${base}/dial?to={number}&ext={ext}&agent={agent}&token=s3cret`, method: 'GET' } }));
      const view = okData(await emit(anna, 'telephony:settings', {}));
      expect(view.clickToDial).toBe(true);
      expect(JSON.stringify(view)).not.toContain('s3cret');
      expect(okData(await emit(admin, 'telephony:settings', {})).clickToDialTemplate?.urlTemplate).toContain('s3cret');
      expect(okData(await emit(anna, 'call:dial', { conversationId: r.conversationId, number: '+49301234567', ext: '12' }))).toEqual({ status: 200 });
      expect(pbxCalls.at(-1)).toMatchObject({ method: 'GET', url: '/dial?to=%2B49301234567&ext=12&agent=anna%40example.test&token=s3cret' });
      pbxStatus = 503;
      const refused = errorOf(await emit(anna, 'call:dial', { conversationId: r.conversationId, number: '+49301234567', ext: null }), 'bad_request');
      expect(refused.message).toContain('HTTP 503');
      expect(refused.message).not.toContain('s3cret');
      pbxStatus = 200;
      // Another team's conversation: the PBX is not a free dialler.
      errorOf(await emit(sales, 'call:dial', { conversationId: r.conversationId, number: '+49301234567', ext: null }), 'not_found');
      errorOf(await emit(anna, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: null }), 'forbidden');
      errorOf(await emit(admin, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: { urlTemplate: 'file:///etc/passwd?{number}' } }), 'bad_request');
      okData(await emit(admin, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: null }));
    });

    it('defaults to Mon–Sat 08–22 Berlin with German public holidays', async () => {
      await t.db.deleteFrom('hub_settings').execute();
      const view = okData(await emit(anna, 'telephony:settings', {}));
      expect(view.serviceHours.timeZone).toBe('Europe/Berlin');
      expect(view.serviceHours.days.sun).toBeUndefined();
      expect(view.serviceHours.days.mon).toEqual([['08:00', '22:00']]);
      const year = new Date().getUTCFullYear();
      expect(view.serviceHours.holidays).toEqual(expect.arrayContaining([`${year}-12-25`, `${year}-10-03`, `${year + 1}-01-01`]));
      okData(await emit(admin, 'telephony:save-settings', { serviceHours: { ...allDay('Europe/Berlin'), holidays: [] }, escalateAfterMinutes: 30, clickToDial: null }));
    });

    it('reports channel switches to the phone for leads only', async () => {
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const report = okData(await emit(lead, 'calls:report', { from, to }));
      expect(report.calls).toBeGreaterThanOrEqual(3);
      expect(report.byFromChannel.email).toBe(report.calls);
      expect(report.byReason[0]).toMatchObject({ reason: 'Urgent: wrong address' });
      errorOf(await emit(anna, 'calls:report', { from, to }), 'forbidden');
    });
  });

}

describe('phone switch on PGlite', () => telephonySuite(async () => ({}), async () => undefined));

const baseUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!baseUrl)('phone switch on PostgreSQL', () => {
  let admin: pg.Client | null = null;
  let name = '';
  telephonySuite(
    async () => {
      admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      name = `sb_test_${randomBytes(6).toString('hex')}`;
      await admin.query(`create database ${name}`);
      const url = new URL(baseUrl!);
      url.pathname = `/${name}`;
      return { database: { kind: 'postgres', url: url.toString() } };
    },
    async () => {
      if (!admin) return;
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  );
});
