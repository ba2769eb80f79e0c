import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERGE_FIELDS, scoreOf, type FieldChoices, type User } from '../../../src-shared/index.js';
import { sweepScores } from '../../../src-hub/customers/score-sweep.js';
import { headSyncId } from '../../../src-hub/store/changes.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { readCursor } from '../../../src-renderer/sync/apply-changes.js';
import { SyncEngine } from '../../../src-renderer/sync/engine.js';
import { eventually } from '../../support/eventually.js';
import { emit, errorOf, inbound, okData, pullAll, startTestHub, type TestHub, type TestSocket } from './harness.js';

/**
 * Customer 360 on the real hub: auto-linking at ingest, suggestions, merge and unmerge through the
 * change log (and exactly restored, as a property over the database), the CRM endpoints, export,
 * and erase leaving no trace in the hub's database or a console's cache.
 */
let t: TestHub;
let lead: TestSocket;
let agent: TestSocket;
let admin: User;
let adminToken: string;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: lead } = await t.connectAs(t.users.lead));
  ({ socket: agent } = await t.connectAs(t.users.agentA));
  admin = await t.addUser({ email: 'admin@example.test', role: 'admin' });
  adminToken = await t.tokenFor(admin);
});

afterAll(async () => {
  await t?.close();
});

const stored = async (msg: Parameters<TestHub['hub']['ingest']>[0]) => {
  const r = await t.hub.ingest(msg);
  if (r.status !== 'stored') throw new Error('expected stored');
  const c = await t.db.selectFrom('conversations').select(['customer_id', 'identity_id']).where('id', '=', r.conversationId).executeTakeFirstOrThrow();
  return { ...r, customerId: c.customer_id, identityId: c.identity_id };
};

/** The envelope of an outbox mutation, made in the conversation the agent is in. */
const mut = (conversationId: string) => ({ clientId: 'c360-test-client', mutationId: randomUUID(), conversationId });
let tags = 0;
const tagOf = () => `${Date.now().toString(36).toUpperCase()}${(tags += 1)}`;

