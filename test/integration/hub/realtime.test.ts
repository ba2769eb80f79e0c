/**
 * The socket.io protocol end to end: hello, poke-then-pull sync, replies and their idempotent
 * replay, validation of every event, and who may do what.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeSchema,
  MAX_BODY_LENGTH,
  PROTOCOL_VERSION,
  type Conversation,
  type SendReplyRequest,
} from '../../../src-shared/index.js';
import {
  emit,
  emitRaw,
  envelope,
  errorOf,
  inbound,
  okData,
  pullAll,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSocket,
} from './harness.js';

let t: TestHub;
let a: TestSocket;
let b: TestSocket;
let lead: TestSocket;

beforeAll(async () => {
  t = await startTestHub();
  [a, b, lead] = await Promise.all([t.connectAs(t.users.agentA), t.connectAs(t.users.agentB), t.connectAs(t.users.lead)]).then(
    (list) => list.map((c) => c.socket),
  );
});

afterAll(async () => {
  await t?.close();
});

/** Internal errors the hub logged (a malformed request must never produce one). */
const internalErrors = () => t.logs.filter((line) => /failed/.test(line));

/** A fresh conversation from a new customer, and the agent's view of it after a pull. */
/**
 * The log's head once the delivery outcome of reply `messageId` is in it. The dispatcher writes the
 * outcome after the send has answered (here: failed, no channel account), so a head taken right
 * after the answer may still be followed by it.
 */
async function headAfterDeliveryOutcome(socket: TestSocket, messageId: string): Promise<number> {
  let head = 0;
  for (;;) {
    // Listen before pulling, so an outcome committed in between still wakes the loop.
    const poke = waitFor(socket, 'sync:poke', { until: (p) => p.head > head });
    poke.catch(() => undefined);
    const page = await pullAll(socket, head);
    head = page.cursor;
    const outcome = page.changes.some((c) => c.entity === 'message' && c.data.id === messageId && (c.data.delivery?.status ?? 'queued') !== 'queued');
    if (outcome) return head;
    await poke;
  }
}

async function newConversation(sender = `sender-${randomUUID()}`): Promise<Conversation> {
  const result = await t.hub.ingest(inbound({ sender }));
  if (result.status !== 'stored') throw new Error('expected a stored message');
  const { changes } = await pullAll(a, result.head - 1);
  const change = changes.find((c) => c.entity === 'conversation' && c.data.id === result.conversationId);
  if (!change || change.entity !== 'conversation') throw new Error('conversation missing from the change log');
  return change.data;
}

const reply = (conversationId: string, body = 'Thanks, we are looking into it.', extra: Partial<SendReplyRequest> = {}): SendReplyRequest => ({
  ...envelope('console-a-0001'),
  conversationId,
  messageId: randomUUID(),
  body,
  ...extra,
});

describe('hello', () => {
  it('answers the right protocol version with the user and the head', async () => {
    const head = (await pullAll(a, 0)).cursor;
    const hello = okData(await emit(a, 'hello', { protocolVersion: PROTOCOL_VERSION }));
    expect(hello).toEqual({ protocolVersion: PROTOCOL_VERSION, user: t.users.agentA, head });
  });

  it('refuses another protocol version with protocol_mismatch', async () => {
    const error = errorOf(await emit(a, 'hello', { protocolVersion: PROTOCOL_VERSION + 1 }), 'protocol_mismatch');
    expect(error.message).toContain(String(PROTOCOL_VERSION + 1));
    expect(error.message).toContain(String(PROTOCOL_VERSION));
  });
});

