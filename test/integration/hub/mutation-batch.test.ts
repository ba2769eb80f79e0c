/**
 * `mutation:batch` against the real hub: each item answered as its single event would be, in
 * order — replays, refusals that do not block the items behind them, the stale-send guard, role and
 * visibility checks per item, and a transient failure mid-batch that stops the batch there so a
 * retry from that item applies everything exactly once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_BATCH_MUTATIONS,
  type Ack,
  type Conversation,
  type MutationBatchRequest,
  type MutationName,
  type SendReplyRequest,
  type SendReplyResult,
} from '../../../src-shared/index.js';
import { emit, emitRaw, envelope, errorOf, inbound, okData, pullAll, startTestHub, waitFor, type TestHub, type TestSocket } from './harness.js';

const pgUrl = process.env.TEST_DATABASE_URL;

/** The same suite on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL (see postgres.test.ts). */
const targets: { name: string; skip: boolean; open: () => Promise<{ t: TestHub; dispose: () => Promise<void> }> }[] = [
  { name: 'PGlite', skip: false, open: async () => ({ t: await startTestHub(), dispose: async () => undefined }) },
  {
    name: 'PostgreSQL',
    skip: !pgUrl,
    open: async () => {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      const database = `sb_test_${randomBytes(6).toString('hex')}`;
      await admin.query(`create database ${database}`);
      const url = new URL(pgUrl!);
      url.pathname = `/${database}`;
      const t = await startTestHub({ database: { kind: 'postgres', url: url.toString() } });
      return {
        t,
        dispose: async () => {
          // Without `force`: the hub has closed its pool by now, and a forced drop would kill
          // connections still closing (their clients report the kill as unhandled errors).
          for (let attempt = 0; ; attempt += 1) {
            try {
              await admin.query(`drop database if exists ${database}`);
              break;
            } catch (error) {
              if (attempt >= 20) throw error;
              await new Promise((resolve) => setTimeout(resolve, 250));
            }
          }
          await admin.end();
        },
      };
    },
  },
];

for (const target of targets) {
describe.skipIf(target.skip)(`mutation:batch on ${target.name}`, () => {
let t: TestHub;
let a: TestSocket;
let b: TestSocket;
let lead: TestSocket;
let sales: TestSocket;
let dispose: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  ({ t, dispose } = await target.open());
  const salesAgent = await t.addUser({ email: 'sales@example.test', departments: ['sales'] });
  [a, b, lead, sales] = await Promise.all([t.connectAs(t.users.agentA), t.connectAs(t.users.agentB), t.connectAs(t.users.lead), t.connectAs(salesAgent)]).then(
    (list) => list.map((c) => c.socket),
  );
});

afterAll(async () => {
  await t?.close();
  await dispose();
});

const CLIENT = 'console-batch-a1';

async function newConversation(sender = `batch-${randomUUID()}`): Promise<Conversation> {
  const result = await t.hub.ingest(inbound({ sender }));
  if (result.status !== 'stored') throw new Error('expected a stored message');
  const { changes } = await pullAll(lead, result.head - 1);
  const change = changes.find((c) => c.entity === 'conversation' && c.data.id === result.conversationId);
  if (!change || change.entity !== 'conversation') throw new Error('conversation missing from the change log');
  return change.data;
}

const reply = (conversationId: string, body: string, extra: Partial<SendReplyRequest> = {}): SendReplyRequest => ({
  ...envelope(CLIENT),
  conversationId,
  messageId: randomUUID(),
  body,
  ...extra,
});

let seq = 0;
function batchOf(...items: [MutationName, unknown][]): MutationBatchRequest {
  return { mutations: items.map(([name, payload]) => ({ seq: ++seq, name, payload })) };
}
const sends = (...payloads: SendReplyRequest[]) => batchOf(...payloads.map((p): [MutationName, unknown] => ['message:send', p]));

async function storedBodies(conversationId: string): Promise<string[]> {
  const rows = await t.db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).where('direction', '!=', 'inbound').orderBy('created_at').execute();
  return rows.map((r) => r.body);
}

