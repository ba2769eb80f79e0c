/**
 * The web chat against the real hub: real socket.io-client visitors on the `/visitor` namespace,
 * real consoles, real PGlite. Covers the visitor's own authentication (signed tokens, origin
 * check), history on return, dedupe of retried sends, rate and size limits, replies pushed live,
 * the typing relay, notes that never leak, name/email capture and the offline form.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Change, VisitorMessage } from '../../../../src-shared/index.js';
import { saveChannelAccount, type ChannelAccountRow } from '../../../../src-hub/channels/registry.js';
import { emit, envelope, errorOf, okData, pullAll, startTestHub, type TestHub, type TestSocket, until } from '../harness.js';
import { closeVisitors, connectVisitor, nextVisitorEvent, visitorEmit, visitorOk, visitorRefusal, type VisitorSocket } from './visitor-client.js';

let t: TestHub;
let widget: ChannelAccountRow;
const SHOP = 'https://shop.example';

beforeAll(async () => {
  t = await startTestHub();
  widget = await saveChannelAccount(t.db, {
    channel: 'chat',
    name: 'Shop chat',
    address: `widget-${randomUUID()}`,
    departmentId: 'support',
    settings: { allowedOrigins: [SHOP], greeting: 'Hello from the shop!' },
  });
});

afterEach(() => closeVisitors());

afterAll(async () => {
  await t?.close();
});

/** A new visitor on the shop's page, greeted (token issued). */
async function newVisitor(extra: { origin?: string; widgetKey?: string } = {}) {
  const socket = await connectVisitor(t.url, { widgetKey: widget.address, origin: SHOP, ...extra });
  const session = visitorOk(await visitorEmit(socket, 'visitor:hello', {}));
  return { socket, session };
}

async function say(socket: VisitorSocket, body: string, clientMessageId: string = randomUUID()) {
  return visitorOk(await visitorEmit(socket, 'visitor:message', { clientMessageId, body }));
}

async function conversationOf(messageId: string) {
  const row = await t.db.selectFrom('messages').innerJoin('conversations', 'conversations.id', 'messages.conversation_id').selectAll('conversations').where('messages.id', '=', messageId).executeTakeFirstOrThrow();
  return row;
}


describe('availability and the visitor handshake', () => {
  it('offers the offline form while no console is connected, and chat once one is', async () => {
    const before = await newVisitor();
    expect(before.session.available).toBe(false);
    const { socket: agent } = await t.connectAs(t.users.agentA);
    const after = await newVisitor();
    expect(after.session).toMatchObject({ available: true, widget: { greeting: 'Hello from the shop!', title: 'Chat with us', requireEmail: false }, messages: [] });
    agent.close();
  });

  it('refuses unknown and switched-off widgets and pages of other websites', async () => {
    expect((await visitorRefusal(t.url, { widgetKey: 'no-such-widget' })).data?.message).toMatch(/not available/);
    expect((await visitorRefusal(t.url, { widgetKey: widget.address, origin: 'https://evil.example' })).data?.message).toMatch(/may not use this chat/);
    expect((await visitorRefusal(t.url, { widgetKey: widget.address, origin: 'null' })).data?.message).toMatch(/may not use this chat/);
    expect((await visitorRefusal(t.url, { widgetKey: 42 as never })).data?.message).toMatch(/invalid handshake/);
    const off = await saveChannelAccount(t.db, { channel: 'chat', name: 'Old chat', address: `off-${randomUUID()}`, departmentId: 'support', enabled: false });
    expect((await visitorRefusal(t.url, { widgetKey: off.address, origin: SHOP })).data?.message).toMatch(/not available/);
    // The hub's own /chat page (same host) is always allowed.
    await expect(connectVisitor(t.url, { widgetKey: widget.address, origin: t.url })).resolves.toBeDefined();
  });

  it('gives a forged or foreign token a fresh visitor, never the history it names', async () => {
    const alice = await newVisitor();
    await say(alice.socket, 'Alice writes privately');
    const [aliceId] = alice.session.visitorToken.split('.');
    const other = await saveChannelAccount(t.db, { channel: 'chat', name: 'Other chat', address: `other-${randomUUID()}`, departmentId: 'support', settings: { allowedOrigins: [SHOP] } });
    for (const [visitorToken, widgetKey] of [
      [`${aliceId}.forged-signature`, widget.address],
      [`${aliceId}`, widget.address],
      [alice.session.visitorToken, other.address], // signed by another widget's key
    ] as const) {
      const socket = await connectVisitor(t.url, { widgetKey, visitorToken, origin: SHOP });
      const session = visitorOk(await visitorEmit(socket, 'visitor:hello', {}));
      expect(session.messages).toEqual([]);
      expect(session.visitorToken.split('.')[0]).not.toBe(aliceId);
    }
  });
});