describe('poke then pull', () => {
  it('pokes every console when a customer writes, and the pull returns customer, identity, conversation and message', async () => {
    const cursorBefore = (await pullAll(a, 0)).cursor;
    const pokes = [a, b, lead].map((s) => waitFor(s, 'sync:poke', { until: (p) => p.head > cursorBefore }));
    const sender = `parcel-${randomUUID()}`;
    const result = await t.hub.ingest(inbound({ sender, body: 'Where is my parcel?', channel: 'whatsapp' }));
    expect(result.status).toBe('stored');
    if (result.status !== 'stored') return;
    for (const poke of await Promise.all(pokes)) expect(poke.head).toBe(result.head);

    const pulled = await pullAll(b, 0);
    expect(pulled.cursor).toBe(result.head);
    for (const change of pulled.changes) expect(() => ChangeSchema.parse(change)).not.toThrow();
    const syncIds = pulled.changes.map((c) => c.syncId);
    expect(syncIds).toEqual([...syncIds].sort((x, y) => x - y));
    expect(new Set(syncIds).size).toBe(syncIds.length);

    const fresh = pulled.changes.filter((c) => c.syncId > cursorBefore);
    const customer = fresh.find((c) => c.entity === 'customer');
    const identity = fresh.find((c) => c.entity === 'identity');
    const conversation = fresh.find((c) => c.entity === 'conversation');
    const message = fresh.find((c) => c.entity === 'message');
    expect(customer?.data).toMatchObject({ name: `Customer ${sender}` });
    expect(identity?.data).toMatchObject({ channel: 'whatsapp', providerUserId: sender, customerId: customer?.data.id });
    expect(conversation?.data).toMatchObject({
      id: result.conversationId,
      customerId: customer?.data.id,
      identityId: identity?.data.id,
      channel: 'whatsapp',
      status: 'open',
      assigneeId: null,
      snippet: 'Where is my parcel?',
      waitingSince: expect.any(String),
    });
    expect(message?.data).toMatchObject({
      id: result.messageId,
      conversationId: result.conversationId,
      direction: 'inbound',
      authorId: null,
      body: 'Where is my parcel?',
    });

    const hello = okData(await emit(b, 'hello', { protocolVersion: PROTOCOL_VERSION }));
    expect(hello.head).toBe(result.head);
  });

  it('delivers an agent reply to a colleague: ack, poke, pull', async () => {
    const conversation = await newConversation();
    const cursorB = (await pullAll(b, 0)).cursor;
    const pokeB = waitFor(b, 'sync:poke', { until: (p) => p.head > cursorB });

    const request = reply(conversation.id, 'Your parcel left our warehouse today.');
    const result = okData(await emit(a, 'message:send', request));
    expect(result.message).toMatchObject({
      id: request.messageId,
      conversationId: conversation.id,
      direction: 'outbound',
      authorId: t.users.agentA.id,
      body: 'Your parcel left our warehouse today.',
      providerMessageId: null,
    });
    expect(result.conversation).toMatchObject({
      id: conversation.id,
      assigneeId: t.users.agentA.id,
      waitingSince: null,
      status: 'open',
      snippet: 'Your parcel left our warehouse today.',
    });
    expect(result.conversation.version).toBeGreaterThan(conversation.version);

    const poke = await pokeB;
    const pulled = await pullAll(b, cursorB);
    // The poke announced the reply; its delivery outcome may already follow it in the log.
    expect(pulled.cursor).toBeGreaterThanOrEqual(poke.head);
    const announced = pulled.changes.filter((c) => c.syncId <= poke.head);
    // The reply claimed the unassigned conversation, so the thread also records that assignment.
    expect(announced.map((c) => c.entity)).toEqual(['message', 'conversation', 'conversation-event']);
    expect(announced[0]?.data).toEqual(result.message);
    expect(announced[1]?.data).toEqual(result.conversation);
    expect(announced[2]?.data).toMatchObject({ conversationId: conversation.id, kind: 'assigned', actorId: t.users.agentA.id, assigneeId: t.users.agentA.id });
  });

  it('answers a replayed message:send with the original result and stores it once', async () => {
    const conversation = await newConversation();
    const request = reply(conversation.id, 'First delivery of this reply.');
    const first = okData(await emit(a, 'message:send', request));
    const head = await headAfterDeliveryOutcome(a, request.messageId);

    const again = okData(await emit(a, 'message:send', request));
    expect(again).toEqual(first);
    // Same envelope, different content: still the original result, nothing applied.
    const altered = okData(await emit(a, 'message:send', { ...request, messageId: randomUUID(), body: 'A different text' }));
    expect(altered).toEqual(first);

    const rows = await t.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation.id).where('direction', '=', 'outbound').execute();
    expect(rows).toEqual([{ id: request.messageId }]);
    expect((await pullAll(a, head)).changes).toEqual([]);
  });

  it('holds back a reply written before the customer wrote again, unless the agent confirms', async () => {
    const sender = `stale-${randomUUID()}`;
    const conversation = await newConversation(sender);
    const seen = { lastMessageAt: conversation.lastMessageAt, assigneeId: conversation.assigneeId, status: conversation.status };
    await t.hub.ingest(inbound({ sender, receivedAt: new Date(Date.parse(conversation.lastMessageAt) + 1000) }));

    const request = reply(conversation.id, 'Written before the customer wrote again.', { seen });
    const error = errorOf(await emit(a, 'message:send', request), 'stale');
    expect(error.message).toMatch(/customer wrote/);
    expect(await t.db.selectFrom('messages').select('id').where('id', '=', request.messageId).execute()).toEqual([]);

    const sent = okData(await emit(a, 'message:send', { ...request, ...envelope('console-a-0001'), confirmed: true }));
    expect(sent.message.id).toBe(request.messageId);
  });

  it('refuses a mutation id reused by another user, and a message id reused with a new mutation id', async () => {
    const conversation = await newConversation();
    const request = reply(conversation.id);
    okData(await emit(a, 'message:send', request));
    errorOf(await emit(b, 'message:send', request), 'conflict');
    errorOf(await emit(a, 'message:send', { ...request, ...envelope('console-a-0001') }), 'conflict');
  });

  it('accepts a body of exactly the maximum length', async () => {
    const conversation = await newConversation();
    const result = okData(await emit(a, 'message:send', reply(conversation.id, 'y'.repeat(MAX_BODY_LENGTH))));
    expect(result.message.body).toHaveLength(MAX_BODY_LENGTH);
  });
});

