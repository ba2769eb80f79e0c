/**
 * Live sync on the real hub: pokes that carry their commit's changes (in log order, contiguous,
 * filtered per viewer exactly like a pull), and group-committed ingest (concurrent messages share
 * transactions, idempotency and per-message results unchanged). Runs on PGlite, and on PostgreSQL
 * when TEST_DATABASE_URL is set (real concurrency: a pool of connections).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POKE_BATCH_MAX, type Change, type SyncPoke } from '../../../src-shared/index.js';
import { appendChanges } from '../../../src-hub/store/changes.js';
import { headSyncId } from '../../../src-hub/store/changes.js';
import { countRows, emit, envelope, inbound, okData, pullAll, startTestHub, type TestHub, type TestSocket } from './harness.js';

/** Every poke a socket receives from now on. */
function recordPokes(socket: TestSocket): SyncPoke[] {
  const pokes: SyncPoke[] = [];
  socket.on('sync:poke', (p) => pokes.push(p));
  return pokes;
}

async function until(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * What a console would store from its pokes alone, starting at `cursor`: batches applied only when
 * they continue the cursor exactly. Returns the changes and where it got to.
 */
function applyInline(pokes: SyncPoke[], cursor: number): { changes: Change[]; cursor: number; skipped: number } {
  const changes: Change[] = [];
  let skipped = 0;
  for (const poke of pokes) {
    if (poke.batch && poke.batch.from === cursor) {
      changes.push(...poke.batch.changes);
      cursor = poke.head;
    } else if (poke.head > cursor) skipped++;
  }
  return { changes, cursor, skipped };
}

function liveSyncSuite(start: () => Promise<TestHub>, stop: () => Promise<void> = async () => undefined): void {
  let t: TestHub;
  let a: TestSocket;
  let lead: TestSocket;

  beforeAll(async () => {
    t = await start();
    [a, lead] = await Promise.all([t.connectAs(t.users.agentA), t.connectAs(t.users.lead)]).then((list) => list.map((c) => c.socket));
  });

  afterAll(async () => {
    await t?.close();
    await stop();
  });

  describe('pokes with inline batches', () => {
    it('carry exactly what a pull returns, in log order and contiguous, for each viewer', async () => {
      const cursor = await headSyncId(t.db);
      const [pokesA, pokesLead] = [recordPokes(a), recordPokes(lead)];
      // Sales is not Anna's department: she must see a purge for those conversations, no messages.
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => t.hub.ingest(inbound({ sender: `live-${i % 7}-${randomUUID()}`, department: i % 3 === 0 ? 'sales' : 'support' }))),
      );
      const head = Math.max(...results.map((r) => (r.status === 'stored' ? r.head : 0)));
      await until('pokes up to the head', () => pokesA.at(-1)?.head === head && pokesLead.at(-1)?.head === head);

      for (const [socket, pokes] of [
        [a, pokesA],
        [lead, pokesLead],
      ] as const) {
        const inline = applyInline(pokes, cursor);
        expect(inline.skipped).toBe(0);
        expect(inline.cursor).toBe(head);
        expect(inline.changes).toEqual((await pullAll(socket, cursor)).changes);
      }
      const anna = applyInline(pokesA, cursor).changes;
      expect(anna.some((c) => c.entity === 'purge')).toBe(true);
      expect(anna.filter((c) => c.entity === 'message').every((c) => c.entity === 'message' && results.some((r) => r.messageId === c.data.id))).toBe(true);
      expect(anna.filter((c) => c.entity === 'message').length).toBeLessThan(applyInline(pokesLead, cursor).changes.filter((c) => c.entity === 'message').length);
    });

    it('sends no pokes to a request-only socket (auth.sync false), which still answers requests', async () => {
      const requestOnly: TestSocket = io(t.url, { auth: { token: await t.tokenFor(t.users.lead), sync: false }, transports: ['websocket'], forceNew: true, reconnection: false });
      try {
        await new Promise<void>((resolve, reject) => {
          requestOnly.once('connect', () => resolve());
          requestOnly.once('connect_error', reject);
        });
        const [pokesLead, pokesRequestOnly] = [recordPokes(lead), recordPokes(requestOnly)];
        const stored = await t.hub.ingest(inbound({ sender: `request-only-${randomUUID()}` }));
        if (stored.status !== 'stored') throw new Error('expected stored');
        await until('the lead console’s poke', () => pokesLead.some((p) => p.head >= stored.head));
        // A second commit and its poke: pokes go out in order, so the first one had its chance too.
        const second = await t.hub.ingest(inbound({ sender: `request-only-${randomUUID()}` }));
        if (second.status !== 'stored') throw new Error('expected stored');
        await until('the second poke', () => pokesLead.some((p) => p.head >= second.head));
        expect(pokesRequestOnly).toEqual([]);
        expect(okData(await emit(requestOnly, 'queue:stats', {}))).toBeDefined();
      } finally {
        requestOnly.close();
      }
    });

    it('announces a commit too large for a poke without a batch, and resumes batches after it', async () => {
      const pokes = recordPokes(lead);
      const before = await headSyncId(t.db);
      // A commit with more rows than a poke carries (a lead's bulk action, a large import).
      const users = Array.from({ length: POKE_BATCH_MAX + 1 }, () => ({ entity: 'customer' as const, data: { id: randomUUID(), name: 'Bulk', language: null, country: null } }));
      const big = await t.db.transaction().execute((trx) => appendChanges(trx, users));
      t.hub.realtime.poke(big);
      await until('the big poke', () => pokes.some((p) => p.head >= big));
      expect(pokes.find((p) => p.head >= big)).toEqual({ head: big });

      const small = await t.hub.ingest(inbound({ sender: `after-big-${randomUUID()}` }));
      if (small.status !== 'stored') throw new Error('expected stored');
      await until('the next poke', () => pokes.some((p) => p.head === small.head));
      const next = pokes.find((p) => p.head === small.head)!;
      expect(next.batch?.from).toBe(big);
      expect(next.batch?.changes).toEqual((await pullAll(lead, big)).changes);
      expect(before).toBeLessThan(big);
    });

    it('sends an agent who lost access a purge inline, never the message', async () => {
      const pokes = recordPokes(a);
      const stored = await t.hub.ingest(inbound({ sender: `transfer-${randomUUID()}` }));
      if (stored.status !== 'stored') throw new Error('expected stored');
      okData(await emit(lead, 'conversation:transfer', { ...envelope('live-lead-1'), conversationId: stored.conversationId, departmentId: 'sales' }));
      await until('the transfer poke', () => pokes.some((p) => p.batch?.changes.some((c) => c.entity === 'purge' && c.data.id === stored.conversationId) ?? false));
      const after = await t.hub.ingest(inbound({ sender: `transfer-other-${randomUUID()}` }));
      await until('the next poke', () => pokes.some((p) => after.status === 'stored' && p.head === after.head));
      const seen = pokes.flatMap((p) => p.batch?.changes ?? []);
      expect(seen.some((c) => c.entity === 'conversation' && c.data.id === stored.conversationId && c.data.departmentId === 'sales')).toBe(false);
    });
  });

  describe('who a poke is for', () => {
    it('follows changes to her account and sessions made anywhere, from the very next poke', async () => {
      const agent = await t.addUser({ email: `viewer-${randomUUID()}@example.test`, departments: ['support'] });
      const { socket } = await t.connectAs(agent);
      const pokes = recordPokes(socket);
      const storedFor = async (department: 'support' | 'sales') => {
        const r = await t.hub.ingest(inbound({ sender: `viewer-${randomUUID()}`, department }));
        if (r.status !== 'stored') throw new Error('expected stored');
        await until('its poke', () => pokes.some((p) => p.head >= r.head));
        return { r, poke: pokes.find((p) => p.head >= r.head)! };
      };
      const sees = (poke: SyncPoke, messageId: string) => poke.batch?.changes.some((c) => c.entity === 'message' && c.data.id === messageId) ?? false;

      const before = await storedFor('sales');
      expect(sees(before.poke, before.r.messageId)).toBe(false);
      // Straight in the database, bypassing the hub's services: her teams change…
      await t.db.updateTable('users').set({ departments: ['support', 'sales'] }).where('id', '=', agent.id).execute();
      const widened = await storedFor('sales');
      expect(sees(widened.poke, widened.r.messageId)).toBe(true);
      // …her account is disabled: announcements only, no data…
      await t.db.updateTable('users').set({ disabled: true }).where('id', '=', agent.id).execute();
      const disabled = await storedFor('support');
      expect(disabled.poke.batch).toBeUndefined();
      await t.db.updateTable('users').set({ disabled: false }).where('id', '=', agent.id).execute();
      const enabled = await storedFor('support');
      expect(sees(enabled.poke, enabled.r.messageId)).toBe(true);
      // …her session is revoked.
      await t.db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', agent.id).execute();
      const revoked = await storedFor('support');
      expect(revoked.poke.batch).toBeUndefined();
      socket.close();
    });
  });

  describe('group-committed ingest', () => {
    it('stores concurrent messages in shared transactions with the single path’s results', async () => {
      const before = { messages: await countRows(t.db, 'messages'), changes: await countRows(t.db, 'changes') };
      const sender = `group-${randomUUID()}`;
      const messages = Array.from({ length: 60 }, (_, i) => inbound({ sender: i % 2 === 0 ? sender : `group-other-${i}-${randomUUID()}` }));
      // Redeliveries in the same burst: the same provider message three times.
      const redelivered = messages[4]!;
      const results = await Promise.all([...messages, redelivered, redelivered].map((m) => t.hub.ingest(m)));

      const stored = results.filter((r) => r.status === 'stored');
      expect(stored).toHaveLength(60);
      expect(results.slice(60)).toEqual([
        { status: 'duplicate', conversationId: results[4]!.conversationId, messageId: results[4]!.messageId },
        { status: 'duplicate', conversationId: results[4]!.conversationId, messageId: results[4]!.messageId },
      ]);
      // Grouped: fewer commits than messages (each commit has one head).
      const heads = new Set(stored.map((r) => (r.status === 'stored' ? r.head : 0)));
      expect(heads.size).toBeLessThan(stored.length);
      // One conversation for the repeated sender, its version counting every message.
      const mine = new Set(results.filter((_, i) => i < 60 && i % 2 === 0).map((r) => r.conversationId));
      expect(mine.size).toBe(1);
      const conversation = await t.db.selectFrom('conversations').selectAll().where('id', '=', [...mine][0]!).executeTakeFirstOrThrow();
      expect(conversation.version).toBe(30);
      expect(await countRows(t.db, 'messages')).toBe(before.messages + 60);

      // The log holds every message and the conversation's final state, gap-free and in order.
      const pulled = await pullAll(lead, 0);
      const ids = new Set(pulled.changes.filter((c) => c.entity === 'message').map((c) => c.data.id));
      for (const r of stored) expect(ids.has(r.messageId)).toBe(true);
      const last = pulled.changes.filter((c) => c.entity === 'conversation' && c.data.id === conversation.id).at(-1);
      expect(last?.entity === 'conversation' && last.data.version).toBe(30);
      expect(await countRows(t.db, 'changes')).toBeGreaterThan(before.changes + 60);
    });

    it('refuses an invalid message on its own while the valid ones of the same burst are stored', async () => {
      const good = Array.from({ length: 5 }, (_, i) => inbound({ sender: `mixed-${i}-${randomUUID()}` }));
      const bad = { ...inbound({ sender: 'mixed-bad' }), providerMessageId: '' };
      const settled = await Promise.allSettled([...good.map((m) => t.hub.ingest(m)), t.hub.ingest(bad)]);
      expect(settled.slice(0, 5).every((s) => s.status === 'fulfilled' && s.value.status === 'stored')).toBe(true);
      expect(settled[5]).toMatchObject({ status: 'rejected', reason: { code: 'bad_request' } });
    });

    it('creates first-time senders in a burst as a message stored alone would, and links verified addresses', async () => {
      const at = new Date(Date.now() - 60_000);
      const message = (sender: string, extra: Partial<Parameters<TestHub['hub']['ingest']>[0]> = {}) =>
        inbound({ sender, body: 'Wo bleibt meine Lieferung?', receivedAt: at, department: 'sales', priority: 40, customer: { language: 'de', country: 'DE' }, ...extra });
      // What a conversation, its customer, identity and work events look like, without ids and names.
      const shape = async (conversationId: string) => {
        const c = await t.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
        const customer = await t.db.selectFrom('customers').select(['language', 'country', 'priority_boost', 'merged_into']).where('id', '=', c.customer_id).executeTakeFirstOrThrow();
        const identity = await t.db.selectFrom('identities').select(['channel', 'customer_id']).where('id', '=', c.identity_id).executeTakeFirstOrThrow();
        const events = await t.db.selectFrom('work_events').select('kind').where('conversation_id', '=', conversationId).execute();
        const { id, customer_id, identity_id, created_at, updated_at, ...rest } = c;
        return { conversation: rest, customer, identity: { channel: identity.channel, ownCustomer: identity.customer_id === customer_id }, events: events.map((e) => e.kind) };
      };
      const alone = await t.hub.ingest(message(`alone-${randomUUID()}`));
      const head = await headSyncId(t.db);
      const linkedAddress = `linked-${randomUUID().slice(0, 8)}@example.test`;
      const known = await t.hub.ingest(message(linkedAddress, { channel: 'email', from: { providerUserId: linkedAddress, handle: linkedAddress, displayName: null } }));
      const burst = await Promise.all([
        ...Array.from({ length: 12 }, () => t.hub.ingest(message(`burst-${randomUUID()}`))),
        // The same address in capitals: a verified email that an existing customer holds.
        t.hub.ingest(message(linkedAddress.toUpperCase(), { channel: 'email', from: { providerUserId: linkedAddress.toUpperCase(), handle: linkedAddress.toUpperCase(), displayName: null } })),
      ]);
      expect(new Set(burst.map((r) => (r.status === 'stored' ? r.head : 0))).size).toBeLessThan(burst.length);

      const expected = await shape(alone.conversationId);
      expect(expected.conversation).toMatchObject({ status: 'open', version: 1, priority: 40, department_id: 'sales', assignee_id: null, snippet: 'Wo bleibt meine Lieferung?' });
      expect(new Date(expected.conversation.waiting_since!).getTime()).toBe(at.getTime());
      for (const r of burst.slice(0, 12)) expect(await shape(r.conversationId)).toEqual(expected);
      const linked = await t.db.selectFrom('conversations').select('customer_id').where('id', 'in', [known.conversationId, burst[12]!.conversationId]).execute();
      expect(linked).toHaveLength(2);
      expect(linked[0]!.customer_id).toBe(linked[1]!.customer_id);

      // The log carries each new sender's customer and identity before its conversation.
      const pulled = await pullAll(lead, head);
      for (const r of burst.slice(0, 12)) {
        const conversationAt = pulled.changes.findIndex((c) => c.entity === 'conversation' && c.data.id === r.conversationId);
        const conversation = pulled.changes[conversationAt]!;
        if (conversation.entity !== 'conversation') throw new Error('no conversation change');
        const customerAt = pulled.changes.findIndex((c) => c.entity === 'customer' && c.data.id === conversation.data.customerId);
        const identityAt = pulled.changes.findIndex((c) => c.entity === 'identity' && c.data.id === conversation.data.identityId);
        expect(customerAt).toBeGreaterThanOrEqual(0);
        expect(identityAt).toBeGreaterThan(customerAt);
        expect(conversationAt).toBeGreaterThan(identityAt);
        expect(pulled.changes.some((c) => c.entity === 'message' && c.data.id === r.messageId)).toBe(true);
      }
    });
  });
}

describe('live sync on PGlite', () => {
  liveSyncSuite(() => startTestHub());
});

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)('live sync on PostgreSQL', () => {
  let admin: pg.Client;
  let database = '';
  liveSyncSuite(
    async () => {
      admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      database = `sb_test_${randomBytes(6).toString('hex')}`;
      await admin.query(`create database ${database}`);
      const url = new URL(baseUrl!);
      url.pathname = `/${database}`;
      return startTestHub({ database: { kind: 'postgres', url: url.toString() } });
    },
    async () => {
      if (!admin) return;
      if (database) await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    },
  );
});