const crm = (path: string, init: RequestInit & { token?: string | null } = {}) =>
  fetch(`${t.url}${path}`, {
    ...init,
    headers: {
      ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? adminToken}` }),
      ...(init.body ? { 'content-type': typeof init.body === 'string' && !init.body.startsWith('{') ? 'text/csv' : 'application/json' } : {}),
    },
  });

describe('identity resolution at ingest', () => {
  it('links a WhatsApp sender to the customer the CRM knows with that number, and audits it', async () => {
    const push = await crm('/api/crm/customers/K-1001', { method: 'PUT', body: JSON.stringify({ name: 'Tom Berger', segment: 'premium', phones: ['0151 11112222'] }) });
    expect(push.status).toBe(200);
    const { customer } = (await push.json()) as { customer: { id: string } };
    const wa = await stored(inbound({ channel: 'whatsapp', from: { providerUserId: '4915111112222', handle: '+4915111112222', displayName: 'Tom' } }));
    expect(wa.customerId).toBe(customer.id);
    const audit = await t.db.selectFrom('customer_audit').selectAll().where('customer_id', '=', customer.id).where('action', '=', 'auto-link').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ identityId: wa.identityId, via: 'phone' });
  });

  it('does not link a chat visitor who only typed a known address (unverified), and suggests the match instead', async () => {
    const mail = await stored(inbound({ channel: 'email', from: { providerUserId: 'lisa.kern@example.test', handle: 'lisa.kern@example.test', displayName: 'Lisa Kern' } }));
    const chatMsg = await stored(inbound({ channel: 'chat', from: { providerUserId: `visitor-${randomUUID()}`, handle: 'lisa.kern@example.test', displayName: 'Lisa Kern' }, body: 'Hi, about order A-55120' }));
    expect(chatMsg.customerId).not.toBe(mail.customerId);
    const { suggestions } = okData(await emit(agent, 'customer:suggestions', { customerId: chatMsg.customerId }));
    expect(suggestions[0]).toMatchObject({ customerId: mail.customerId, warnings: [] });
    expect(suggestions[0]!.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['email', 'similar-name']));
  });

  it("refuses suggestions, merges and edits to an agent who sees none of the customer's conversations", async () => {
    const sales = await t.addUser({ email: 'sales-c360@example.test', departments: ['sales'] });
    const { socket } = await t.connectAs(sales);
    const c = await stored(inbound({ channel: 'email', department: 'support', from: { providerUserId: 'vis360@example.test', handle: 'vis360@example.test', displayName: 'Vis Ible' } }));
    const other = await stored(inbound({ channel: 'chat', department: 'support', from: { providerUserId: `visitor-${randomUUID()}`, handle: 'V', displayName: 'Vis' } }));
    errorOf(await emit(socket, 'customer:suggestions', { customerId: c.customerId }), 'forbidden');
    errorOf(await emit(socket, 'customer:merge', { survivorId: c.customerId, mergedId: other.customerId }), 'forbidden');
    errorOf(await emit(socket, 'customer:reward', { ...mut(c.conversationId), rewardId: randomUUID(), customerId: c.customerId, code: 'NOPE-0001' }), 'not_found');
    expect(await t.db.selectFrom('customer_rewards').select('id').where('code', '=', 'NOPE-0001').executeTakeFirst()).toBeUndefined();
  });

  it('suggests by an order number both customers wrote', async () => {
    const a = await stored(inbound({ channel: 'facebook', from: { providerUserId: 'fb-901', handle: 'fb-901', displayName: null }, body: 'Meine Bestellung Nr. B-90412 fehlt' }));
    const b = await stored(inbound({ channel: 'x', kind: 'mention', from: { providerUserId: '77001', handle: '@kunde', displayName: 'Kunde' }, body: '@brand order B-90412 still missing!' }));
    const { suggestions } = okData(await emit(agent, 'customer:suggestions', { customerId: a.customerId }));
    expect(suggestions.find((s) => s.customerId === b.customerId)?.reasons).toContainEqual({ kind: 'order-number', value: 'B-90412', source: 'both wrote it' });
  });
});

/** Everything of two customers a merge may touch, as plain data. */
async function dumpPair(ids: [string, string]) {
  const customers = await t.db.selectFrom('customers').selectAll().select(sql<string>`updated_at::text`.as('u')).where('id', 'in', ids).orderBy('id').execute();
  const owned = async (table: 'identities' | 'conversations' | 'customer_consents' | 'customer_rewards') =>
    t.db.selectFrom(table).select(['id', 'customer_id']).where('customer_id', 'in', ids).orderBy('id').execute();
  return {
    customers: customers.map((c) => ({ ...c, updated_at: c.u })),
    identities: await owned('identities'),
    conversations: await owned('conversations'),
    consents: await owned('customer_consents'),
    rewards: await owned('customer_rewards'),
  };
}

describe('merge and unmerge', () => {
  it('moves conversations and identities to the survivor in every console, and unmerge brings them back', async () => {
    const survivor = await stored(inbound({ channel: 'email', from: { providerUserId: 'jana.fuchs@example.test', handle: 'jana.fuchs@example.test', displayName: 'Jana Fuchs' } }));
    const other = await stored(inbound({ channel: 'instagram', from: { providerUserId: 'ig-5501', handle: '@jana_f', displayName: 'jana_f' } }));
    const start = await headSyncId(t.db);
    const { merge, customer } = okData(await emit(agent, 'customer:merge', { survivorId: survivor.customerId, mergedId: other.customerId, choices: { name: 'survivor' } }));
    expect(customer.id).toBe(survivor.customerId);
    const { changes } = await pullAll(lead, start);
    const conv = changes.find((c) => c.entity === 'conversation' && c.data.id === other.conversationId);
    expect(conv?.data).toMatchObject({ customerId: survivor.customerId });
    expect(changes.find((c) => c.entity === 'identity' && c.data.id === other.identityId)?.data).toMatchObject({ customerId: survivor.customerId });
    expect(changes.find((c) => c.entity === 'customer' && c.data.id === other.customerId)?.data).toMatchObject({ mergedInto: survivor.customerId });
    expect(changes.some((c) => c.entity === 'merge' && c.data.id === merge.id)).toBe(true);
    // A merged-away customer cannot be merged again or edited.
    errorOf(await emit(agent, 'customer:merge', { survivorId: survivor.customerId, mergedId: other.customerId }), 'conflict');

    const mid = await headSyncId(t.db);
    okData(await emit(agent, 'customer:unmerge', { mergeId: merge.id }));
    const back = await pullAll(lead, mid);
    expect(back.changes.find((c) => c.entity === 'conversation' && c.data.id === other.conversationId)?.data).toMatchObject({ customerId: other.customerId });
    expect(back.changes.find((c) => c.entity === 'customer' && c.data.id === other.customerId)?.data).toMatchObject({ mergedInto: null });
    errorOf(await emit(agent, 'customer:unmerge', { mergeId: merge.id }), 'conflict');
    const audit = await t.db.selectFrom('customer_audit').select('action').where('customer_id', '=', other.customerId).orderBy('created_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['merge', 'unmerge']);
  });

  it('property: merge then unmerge leaves both customers and everything they own exactly as before (database)', async () => {
    const text = fc.option(fc.stringMatching(/^[A-Za-z0-9 ]{1,10}$/), { nil: null });
    const choice = fc.record(Object.fromEntries(MERGE_FIELDS.map((f) => [f, fc.constantFrom('survivor', 'merged')])) as never, { requiredKeys: [] }) as fc.Arbitrary<FieldChoices>;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: fc.stringMatching(/^[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}$/), segment: text, owner: text, language: fc.constantFrom(null, 'de', 'en'), country: fc.constantFrom(null, 'DE', 'AT') }),
        fc.record({ name: fc.stringMatching(/^[A-Z][a-z]{2,8}$/), segment: text, owner: text, language: fc.constantFrom(null, 'de', 'en'), country: fc.constantFrom(null, 'CH') }),
        fc.boolean(),
        fc.boolean(),
        choice,
        async (a, b, numberA, numberB, choices) => {
          run += 1;
          const one = await stored(inbound({ channel: 'email', from: { providerUserId: `p${run}-a@example.test`, handle: `p${run}-a@example.test`, displayName: a.name } }));
          const two = await stored(inbound({ channel: 'chat', from: { providerUserId: `visitor-p${run}`, handle: `P${run}`, displayName: b.name } }));
          await t.db.updateTable('customers').set({ ...a, customer_number: numberA ? `P${run}-A` : null }).where('id', '=', one.customerId).execute();
          await t.db.updateTable('customers').set({ ...b, customer_number: numberB ? `P${run}-B` : null }).where('id', '=', two.customerId).execute();
          okData(await emit(lead, 'customer:consent', { ...mut(two.conversationId), consentId: randomUUID(), customerId: two.customerId, purpose: 'social-profile', source: 'chat', grantedAt: new Date().toISOString() }));
          okData(await emit(lead, 'customer:reward', { ...mut(one.conversationId), rewardId: randomUUID(), code: `P-${run}-${tagOf()}`, customerId: one.customerId, note: 'thanks' }));
          const before = await dumpPair([one.customerId, two.customerId]);
          const { merge } = okData(await emit(agent, 'customer:merge', { survivorId: one.customerId, mergedId: two.customerId, choices }));
          const merged = await dumpPair([one.customerId, two.customerId]);
          expect(merged).not.toEqual(before);
          okData(await emit(agent, 'customer:unmerge', { mergeId: merge.id }));
          expect(await dumpPair([one.customerId, two.customerId])).toEqual(before);
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('Social Customer Score', () => {
  it('feeds queue priority; profile figures count only with a social-profile consent', async () => {
    const since = new Date(Date.now() - 1000);
    const x = await stored(
      inbound({
        channel: 'x',
        kind: 'mention',
        from: { providerUserId: '880001', handle: '@superfan', displayName: 'Super Fan' },
        body: '@brand love the new Nova 12, great service, thanks!',
        channelMeta: { tweetId: '1', author: { followersCount: 500_000, verified: true } },
      }),
    );
    await sweepScores(t.db, since);
    const priority = async () => (await t.db.selectFrom('conversations').select('priority').where('id', '=', x.conversationId).executeTakeFirstOrThrow()).priority;
    const without = await priority();
    const row = await t.db.selectFrom('customers').select(['score_inputs', 'priority_boost']).where('id', '=', x.customerId).executeTakeFirstOrThrow();
    expect(row.score_inputs).toMatchObject({ followers: 500_000, verified: true, messages90d: 1, mentionsDetected: 1 });
    expect(without).toBe(row.priority_boost);
    expect(without).toBeGreaterThan(0);

    const { consent } = okData(await emit(agent, 'customer:consent', { ...mut(x.conversationId), consentId: randomUUID(), customerId: x.customerId, identityId: x.identityId, purpose: 'social-profile', source: 'DM on X', grantedAt: new Date().toISOString() }));
    const withConsent = await priority();
    expect(withConsent).toBeGreaterThan(without + 5);
    // The console computes the same score from the synced inputs.
    const { changes } = await pullAll(lead, 0);
    const latest = changes.filter((c) => c.entity === 'customer' && c.data.id === x.customerId).at(-1);
    expect(latest?.entity === 'customer' && scoreOf(latest.data.scoreInputs, true).priorityBoost).toBe(withConsent);
    // Revoked: the figures stop counting for the score (the raised priority of the open conversation stays).
    okData(await emit(agent, 'customer:consent-revoke', { ...mut(x.conversationId), consentId: consent.id }));
    expect((await t.db.selectFrom('customers').select('priority_boost').where('id', '=', x.customerId).executeTakeFirstOrThrow()).priority_boost).toBe(without);
    // A new conversation of this customer starts with the boost.
    const next = await stored(inbound({ channel: 'x', kind: 'message', from: { providerUserId: '880001', handle: '@superfan', displayName: 'Super Fan' }, body: 'DM' }));
    expect((await t.db.selectFrom('conversations').select('priority').where('id', '=', next.conversationId).executeTakeFirstOrThrow()).priority).toBe(without);
  });

  it('grants a coupon that shows in the change log, refusing a code issued before', async () => {
    const c = await stored(inbound({ channel: 'email', from: { providerUserId: 'fan@example.test', handle: 'fan@example.test', displayName: 'Fan' } }));
    const first = { ...mut(c.conversationId), rewardId: randomUUID(), customerId: c.customerId, note: 'Great review', code: 'THANKS-2026' };
    const { reward } = okData(await emit(agent, 'customer:reward', first));
    expect(reward).toMatchObject({ code: 'THANKS-2026', kind: 'coupon' });
    // The outbox's retry after a lost acknowledgement gets the same answer and stores nothing twice.
    expect(okData(await emit(agent, 'customer:reward', first)).reward).toEqual(reward);
    expect(await t.db.selectFrom('customer_rewards').select('id').where('code', '=', 'THANKS-2026').execute()).toHaveLength(1);
    errorOf(await emit(agent, 'customer:reward', { ...first, ...mut(c.conversationId), rewardId: randomUUID() }), 'conflict');
    errorOf(await emit(agent, 'customer:reward', { ...first, ...mut(c.conversationId), code: 'lower case' }), 'bad_request');
    // Through the batch the outbox sends, too.
    const batch = okData(
      await emit(agent, 'mutation:batch', {
        mutations: [{ seq: 1, name: 'customer:reward', payload: { ...first, ...mut(c.conversationId), rewardId: randomUUID(), code: 'BATCH-0001' } }],
      }),
    );
    expect(batch.results[0]).toMatchObject({ ok: true, data: { reward: { code: 'BATCH-0001' } } });
  });
});

describe('CRM integration', () => {
  it('refuses callers without the API key or an admin session', async () => {
    expect((await crm('/api/crm/customers.csv', { token: null })).status).toBe(401);
    expect((await crm('/api/crm/customers.csv', { token: await t.tokenFor(t.users.agentA) })).status).toBe(403);
    const wrongKey = await fetch(`${t.url}/api/crm/customers.csv`, { headers: { 'x-api-key': 'not-the-key-not-the-key-123' } });
    expect(wrongKey.status).toBe(401);
    const notJson = await crm('/api/crm/customers/K-9999', { method: 'PUT', body: 'name,segment\nX,y' });
    expect(notJson.status).toBe(400);
    const badPhone = await crm('/api/crm/customers/K-9999', { method: 'PUT', body: JSON.stringify({ name: 'X', phones: ['12'] }) });
    expect(((await badPhone.json()) as { error: { message: string } }).error.message).toContain('"12" is not a valid phone number');
    expect(await t.db.selectFrom('customers').select('id').where('customer_number', '=', 'K-9999').executeTakeFirst()).toBeUndefined();
  });

  it('imports a CSV file whole or not at all, and exports what it learned', async () => {
    const bad = 'customer_number,name,emails\nK-2001,Mara Vogt,mara@example.test\nK-2002,Olaf,not-an-address\n';
    const refused = await crm('/api/crm/customers.csv', { method: 'POST', body: bad });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/row 3: emails\.0 "not-an-address" is not an email address/);
    expect(await t.db.selectFrom('customers').select('id').where('customer_number', '=', 'K-2001').executeTakeFirst()).toBeUndefined();

    const good = 'customer_number,name,segment,owner,emails,phones\nK-2001,Mara Vogt,b2b,Sven (CRM),mara@example.test,+49 30 5550100\n"K-2003","Nils ""N."" Roth",,,,\nK-2004,=HYPERLINK(1),,,,\n';
    const ok = await crm('/api/crm/customers.csv', { method: 'POST', body: good });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ imported: 3, conflicts: [] });
    const exported = await (await crm('/api/crm/customers.csv')).text();
    expect(exported.split('\r\n')[0]).toBe('customer_number,name,segment,owner,language,country,emails,phones,score,id');
    expect(exported).toContain('K-2001,Mara Vogt,b2b,Sven (CRM),,,mara@example.test,+49305550100,');
    expect(exported).toContain('"Nils ""N."" Roth"');
    // A cell a spreadsheet would run as a formula is defused.
    expect(exported).toContain("K-2004,'=HYPERLINK(1),");
    // The mail Mara then sends joins the imported customer (verified address).
    const mail = await stored(inbound({ channel: 'email', from: { providerUserId: 'mara@example.test', handle: 'mara@example.test', displayName: 'Mara Vogt' } }));
    const view = (await (await crm('/api/crm/customers/K-2001')).json()) as { customer: { id: string }; identities: { channel: string }[] };
    expect(view.customer.id).toBe(mail.customerId);
    expect(view.identities.map((i) => i.channel).sort()).toEqual(['email', 'phone']);
  });
});

const NEEDLES = ['Sommerfeld', 'greta.sommerfeld@example.test', '+4915198765432', '0151 98765432', '4915198765432', 'A-77121', 'Blumenweg'];

/** Every row of every table of the hub's database, as JSON text (bytea as hex, so searched as hex too). */
async function dumpDatabase(): Promise<string> {
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(table_name)} x`.execute(t.db);
    parts.push(...rows.rows.map((r) => `${table_name}: ${r.j}`));
  }
  return parts.join('\n');
}