describe('validation', () => {
  const uuid = randomUUID();
  const send = { clientId: 'console-a-0001', mutationId: uuid, conversationId: uuid, messageId: uuid, body: 'hi' };
  const assign = { clientId: 'console-a-0001', mutationId: uuid, conversationId: uuid, assigneeId: null };
  const status = { clientId: 'console-a-0001', mutationId: uuid, conversationId: uuid, status: 'closed' };
  const notAnObject: unknown[] = ['a string', 42, true, [], [{ protocolVersion: 1 }]];

  const cases: [event: string, payload: unknown][] = [
    ...['hello', 'sync:pull', 'message:send', 'conversation:assign', 'conversation:set-status'].flatMap((event) =>
      [...notAnObject, null, {}].map((payload): [string, unknown] => [event, payload]),
    ),
    ['hello', { protocolVersion: '1' }],
    ['hello', { protocolVersion: 1.5 }],
    ['sync:pull', { cursor: -1 }],
    ['sync:pull', { cursor: '0' }],
    ['sync:pull', { cursor: 1.5 }],
    ['sync:pull', { cursor: 0, limit: 0 }],
    ['sync:pull', { cursor: 0, limit: 5001 }],
    ['message:send', { ...send, clientId: undefined }],
    ['message:send', { ...send, clientId: 'short' }],
    ['message:send', { ...send, clientId: 'x'.repeat(65) }],
    ['message:send', { ...send, mutationId: 'not-a-uuid' }],
    ['message:send', { ...send, conversationId: 'not-a-uuid' }],
    ['message:send', { ...send, messageId: 12345 }],
    ['message:send', { ...send, body: undefined }],
    ['message:send', { ...send, body: '' }],
    ['message:send', { ...send, body: '   \n ' }],
    ['message:send', { ...send, body: 42 }],
    ['message:send', { ...send, body: { text: 'hi' } }],
    ['message:send', { ...send, body: 'x'.repeat(MAX_BODY_LENGTH + 1) }],
    ['message:send', { ...send, direction: 'inbound' }],
    ['conversation:assign', { ...assign, assigneeId: undefined }],
    ['conversation:assign', { ...assign, assigneeId: 'ben' }],
    ['conversation:assign', { ...assign, conversationId: 7 }],
    ['conversation:set-status', { ...status, status: 'snoozed' }],
    ['conversation:set-status', { ...status, status: undefined }],
    ['conversation:set-status', { ...status, mutationId: null }],
  ];

  const label = (payload: unknown) => {
    const text = JSON.stringify(payload) ?? String(payload);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  };

  it.each(cases.map(([event, payload]) => [event, label(payload), payload] as const))('%s with %s → bad_request', async (event, _label, payload) => {
    const ack = await emitRaw(a, event, payload);
    const error = errorOf(ack, 'bad_request');
    expect(error.message).toContain(event);
  });

  it.each<[string, unknown]>([
    ['queue:stats', 'a string'],
    ['queue:stats', []],
    ['queue:stats', 42],
    ['queue:stats', { extra: 1 }],
    ['demo:inject', 'a string'],
    ['demo:inject', [1]],
    ['demo:inject', { channel: 5 }],
    ['demo:inject', { channel: 'x'.repeat(33) }],
  ])('%s from a lead with %j → bad_request', async (event, payload) => {
    errorOf(await emitRaw(lead, event, payload), 'bad_request');
  });

  it('answers an event sent with only an acknowledgement callback', async () => {
    errorOf(await emitRaw(a, 'hello'), 'bad_request');
    errorOf(await emitRaw(a, 'message:send'), 'bad_request');
    okData(await emitRaw(lead, 'queue:stats'));
  });

  it('answers an event sent with extra arguments before the callback', async () => {
    okData(await emitRaw(a, 'hello', { protocolVersion: PROTOCOL_VERSION }, 'extra', 3));
  });

  it('ignores an event without an acknowledgement callback and keeps serving', async () => {
    const conversation = await newConversation();
    const head = (await pullAll(a, 0)).cursor;
    const request = reply(conversation.id, 'sent without a callback');
    (a as unknown as Socket).emit('message:send', request);
    (a as unknown as Socket).emit('hello', { protocolVersion: PROTOCOL_VERSION });
    (a as unknown as Socket).emit('hello');
    // Events on one socket are handled in order, so once this ack arrives the others were seen.
    okData(await emit(a, 'hello', { protocolVersion: PROTOCOL_VERSION }));
    expect(await t.db.selectFrom('messages').select('id').where('id', '=', request.messageId).execute()).toEqual([]);
    expect((await pullAll(a, head)).changes).toEqual([]);
    expect(a.connected).toBe(true);
  });

  it('changed nothing, logged no internal error, and still serves valid requests', async () => {
    okData(await emit(a, 'hello', { protocolVersion: PROTOCOL_VERSION }));
    okData(await emit(b, 'sync:pull', { cursor: 0 }));
    const conversation = await newConversation();
    okData(await emit(a, 'message:send', reply(conversation.id)));
    expect(internalErrors()).toEqual([]);
  });

  it('answers not_found for a conversation that does not exist', async () => {
    const missing = randomUUID();
    const failed = reply(missing);
    errorOf(await emit(a, 'message:send', failed), 'not_found');
    errorOf(await emit(a, 'conversation:assign', { ...envelope(), conversationId: missing, assigneeId: t.users.agentA.id }), 'not_found');
    errorOf(await emit(a, 'conversation:set-status', { ...envelope(), conversationId: missing, status: 'closed' }), 'not_found');
    // A failed mutation is not remembered: a retry of the same envelope is applied once the target exists.
    const conversation = await newConversation();
    const retried = okData(await emit(a, 'message:send', { ...failed, conversationId: conversation.id }));
    expect(retried.message.id).toBe(failed.messageId);
  });
});

