import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../src-shared/index.js';
import { emit, emitRaw, envelope, errorOf, inbound, okData, pullAll, startTestHub, waitFor, waitForDisconnect, type TestHub, type TestSocket } from './harness.js';

/**
 * Internal notes (issue 5): `#hashtags` tag the conversation, `@Name` mentions are recorded for
 * colleagues who may see it, and tags can be removed — idempotently, with roles and validation.
 */
let t: TestHub;
let lead: TestSocket;
let anna: TestSocket;
let ben: TestSocket;
let sales: TestSocket;
let salesId: string;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: lead } = await t.connectAs(t.users.lead));
  ({ socket: anna } = await t.connectAs(t.users.agentA));
  ({ socket: ben } = await t.connectAs(t.users.agentB));
  const salesUser = await t.addUser({ email: 'sam@example.test', name: 'Sam Sales', departments: ['sales'] });
  salesId = salesUser.id;
  ({ socket: sales } = await t.connectAs(salesUser));
});

afterAll(async () => {
  await t?.close();
});

const note = (conversationId: string, body: string, env = envelope('anna-console')) => ({
  ...env,
  conversationId,
  messageId: crypto.randomUUID(),
  body,
  direction: 'note' as const,
});

describe('internal notes', () => {
  it('turns #hashtags into tags and records @mentions of colleagues who may see the conversation', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-1', department: 'support' }));
    const start = okData(await emit(ben, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const body = '@Ben Agent please check the #Refund and #vip-Customer case, @Sam Sales too; order #12345, mail ben@example.test';
    const sent = okData(await emit(anna, 'message:send', note(r.conversationId, body)));
    expect(sent.conversation.tags).toEqual(['refund', 'vip-customer']);
    // Sam (sales) cannot open a support conversation, so she is not notified; an e-mail address is no mention.
    expect(sent.message.channelMeta.mentions).toEqual([t.users.agentB.id]);
    expect(sent.message.channelMeta.mentions).not.toContain(salesId);
    // A note neither claims the conversation nor moves its queue position.
    expect(sent.conversation.assigneeId).toBeNull();

    // Ben's console receives the note with the mention and the tagged conversation.
    const pulled = await pullAll(ben, start);
    const message = pulled.changes.find((c) => c.entity === 'message' && c.data.id === sent.message.id);
    expect(message?.entity === 'message' && message.data.channelMeta.mentions).toEqual([t.users.agentB.id]);
    const conversation = pulled.changes.findLast((c) => c.entity === 'conversation' && c.data.id === r.conversationId);
    expect(conversation?.entity === 'conversation' && conversation.data.tags).toEqual(['refund', 'vip-customer']);

    // A second note adds only new tags, keeping the order.
    const again = okData(await emit(ben, 'message:send', note(r.conversationId, 'Done #refund #escalated', envelope('ben-console'))));
    expect(again.conversation.tags).toEqual(['refund', 'vip-customer', 'escalated']);
    // A first name works when no colleague shares it; the author never mentions herself.
    const first = okData(await emit(anna, 'message:send', note(r.conversationId, '@lena can you approve? cc @Anna')));
    expect(first.message.channelMeta.mentions).toEqual([t.users.lead.id]);
  });

  it('does not tag through an outbound reply, and a replayed note changes nothing', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-2', department: 'support' }));
    const reply = okData(
      await emit(anna, 'message:send', { ...envelope('anna-console'), conversationId: r.conversationId, messageId: crypto.randomUUID(), body: 'Thanks! #notatag @Ben Agent' }),
    );
    expect(reply.conversation.tags).toEqual([]);
    expect(reply.message.channelMeta.mentions).toBeUndefined();

    const req = note(r.conversationId, '#duplicate @Ben Agent');
    const once = okData(await emit(anna, 'message:send', req));
    const twice = okData(await emit(anna, 'message:send', req));
    expect(twice).toEqual(once);
    const rows = await t.hub.db.selectFrom('messages').select('id').where('conversation_id', '=', r.conversationId).where('direction', '=', 'note').execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a note on a conversation outside the writer’s teams and stores nothing', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-3', department: 'support' }));
    errorOf(await emit(sales, 'message:send', note(r.conversationId, '#hijack', envelope('sales-console'))), 'forbidden');
    const row = await t.hub.db.selectFrom('conversations').select('tags').where('id', '=', r.conversationId).executeTakeFirstOrThrow();
    expect(row.tags).toEqual([]);
  });
});