const codes = (results: Ack<unknown>[]) => results.map((r) => (r.ok ? 'ok' : r.error.code));

describe('items', () => {
  it('applies every item in order in one request and answers each like message:send', async () => {
    const c = await newConversation();
    const items = [reply(c.id, 'one'), reply(c.id, 'two', { direction: 'note' }), reply(c.id, 'three')];
    const headBefore = (await pullAll(a, 0)).cursor;
    const poked = waitFor(b, 'sync:poke');
    const { results } = okData(await emit(a, 'mutation:batch', sends(...items)));
    expect(codes(results)).toEqual(['ok', 'ok', 'ok']);
    const data = results.map((r) => (r as { ok: true; data: SendReplyResult }).data);
    expect(data.map((d) => d.message.id)).toEqual(items.map((i) => i.messageId));
    // Each answer carries the conversation as that item left it.
    expect(data.map((d) => d.conversation.version)).toEqual([c.version + 1, c.version + 2, c.version + 3]);
    expect(data[0]!.conversation.assigneeId).toBe(t.users.agentA.id);
    expect(await storedBodies(c.id)).toEqual(['one', 'two', 'three']);
    // The stored conversation is the one the last item answered with.
    const row = await t.db.selectFrom('conversations').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: c.version + 3, snippet: 'three', assignee_id: t.users.agentA.id, waiting_since: null });
    expect(row.last_message_at.toISOString()).toBe(data[2]!.conversation.lastMessageAt);
    expect((await poked).head).toBeGreaterThan(headBefore);
    // The change log has the messages in the order sent, with the conversation after each.
    const { changes } = await pullAll(a, headBefore);
    // (A reply shows up again later when its delivery is recorded; the first entry is the send.)
    const firstEntries = [...new Set(changes.filter((ch) => ch.entity === 'message').map((ch) => ch.data.id))];
    expect(firstEntries).toEqual(items.map((i) => i.messageId));
  });

  it('replays a repeated batch with the original answers and stores nothing twice', async () => {
    const c = await newConversation();
    const first = sends(reply(c.id, 'again 1'), reply(c.id, 'again 2'));
    const original = okData(await emit(a, 'mutation:batch', first));
    const again = okData(await emit(a, 'mutation:batch', { mutations: first.mutations.map((m) => ({ ...m, seq: ++seq })) }));
    expect(again).toEqual(original);
    // A batch mixing a replay with new work: the replay gets its result, the new item is applied.
    const fresh = reply(c.id, 'again 3');
    const mixed = okData(await emit(a, 'mutation:batch', sends(first.mutations[1]!.payload as SendReplyRequest, fresh)));
    expect(mixed.results[0]).toEqual(original.results[1]);
    expect(codes(mixed.results)).toEqual(['ok', 'ok']);
    expect(await storedBodies(c.id)).toEqual(['again 1', 'again 2', 'again 3']);
  });

  it('answers a mutation first sent as a single event with its original result', async () => {
    const c = await newConversation();
    const single = reply(c.id, 'single first');
    const original = await emit(a, 'message:send', single);
    const { results } = okData(await emit(a, 'mutation:batch', sends(single)));
    expect(results[0]).toEqual(original);
    expect(await storedBodies(c.id)).toEqual(['single first']);
  });

  it('answers a mutation listed twice in one batch once', async () => {
    const c = await newConversation();
    const item = reply(c.id, 'listed twice');
    const { results } = okData(await emit(a, 'mutation:batch', sends(item, item)));
    expect(results[1]).toEqual(results[0]);
    expect(codes(results)).toEqual(['ok', 'ok']);
    expect(await storedBodies(c.id)).toEqual(['listed twice']);
  });

  it('refuses single items (invalid, not allowed, unknown) without blocking the items behind them', async () => {
    const mine = await newConversation();
    const colleagues = await newConversation();
    okData(await emit(b, 'message:send', reply(colleagues.id, 'Ben took it', { clientId: 'console-batch-b1' })));
    const { results } = okData(
      await emit(
        a,
        'mutation:batch',
        batchOf(
          ['message:send', reply(mine.id, 'before')],
          ['message:send', { ...reply(mine.id, 'x'), body: '   ' }],
          ['message:send', reply(colleagues.id, 'not mine')],
          ['conversation:assign', { ...envelope(CLIENT), conversationId: mine.id, assigneeId: t.users.agentB.id }],
          ['message:send', reply(randomUUID(), 'nowhere')],
          ['message:send', reply(mine.id, 'after')],
        ),
      ),
    );
    expect(codes(results)).toEqual(['ok', 'bad_request', 'forbidden', 'forbidden', 'not_found', 'ok']);
    expect((results[1] as { ok: false; error: { message: string } }).error.message).toContain('Invalid message:send request');
    expect(await storedBodies(mine.id)).toEqual(['before', 'after']);
    expect(await storedBodies(colleagues.id)).toEqual(['Ben took it']);
  });

  it('checks visibility per item: an agent outside the department is refused, and nothing is stored', async () => {
    const c = await newConversation();
    const { results } = okData(await emit(sales, 'mutation:batch', sends(reply(c.id, 'from sales', { clientId: 'console-sales-1' }))));
    expect(codes(results)).toEqual(['forbidden']);
    expect(await storedBodies(c.id)).toEqual([]);
  });

  it('holds back a stale reply mid-batch, still sends notes and confirmed replies behind it', async () => {
    const sender = `batch-stale-${randomUUID()}`;
    const c = await newConversation(sender);
    const seen = { lastMessageAt: c.lastMessageAt, assigneeId: null, status: 'open' as const };
    okData(await emit(a, 'mutation:batch', sends(reply(c.id, 'seen it', { seen }))));
    // The customer writes again after what the agent saw (her own reply does not count).
    const again = await t.hub.ingest(inbound({ sender, body: 'hello again' }));
    expect(again).toMatchObject({ status: 'stored', conversationId: c.id });
    const { results } = okData(
      await emit(
        a,
        'mutation:batch',
        sends(reply(c.id, 'stale reply', { seen }), reply(c.id, 'a note', { seen, direction: 'note' }), reply(c.id, 'sent anyway', { seen, confirmed: true })),
      ),
    );
    expect(codes(results)).toEqual(['stale', 'ok', 'ok']);
    expect((results[0] as { ok: false; error: { message: string } }).error.message).toContain('the customer wrote 1 new message');
    expect(await storedBodies(c.id)).toEqual(['seen it', 'a note', 'sent anyway']);
  });

  it('stops at a transient failure: earlier items commit, later ones are not applied, a retry applies each exactly once', async () => {
    const c = await newConversation();
    // A real database failure for one reply body, as a hiccup would look to the hub.
    await sql
      .raw(
        `create or replace function fail_marked() returns trigger language plpgsql as $$
         begin if new.body = 'explodes' then raise exception 'injected failure'; end if; return new; end $$`,
      )
      .execute(t.db);
    await sql.raw('create trigger fail_marked before insert on messages for each row execute function fail_marked()').execute(t.db);
    const items = [reply(c.id, 'first'), reply(c.id, 'explodes'), reply(c.id, 'third'), reply(c.id, 'note', { direction: 'note' })];
    let results: Ack<unknown>[];
    try {
      ({ results } = okData(await emit(a, 'mutation:batch', sends(...items))));
    } finally {
      await sql.raw('drop trigger fail_marked on messages').execute(t.db);
      await sql.raw('drop function fail_marked()').execute(t.db);
    }
    expect(codes(results)).toEqual(['ok', 'internal', 'unavailable', 'unavailable']);
    expect(await storedBodies(c.id)).toEqual(['first']);
    expect(t.logs.some((l) => l.includes('mutation:batch'))).toBe(true);

    // The console retries from the failed item on (and may resend the first, whose ack it lost).
    const retry = okData(await emit(a, 'mutation:batch', sends(...items)));
    expect(codes(retry.results)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(retry.results[0]).toEqual(results[0]);
    expect(await storedBodies(c.id)).toEqual(['first', 'explodes', 'third', 'note']);
  });

  it('keeps each item’s change-log scope when a later item moves the conversation', async () => {
    const c = await newConversation();
    const head = (await pullAll(lead, 0)).cursor;
    const note = reply(c.id, 'note before the transfer', { direction: 'note', clientId: 'console-lead-1' });
    const { results } = okData(
      await emit(
        lead,
        'mutation:batch',
        batchOf(['message:send', note], ['conversation:transfer', { ...envelope('console-lead-1'), conversationId: c.id, departmentId: 'sales' }]),
      ),
    );
    expect(codes(results)).toEqual(['ok', 'ok']);
    const rows = await t.db.selectFrom('changes').select(['entity', 'entity_id', 'department_id']).where('sync_id', '>', head).orderBy('sync_id').execute();
    expect(rows.find((r) => r.entity_id === note.messageId)?.department_id).toBe('support');
    expect(rows.filter((r) => r.entity === 'conversation' && r.entity_id === c.id).map((r) => r.department_id)).toEqual(['support', 'sales']);
  });

  it('refuses a malformed batch as a whole', async () => {
    const c = await newConversation();
    const ok = reply(c.id, 'never sent');
    errorOf(await emit(a, 'mutation:batch', { mutations: [] }), 'bad_request');
    const unordered = sends(reply(c.id, 'x'), ok);
    unordered.mutations.reverse();
    expect(errorOf(await emit(a, 'mutation:batch', unordered), 'bad_request').message).toContain('increasing seq');
    const tooMany = sends(...Array.from({ length: MAX_BATCH_MUTATIONS + 1 }, () => reply(c.id, 'many')));
    errorOf(await emit(a, 'mutation:batch', tooMany), 'bad_request');
    errorOf(await emitRaw(a, 'mutation:batch', { mutations: [{ seq: 1, name: 'user:delete', payload: {} }] }), 'bad_request');
    errorOf(await emitRaw(a, 'mutation:batch', { mutations: [{ seq: 1, name: 'message:send', payload: ok }], extra: 1 }), 'bad_request');
    expect(await storedBodies(c.id)).toEqual([]);
  });
});