describe('roles', () => {
  it('lets an agent claim and hand back, but not assign to a colleague; a lead may', async () => {
    const conversation = await newConversation();
    const toB = { conversationId: conversation.id, assigneeId: t.users.agentB.id };
    expect(errorOf(await emit(a, 'conversation:assign', { ...envelope(), ...toB }), 'forbidden').message).toMatch(/team lead/i);

    const claimed = okData(await emit(a, 'conversation:assign', { ...envelope(), conversationId: conversation.id, assigneeId: t.users.agentA.id }));
    expect(claimed.conversation.assigneeId).toBe(t.users.agentA.id);
    const handedBack = okData(await emit(a, 'conversation:assign', { ...envelope(), conversationId: conversation.id, assigneeId: null }));
    expect(handedBack.conversation.assigneeId).toBeNull();
    expect(handedBack.conversation.version).toBeGreaterThan(claimed.conversation.version);

    const assigned = okData(await emit(lead, 'conversation:assign', { ...envelope('console-lead-01'), ...toB }));
    expect(assigned.conversation.assigneeId).toBe(t.users.agentB.id);
    errorOf(
      await emit(lead, 'conversation:assign', { ...envelope('console-lead-01'), conversationId: conversation.id, assigneeId: randomUUID() }),
      'not_found',
    );
  });

  it('keeps an agent from replying to or closing a colleague’s conversation, but allows a note', async () => {
    const conversation = await newConversation();
    okData(await emit(lead, 'conversation:assign', { ...envelope('console-lead-01'), conversationId: conversation.id, assigneeId: t.users.agentB.id }));

    errorOf(await emit(a, 'message:send', reply(conversation.id)), 'forbidden');
    errorOf(await emit(a, 'conversation:assign', { ...envelope(), conversationId: conversation.id, assigneeId: t.users.agentA.id }), 'forbidden');
    errorOf(await emit(a, 'conversation:set-status', { ...envelope(), conversationId: conversation.id, status: 'closed' }), 'forbidden');

    const note = okData(await emit(a, 'message:send', reply(conversation.id, 'Customer called about this too.', { direction: 'note' })));
    expect(note.message).toMatchObject({ direction: 'note', authorId: t.users.agentA.id });
    expect(note.conversation.assigneeId).toBe(t.users.agentB.id);
    // A note is not an answer to the customer: they are still waiting.
    expect(note.conversation.waitingSince).toBe(conversation.waitingSince);

    const answer = okData(await emit(b, 'message:send', { ...reply(conversation.id), clientId: 'console-b-0001' }));
    expect(answer.conversation.waitingSince).toBeNull();
  });

  it('refuses queue:stats to an agent', async () => {
    const error = errorOf(await emit(a, 'queue:stats', {}), 'forbidden');
    expect(error.message).toContain('agent');
  });

  it('refuses demo:inject outside demo mode, to leads and agents alike', async () => {
    expect(errorOf(await emit(lead, 'demo:inject', {}), 'forbidden').message).toMatch(/demo mode/);
    errorOf(await emit(a, 'demo:inject', { channel: 'chat' }), 'forbidden');
  });

  it('takes call notes, not replies, on phone conversations', async () => {
    const result = await t.hub.ingest(inbound({ channel: 'phone', sender: `caller-${randomUUID()}`, body: 'Missed call' }));
    errorOf(await emit(a, 'message:send', reply(result.conversationId)), 'bad_request');
    okData(await emit(a, 'message:send', reply(result.conversationId, 'Called back, all good.', { direction: 'note' })));
  });
});