describe('conversation:untag', () => {
  it('removes a tag, idempotently, for anyone who may see the conversation', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-4', department: 'support' }));
    okData(await emit(anna, 'message:send', note(r.conversationId, '#billing #urgent')));
    const req = { ...envelope('ben-console'), conversationId: r.conversationId, tag: 'billing' };
    const removed = okData(await emit(ben, 'conversation:untag', req));
    expect(removed.conversation.tags).toEqual(['urgent']);
    // The replay answers the original result instead of "no such tag".
    expect(okData(await emit(ben, 'conversation:untag', req))).toEqual(removed);
    // Through the outbox's batch, with the same rules.
    const batch = okData(
      await emit(lead, 'mutation:batch', { mutations: [{ seq: 1, name: 'conversation:untag', payload: { ...envelope('lead-console'), conversationId: r.conversationId, tag: 'urgent' } }] }),
    );
    expect(batch.results[0]?.ok && (batch.results[0].data as { conversation: { tags: string[] } }).conversation.tags).toEqual([]);
  });

  it('validates the request and checks who asks', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-5', department: 'support' }));
    okData(await emit(anna, 'message:send', note(r.conversationId, '#keep')));
    errorOf(await emit(anna, 'conversation:untag', { ...envelope('anna-console'), conversationId: r.conversationId, tag: 'missing' }), 'not_found');
    errorOf(await emitRaw(anna, 'conversation:untag', { ...envelope('anna-console'), conversationId: 'not-a-uuid', tag: 'keep' }), 'bad_request');
    errorOf(await emitRaw(anna, 'conversation:untag', { ...envelope('anna-console'), conversationId: r.conversationId, tag: '' }), 'bad_request');
    errorOf(await emit(sales, 'conversation:untag', { ...envelope('sales-console'), conversationId: r.conversationId, tag: 'keep' }), 'forbidden');
    const row = await t.hub.db.selectFrom('conversations').select('tags').where('id', '=', r.conversationId).executeTakeFirstOrThrow();
    expect(row.tags).toEqual(['keep']);
  });
});