async function dumpCache(db: SwitchboardDb): Promise<string> {
  const parts: string[] = [];
  for (const table of db.tables) parts.push(JSON.stringify(await table.toArray()));
  return parts.join('\n');
}

const traces = (text: string) =>
  NEEDLES.filter((n) => text.toLowerCase().includes(n.toLowerCase()) || text.includes(Buffer.from(n).toString('hex')));

describe('DSGVO: export and erase', () => {
  it('exports everything about a customer to leads only', async () => {
    const c = await stored(inbound({ channel: 'email', from: { providerUserId: 'exp@example.test', handle: 'exp@example.test', displayName: 'Ex Port' }, body: 'Export me' }));
    errorOf(await emit(agent, 'customer:export', { customerId: c.customerId }), 'forbidden');
    const data = okData(await emit(lead, 'customer:export', { customerId: c.customerId }));
    expect(data.messages.map((m) => m.body)).toContain('Export me');
    expect(data.identities.map((i) => i.handle)).toContain('exp@example.test');
    const http = await fetch(`${t.url}/api/customers/${c.customerId}/export`, { headers: { authorization: `Bearer ${await t.tokenFor(t.users.lead)}` } });
    expect(http.headers.get('content-disposition')).toContain('attachment');
    expect(((await http.json()) as { customer: { name: string } }).customer.name).toBe('Ex Port');
    const asAgent = await fetch(`${t.url}/api/customers/${c.customerId}/export`, { headers: { authorization: `Bearer ${await t.tokenFor(t.users.agentA)}` } });
    expect(asAgent.status).toBe(403);
  });

  it('erase leaves no trace of the customer in the hub database or a console cache, and keeps the audit entry', async () => {
    // A console (lead) that has everything cached.
    const cache = new SwitchboardDb(`erase-${randomUUID()}`);
    let online = false;
    const engine = new SyncEngine(cache, { hubUrl: t.url, token: await t.tokenFor(t.users.lead), onStatus: (s) => (online = s.kind === 'online'), log: () => undefined });
    engine.start();
    try {
      const mail = await stored(
        inbound({
          channel: 'email',
          department: 'support',
          from: { providerUserId: 'greta.sommerfeld@example.test', handle: 'greta.sommerfeld@example.test', displayName: 'Greta Sommerfeld' },
          subject: 'Bestellung A-77121',
          body: 'Hallo, wo bleibt A-77121? Lieferadresse Blumenweg 3.\n--\nGreta Sommerfeld\n0151 98765432',
          channelMeta: { from: 'greta.sommerfeld@example.test', fromName: 'Greta Sommerfeld' },
        }),
      );
      const chat = await stored(inbound({ channel: 'chat', department: 'support', from: { providerUserId: `visitor-${randomUUID()}`, handle: 'greta.sommerfeld@example.test', displayName: 'Greta S. Sommerfeld' }, body: 'Noch mal wegen A-77121' }));
      const wa = await stored(inbound({ channel: 'whatsapp', department: 'support', from: { providerUserId: '4915198765432', handle: '+4915198765432', displayName: 'Greta' }, body: 'Hier Greta Sommerfeld' }));
      okData(await emit(agent, 'customer:merge', { survivorId: mail.customerId, mergedId: chat.customerId, choices: {} }));
      okData(await emit(agent, 'customer:merge', { survivorId: mail.customerId, mergedId: wa.customerId, choices: {} }));
      const replyId = randomUUID();
      okData(await emit(agent, 'message:send', { clientId: 'erase-test-1', mutationId: randomUUID(), conversationId: mail.conversationId, messageId: replyId, body: 'Liebe Frau Sommerfeld, A-77121 ist unterwegs.' }));
      // In demo mode the mail sender captures a reply it cannot send as a file named after the message.
      const captured = join(t.dataDir, 'email-outbox', `${replyId}.eml`);
      await mkdir(dirname(captured), { recursive: true });
      await writeFile(captured, 'To: greta.sommerfeld@example.test\n\nLiebe Frau Sommerfeld');
      await t.db.updateTable('messages').set({ channel_meta: JSON.stringify({ captured }) }).where('id', '=', replyId).execute();
      okData(await emit(lead, 'customer:consent', { ...mut(mail.conversationId), consentId: randomUUID(), customerId: mail.customerId, purpose: 'social-profile', source: 'Mail von greta.sommerfeld@example.test', grantedAt: new Date().toISOString() }));
      okData(await emit(lead, 'customer:reward', { ...mut(mail.conversationId), rewardId: randomUUID(), code: 'SORRY-SOMMER', customerId: mail.customerId, note: 'Sorry, Frau Sommerfeld' }));
      okData(await emit(lead, 'customer:update', { ...mut(mail.conversationId), customerId: mail.customerId, patch: { customerNumber: 'K-SOMMERFELD', segment: 'vip' } }));

      // Rows other features keep about her: a promised callback (switch to phone) and an early-warning alert quoting her.
      await t.db
        .insertInto('callbacks')
        .values({
          id: randomUUID(),
          conversation_id: wa.conversationId,
          customer_id: wa.customerId,
          assignee_id: null,
          created_by: t.users.agentA.id,
          due_at: new Date(Date.now() + 3_600_000),
          number: '+4915198765432',
          ext: null,
          customer_time_zone: 'Europe/Berlin',
          note: 'Frau Sommerfeld zurückrufen',
          status: 'open',
          escalated_at: null,
          done_call_id: null,
          done_at: null,
          version: 1,
          updated_at: new Date(),
        })
        .execute();
      await t.db
        .insertInto('lead_alerts')
        .values({ id: randomUUID(), kind: 'volume_spike', topic: 'delivery', summary: '3 messages', messages: JSON.stringify([{ messageId: wa.messageId, conversationId: wa.conversationId, body: 'Hier Greta Sommerfeld', at: new Date().toISOString() }]) })
        .execute();

      const synced = async () => online && (await readCursor(cache)) >= (await headSyncId(t.db));
      await eventually('the console to cache the customer', synced);
      // The searches can find what they look for: before the erasure every trace is there.
      expect(traces(await dumpDatabase())).toEqual(NEEDLES);
      expect(traces(await dumpCache(cache))).toEqual(expect.arrayContaining(['Sommerfeld', 'greta.sommerfeld@example.test', 'A-77121']));

      errorOf(await emit(agent, 'customer:erase', { customerId: mail.customerId, confirmName: 'Greta Sommerfeld' }), 'forbidden');
      errorOf(await emit(lead, 'customer:erase', { customerId: mail.customerId, confirmName: 'Someone else' }), 'bad_request');
      okData(await emit(lead, 'customer:erase', { customerId: mail.customerId, confirmName: 'greta sommerfeld' }));

      expect(traces(await dumpDatabase())).toEqual([]);
      expect(existsSync(captured)).toBe(false);
      await eventually('the console to apply the erasure', synced);
      expect(traces(await dumpCache(cache))).toEqual([]);
      const cached = await cache.customers.get(mail.customerId);
      expect(cached).toMatchObject({ name: 'Erased customer' });
      expect((await cache.messages.where('[conversationId+createdAt]').between([mail.conversationId, ''], [mail.conversationId, '\uffff']).toArray()).map((m) => m.body)).toEqual(
        expect.arrayContaining(['[erased]']),
      );
      const audit = await t.db.selectFrom('customer_audit').select(['action', 'detail']).where('customer_id', '=', mail.customerId).where('action', '=', 'erase').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.detail).toMatchObject({ customers: 3, identities: 3 });
      // The conversations stay (statistics, colleagues' notes), with nothing personal in them.
      expect(await t.db.selectFrom('conversations').select('snippet').where('id', '=', wa.conversationId).executeTakeFirstOrThrow()).toEqual({ snippet: '[erased]' });
    } finally {
      engine.stop();
      cache.close();
    }
  });
});