describe('queue:stats on a fresh hub', () => {
  let q: TestHub;
  afterAll(async () => {
    await q?.close();
  });

  it('counts open and unassigned conversations by channel and department, and the oldest wait', async () => {
    q = await startTestHub();
    const [{ socket: agent }, { socket: qLead }] = await Promise.all([q.connectAs(q.users.agentA), q.connectAs(q.users.lead)]);
    const at = (time: string) => new Date(`2024-01-01T${time}:00.000Z`);

    await q.hub.ingest(inbound({ sender: 's1', channel: 'chat', receivedAt: at('10:00') }));
    await q.hub.ingest(inbound({ sender: 's1', channel: 'chat', receivedAt: at('10:05') }));
    await q.hub.ingest(inbound({ sender: 's2', channel: 'email', department: 'sales', receivedAt: at('09:30') }));
    // Written an hour ago: WhatsApp accepts a free-form answer only within 24 hours.
    const answered = await q.hub.ingest(inbound({ sender: 's3', channel: 'whatsapp', receivedAt: new Date(Date.now() - 3_600_000) }));
    const closed = await q.hub.ingest(inbound({ sender: 's4', channel: 'x', receivedAt: at('08:00') }));
    okData(await emit(agent, 'message:send', reply(answered.conversationId)));
    okData(await emit(qLead, 'conversation:set-status', { ...envelope('console-lead-01'), conversationId: closed.conversationId, status: 'closed' }));

    const stats = okData(await emit(qLead, 'queue:stats', {}));
    expect(stats).toEqual({
      generatedAt: expect.any(String),
      open: 3,
      unassigned: 2,
      oldestWaitingSince: at('09:30').toISOString(),
      byChannel: { chat: 1, email: 1, whatsapp: 1 },
      byDepartment: { support: 2, sales: 1 },
    });
  });
});