describe('concurrency', () => {
  it('answers the same batch delivered twice at once (a late acknowledgement) once, with one result', async () => {
    const c = await newConversation();
    const { socket: a2 } = await t.connectAs(t.users.agentA);
    const request = sends(reply(c.id, 'race 1'), reply(c.id, 'race 2'));
    const [first, second] = await Promise.all([emit(a, 'mutation:batch', request), emit(a2, 'mutation:batch', request)]);
    expect(okData(second)).toEqual(okData(first));
    expect(codes(okData(first).results)).toEqual(['ok', 'ok']);
    expect(await storedBodies(c.id)).toEqual(['race 1', 'race 2']);
  });

  it('runs two batches over the same conversations in opposite orders without a deadlock', async () => {
    const [x, y] = [await newConversation(), await newConversation()];
    const [one, two] = await Promise.all([
      emit(lead, 'mutation:batch', sends(reply(x.id, 'lead x', { clientId: 'console-lead-1', direction: 'note' }), reply(y.id, 'lead y', { clientId: 'console-lead-1', direction: 'note' }))),
      emit(a, 'mutation:batch', sends(reply(y.id, 'anna y', { direction: 'note' }), reply(x.id, 'anna x', { direction: 'note' }))),
    ]);
    expect([...codes(okData(one).results), ...codes(okData(two).results)]).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect((await storedBodies(x.id)).sort()).toEqual(['anna x', 'lead x']);
    expect((await storedBodies(y.id)).sort()).toEqual(['anna y', 'lead y']);
  });
});
});
}