describe('chatting', () => {
  let agent: TestSocket;
  beforeAll(async () => {
    ({ socket: agent } = await t.connectAs(t.users.agentA));
  });
  afterAll(() => agent.close());

  it('stores a visitor message through ingest into the widget department, and brings the history back on return', async () => {
    const { socket, session } = await newVisitor();
    visitorOk(await visitorEmit(socket, 'visitor:profile', { name: 'Vera Visitor', email: 'Vera@Example.com' }));
    const { message, duplicate } = await say(socket, 'Where is my order 4711?');
    expect(duplicate).toBe(false);
    expect(message).toMatchObject({ author: 'visitor', body: 'Where is my order 4711?', agentName: null });
    const conversation = await conversationOf(message.id);
    expect(conversation).toMatchObject({ channel: 'chat', kind: 'message', channel_account_id: widget.id, department_id: 'support', status: 'open' });
    const identity = await t.db.selectFrom('identities').selectAll().where('id', '=', conversation.identity_id).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ channel: 'chat', display_name: 'Vera Visitor', handle: 'vera@example.com' });

    // The agent answers in her console; the visitor has gone away meanwhile.
    socket.close();
    const replyId = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: conversation.id, messageId: replyId, body: 'It ships tomorrow.' }));
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: conversation.id, messageId: randomUUID(), body: 'NOTE: customer is a VIP, anna@example.test', direction: 'note' }));
    await until(async () => (await t.db.selectFrom('messages').select('delivery_status').where('id', '=', replyId).executeTakeFirstOrThrow()).delivery_status === 'sent', t.hub);
    const stored = await t.db.selectFrom('messages').select('channel_meta').where('id', '=', replyId).executeTakeFirstOrThrow();
    expect(stored.channel_meta).toMatchObject({ chat: { live: false } });

    // Back with the token from localStorage: the conversation so far, without the note or emails.
    const back = await connectVisitor(t.url, { widgetKey: widget.address, visitorToken: session.visitorToken, origin: SHOP });
    const again = visitorOk(await visitorEmit(back, 'visitor:hello', {}));
    expect(again.visitorToken).toBe(session.visitorToken);
    expect(again.profile).toEqual({ name: 'Vera Visitor', email: 'vera@example.com' });
    expect(again.messages.map((m) => [m.author, m.body, m.agentName])).toEqual([
      ['visitor', 'Where is my order 4711?', null],
      ['agent', 'It ships tomorrow.', 'Anna'],
    ]);
    expect(JSON.stringify(again)).not.toMatch(/VIP|@example\.test/);
  });

  it('stores a retried send once and answers the retry with the stored message', async () => {
    const { socket } = await newVisitor();
    const clientMessageId = randomUUID();
    const first = await say(socket, 'Hello?', clientMessageId);
    const retry = await say(socket, 'Hello?', clientMessageId);
    expect(retry).toEqual({ message: first.message, duplicate: true });
    expect(first.message.clientMessageId).toBe(clientMessageId);
    const rows = await t.db.selectFrom('messages').select('id').where('conversation_id', '=', (await conversationOf(first.message.id)).id).execute();
    expect(rows).toHaveLength(1);
  });

  it("keeps visitors apart: the same client id from another visitor is that visitor's own message", async () => {
    const alice = await newVisitor();
    const bob = await newVisitor();
    const clientMessageId = randomUUID();
    const a = await say(alice.socket, 'Alice: my address is Elm Street 1', clientMessageId);
    const b = await say(bob.socket, 'Bob says hi', clientMessageId);
    expect(b.duplicate).toBe(false);
    expect(b.message.id).not.toBe(a.message.id);
    expect((await conversationOf(a.message.id)).id).not.toBe((await conversationOf(b.message.id)).id);
    const bobAgain = visitorOk(await visitorEmit(bob.socket, 'visitor:hello', {}));
    expect(bobAgain.messages.map((m) => m.body)).toEqual(['Bob says hi']);
  });

  it('pushes an agent reply live to every tab of the visitor, and never a note', async () => {
    const { socket, session } = await newVisitor();
    const secondTab = await connectVisitor(t.url, { widgetKey: widget.address, visitorToken: session.visitorToken, origin: SHOP });
    const echoed = nextVisitorEvent(secondTab, 'visitor:message', (m) => m.body === 'Can you help?');
    const { message } = await say(socket, 'Can you help?');
    expect((await echoed).id).toBe(message.id);
    const conversationId = (await conversationOf(message.id)).id;

    const pushed: VisitorMessage[] = [];
    socket.on('visitor:message', (m) => pushed.push(m));
    const reply = nextVisitorEvent(socket, 'visitor:message', (m) => m.author === 'agent');
    const replyInOtherTab = nextVisitorEvent(secondTab, 'visitor:message', (m) => m.author === 'agent');
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId, messageId: randomUUID(), body: 'internal: check the warranty', direction: 'note' }));
    const replyId = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId, messageId: replyId, body: 'Of course!' }));
    expect(await reply).toMatchObject({ id: replyId, author: 'agent', body: 'Of course!', agentName: 'Anna', clientMessageId: null });
    expect((await replyInOtherTab).id).toBe(replyId);
    expect(pushed.map((m) => m.body)).toEqual(['Of course!']);
    await until(async () => (await t.db.selectFrom('messages').select('delivery_status').where('id', '=', replyId).executeTakeFirstOrThrow()).delivery_status === 'sent', t.hub);
    expect((await t.db.selectFrom('messages').select('channel_meta').where('id', '=', replyId).executeTakeFirstOrThrow()).channel_meta).toMatchObject({ chat: { live: true } });
  });

  it('shows a new name to agents through the change log', async () => {
    const { socket } = await newVisitor();
    const { message } = await say(socket, 'Hi there');
    const { cursor } = await pullAll(agent, 0);
    visitorOk(await visitorEmit(socket, 'visitor:profile', { name: 'Max Mustermann' }));
    const { changes } = await pullAll(agent, cursor);
    const conversation = await conversationOf(message.id);
    const identity = changes.find((c): c is Extract<Change, { entity: 'identity' }> => c.entity === 'identity' && c.data.id === conversation.identity_id);
    expect(identity?.data).toMatchObject({ displayName: 'Max Mustermann', handle: 'Max Mustermann' });
    const customer = changes.find((c): c is Extract<Change, { entity: 'customer' }> => c.entity === 'customer' && c.data.id === conversation.customer_id);
    expect(customer?.data.name).toBe('Max Mustermann');
  });

  it('refuses invalid, empty, oversized and unacknowledged messages and stores nothing', async () => {
    const { socket } = await newVisitor();
    const before = await t.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const refusal = async (payload: unknown) => {
      const ack = await visitorEmit(socket, 'visitor:message', payload as never);
      if (ack.ok) throw new Error('accepted');
      return ack.error;
    };
    expect(await refusal({ clientMessageId: randomUUID(), body: 'x'.repeat(4001) })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/at most 4000 characters/) });
    expect(await refusal({ clientMessageId: randomUUID(), body: '   ' })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/empty/) });
    expect(await refusal({ clientMessageId: 'not-a-uuid', body: 'hi' })).toMatchObject({ code: 'bad_request' });
    expect(await refusal(['array'])).toMatchObject({ code: 'bad_request' });
    const profile = await visitorEmit(socket, 'visitor:profile', { email: 'not an email' });
    expect(profile.ok).toBe(false);
    socket.emit('visitor:message', { clientMessageId: randomUUID(), body: 'no ack' } as never, undefined as never);
    // The hub is still answering, and nothing was stored.
    visitorOk(await visitorEmit(socket, 'visitor:hello', {}));
    const after = await t.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('rate-limits a visitor who floods the chat', async () => {
    const { socket } = await newVisitor();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await visitorEmit(socket, 'visitor:message', { clientMessageId: randomUUID(), body: `spam ${i}` }));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    const refused = answers.at(-1)!;
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/too fast/) });
    // Another visitor is not affected.
    const other = await newVisitor();
    await say(other.socket, 'I am not spamming');
  });
});