describe('canned responses', () => {
  it('leads save and delete them; every console gets them through the change log and the queue snapshot', async () => {
    const start = okData(await emit(anna, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const id = crypto.randomUUID();
    const req = { id, title: 'Refund started', body: 'Hi {{customer.name}}, the refund for {{order.number}} is on its way. {{agent.name}}' };
    const saved = okData(await emit(lead, 'canned:save', req)).canned;
    expect(saved).toMatchObject({ id, title: 'Refund started', deleted: false });
    // A retried save changes nothing: same answer, no second change.
    expect(okData(await emit(lead, 'canned:save', req)).canned).toEqual(saved);
    const pulled = await pullAll(anna, start);
    expect(pulled.changes.filter((c) => c.entity === 'canned').map((c) => c.data)).toEqual([saved]);
    expect(okData(await emit(anna, 'sync:bootstrap', { phase: 'queue' })).canned?.map((c) => c.id)).toContain(id);

    const edited = okData(await emit(lead, 'canned:save', { ...req, title: 'Refund on its way' })).canned;
    expect(edited.title).toBe('Refund on its way');
    const removed = okData(await emit(lead, 'canned:delete', { id })).canned;
    expect(removed.deleted).toBe(true);
    expect(okData(await emit(lead, 'canned:delete', { id })).canned).toEqual(removed);
    // A deleted id is not brought back by a late save.
    errorOf(await emit(lead, 'canned:save', req), 'conflict');
    expect(okData(await emit(anna, 'sync:bootstrap', { phase: 'queue' })).canned?.map((c) => c.id)).not.toContain(id);
    const after = await pullAll(anna, pulled.cursor);
    expect(after.changes.filter((c) => c.entity === 'canned').map((c) => c.data)).toEqual([edited, removed]);
  });

  it('refuses agents and bad input, storing nothing', async () => {
    const id = crypto.randomUUID();
    errorOf(await emit(anna, 'canned:save', { id, title: 'Mine', body: 'Hello' }), 'forbidden');
    errorOf(await emitRaw(lead, 'canned:save', { id, title: '  ', body: 'Hello' }), 'bad_request');
    errorOf(await emitRaw(lead, 'canned:save', { id, title: 'x', body: 'Hello', deleted: true }), 'bad_request');
    errorOf(await emitRaw(lead, 'canned:save', { id: 'nope', title: 'x', body: 'Hello' }), 'bad_request');
    errorOf(await emit(lead, 'canned:delete', { id }), 'not_found');
    const saved = okData(await emit(lead, 'canned:save', { id: crypto.randomUUID(), title: 'Kept', body: 'Kept' })).canned;
    errorOf(await emit(anna, 'canned:delete', { id: saved.id }), 'forbidden');
    const rows = await t.hub.db.selectFrom('canned_responses').select(['id', 'deleted']).where('id', 'in', [id, saved.id]).execute();
    expect(rows).toEqual([{ id: saved.id, deleted: false }]);
  });
});

describe('collision (conversation:presence)', () => {
  it('tells everyone viewing a conversation who else views or types, live, and nothing reaches the change log', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-6', department: 'support' }));
    const head = okData(await emit(anna, 'hello', { protocolVersion: PROTOCOL_VERSION })).head;
    const id = r.conversationId;
    expect(okData(await emit(anna, 'conversation:presence', { conversationId: id, viewing: true, typing: false })).watchers).toEqual([
      { userId: t.users.agentA.id, name: 'Anna Agent', typing: false },
    ]);
    // Ben opens it: Anna hears of him.
    const annaHears = waitFor(anna, 'conversation:watchers', { until: (p) => p.conversationId === id && p.watchers.length === 2 });
    okData(await emit(ben, 'conversation:presence', { conversationId: id, viewing: true, typing: false }));
    expect((await annaHears).watchers).toContainEqual({ userId: t.users.agentB.id, name: 'Ben Agent', typing: false });
    // Ben types.
    const typing = waitFor(anna, 'conversation:watchers', { until: (p) => p.watchers.some((w) => w.userId === t.users.agentB.id && w.typing) });
    okData(await emit(ben, 'conversation:presence', { conversationId: id, viewing: true, typing: true }));
    await typing;
    // Ben leaves: gone at once.
    const left = waitFor(anna, 'conversation:watchers', { until: (p) => p.conversationId === id && p.watchers.length === 1 });
    okData(await emit(ben, 'conversation:presence', { conversationId: id, viewing: false, typing: false }));
    expect((await left).watchers.map((w) => w.userId)).toEqual([t.users.agentA.id]);
    // Ephemeral: no change-log entries.
    expect(okData(await emit(anna, 'hello', { protocolVersion: PROTOCOL_VERSION })).head).toBe(head);
  });

  it('forgets a console that disconnects, refuses conversations outside the caller’s teams and bad input', async () => {
    const r = await t.hub.ingest(inbound({ sender: 'collab-7', department: 'support' }));
    const id = r.conversationId;
    const { socket: benTwo } = await t.connectAs(t.users.agentB);
    okData(await emit(anna, 'conversation:presence', { conversationId: id, viewing: true, typing: false }));
    const joined = waitFor(anna, 'conversation:watchers', { until: (p) => p.conversationId === id && p.watchers.length === 2 });
    okData(await emit(benTwo, 'conversation:presence', { conversationId: id, viewing: true, typing: true }));
    await joined;
    const gone = waitFor(anna, 'conversation:watchers', { until: (p) => p.conversationId === id && p.watchers.length === 1 });
    const disconnected = waitForDisconnect(benTwo);
    benTwo.disconnect();
    await disconnected;
    await gone;

    // Sam (sales) may not see it: refused as if it did not exist, and she hears nothing of it.
    errorOf(await emit(sales, 'conversation:presence', { conversationId: id, viewing: true, typing: false }), 'not_found');
    errorOf(await emit(sales, 'conversation:presence', { conversationId: crypto.randomUUID(), viewing: true, typing: false }), 'not_found');
    errorOf(await emitRaw(anna, 'conversation:presence', { conversationId: id, viewing: 'yes', typing: false }), 'bad_request');
    errorOf(await emitRaw(anna, 'conversation:presence', { conversationId: id, viewing: true, typing: false, extra: 1 }), 'bad_request');
    expect(okData(await emit(anna, 'conversation:presence', { conversationId: id, viewing: true, typing: false })).watchers).toHaveLength(1);
  });
});