describe('agent typing indicator', () => {
  it('relays chat:typing from an agent who may see the conversation, and refuses the others', async () => {
    const { socket: anna } = await t.connectAs(t.users.agentA);
    const { socket, session } = await newVisitor();
    const { message } = await say(socket, 'Anyone there?');
    const conversationId = (await conversationOf(message.id)).id;
    const typing = nextVisitorEvent(socket, 'visitor:typing');
    expect(okData(await emit(anna, 'chat:typing', { conversationId, typing: true }))).toEqual({ relayed: 1 });
    expect(await typing).toEqual({ typing: true, agentName: 'Anna' });

    // Ben is in Support too; an agent outside the team is not.
    const outsider = await t.addUser({ email: `sales-${randomUUID()}@example.test`, name: 'Sam Sales', departments: ['sales'] });
    const { socket: sam } = await t.connectAs(outsider);
    errorOf(await emit(sam, 'chat:typing', { conversationId, typing: true }), 'not_found');
    errorOf(await emit(anna, 'chat:typing', { conversationId: randomUUID(), typing: true }), 'not_found');
    errorOf(await emit(anna, 'chat:typing', { conversationId: 'nope' } as never), 'bad_request');
    const email = await t.hub.ingest({ channel: 'email', kind: 'message', providerMessageId: `<${randomUUID()}@example.test>`, from: { providerUserId: 'e@example.test', handle: 'e@example.test', displayName: null }, body: 'mail', department: 'support' });
    errorOf(await emit(anna, 'chat:typing', { conversationId: email.conversationId }), 'bad_request');
    expect(session.visitorToken).toBeTruthy();
    anna.close();
    sam.close();
  });
});

describe('offline form', () => {
  it('turns an offline message into an email conversation from the visitor, answered from the widget mailbox', async () => {
    const mailbox = await saveChannelAccount(t.db, { channel: 'email', name: 'Support mailbox', address: `support-${randomUUID().slice(0, 8)}@shop.example`, departmentId: 'support' });
    const closed = await saveChannelAccount(t.db, {
      channel: 'chat',
      name: 'After-hours chat',
      address: `closed-${randomUUID()}`,
      departmentId: 'support',
      // Never open: the offline form even though consoles are connected.
      settings: { allowedOrigins: [SHOP], businessHours: { timeZone: 'Europe/Berlin', days: {} }, offlineMailbox: mailbox.address },
    });
    const { socket: agent } = await t.connectAs(t.users.agentA);
    const socket = await connectVisitor(t.url, { widgetKey: closed.address, origin: SHOP });
    const session = visitorOk(await visitorEmit(socket, 'visitor:hello', {}));
    expect(session.available).toBe(false);

    const clientMessageId = randomUUID();
    const request = { clientMessageId, name: 'Olga Offline', email: 'Olga@Example.org', body: 'Please call me back about my contract.' };
    expect(visitorOk(await visitorEmit(socket, 'visitor:offline-message', request))).toEqual({ received: true });
    expect(visitorOk(await visitorEmit(socket, 'visitor:offline-message', request))).toEqual({ received: true }); // a retry

    const rows = await t.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('identities', 'identities.id', 'conversations.identity_id')
      .select(['messages.body', 'messages.channel_meta', 'conversations.id as conversationId', 'conversations.channel', 'conversations.channel_account_id', 'conversations.department_id', 'identities.handle', 'identities.provider_user_id', 'identities.display_name'])
      .where('messages.provider_message_id', '=', `chat-offline:${session.visitorToken.split('.')[0]}:${clientMessageId}`)
      .execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      body: 'Please call me back about my contract.',
      channel: 'email',
      channel_account_id: mailbox.id,
      department_id: 'support',
      handle: 'olga@example.org',
      provider_user_id: 'olga@example.org',
      display_name: 'Olga Offline',
    });
    expect(row.channel_meta).toMatchObject({ chatOffline: { widgetAccountId: closed.id, replyBy: 'email' } });

    // The agent's reply is queued for the email channel from the widget's mailbox.
    const replyId = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: row.conversationId, messageId: replyId, body: 'We will call you today.' }));
    const delivery = await t.db.selectFrom('deliveries').selectAll().where('message_id', '=', replyId).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ channel: 'email', channel_account_id: mailbox.id });

    const invalid = await visitorEmit(socket, 'visitor:offline-message', { ...request, clientMessageId: randomUUID(), email: 'nope' });
    expect(invalid.ok ? null : invalid.error.code).toBe('bad_request');
    agent.close();
  });
});

describe('chat page headers', () => {
  it('lets only the allowed websites frame the chat page, and keeps the console unframeable', async () => {
    const page = await fetch(`${t.url}/chat?widget=${encodeURIComponent(widget.address)}`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self' ${SHOP}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBeNull();
    const unknown = await fetch(`${t.url}/chat?widget=unknown`);
    expect(unknown.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
