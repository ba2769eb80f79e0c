/**
 * The channel account registry (admin events, secrets kept on the hub) and outbound delivery
 * (the hub-side outbox: queued with the reply, sent through the channel's sender, retried on
 * transient failures, failed with a reason the agent sees).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, User } from '../../../src-shared/index.js';
import { DeliveryError, type OutboundReply } from '../../../src-hub/channels/delivery.js';
import { emit, envelope, errorOf, inbound, okData, pullAll, startTestHub, type TestHub, type TestSocket, until } from './harness.js';

let t: TestHub;
let admin: TestSocket;
let agent: TestSocket;
let adminUser: User;

beforeAll(async () => {
  t = await startTestHub();
  adminUser = await t.addUser({ email: 'admin@example.test', name: 'Ada Admin', role: 'admin', departments: [] });
  ({ socket: admin } = await t.connectAs(adminUser));
  ({ socket: agent } = await t.connectAs(t.users.agentA));
});

afterAll(async () => {
  await t?.close();
});

const saveRequest = (overrides: Record<string, unknown> = {}) => ({
  channel: 'whatsapp' as const,
  name: 'WhatsApp hotline',
  address: `num-${randomUUID()}`,
  departmentId: 'support' as const,
  settings: { apiBaseUrl: 'http://127.0.0.1:9/graph' },
  secrets: { accessToken: 'EAAG-very-secret' },
  ...overrides,
});

describe('channel account registry', () => {
  it('lets an admin create and list accounts; credentials are stored but never sent back', async () => {
    const { account } = okData(await emit(admin, 'channels:save', saveRequest()));
    expect(account.secretsSet).toEqual(['accessToken']);
    expect(JSON.stringify(account)).not.toContain('EAAG-very-secret');
    const { accounts } = okData(await emit(admin, 'channels:list', {}));
    const listed = accounts.find((a) => a.id === account.id);
    expect(listed).toMatchObject({ name: 'WhatsApp hotline', enabled: true });
    expect(JSON.stringify(accounts)).not.toContain('EAAG-very-secret');
    const row = await t.db.selectFrom('channel_accounts').select('secrets').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.secrets).toEqual({ accessToken: 'EAAG-very-secret' });
  });

  it('keeps stored secrets on update unless one is explicitly cleared', async () => {
    const { account } = okData(await emit(admin, 'channels:save', saveRequest({ secrets: { accessToken: 'a', appSecret: 'b' } })));
    const renamed = okData(await emit(admin, 'channels:save', { ...saveRequest({ address: account.address, secrets: { appSecret: '' } }), id: account.id, name: 'Renamed' }));
    expect(renamed.account).toMatchObject({ id: account.id, name: 'Renamed', secretsSet: ['accessToken'] });
  });

  it('refuses agents and leads, invalid requests and duplicate addresses, and changes nothing', async () => {
    const before = await t.db.selectFrom('channel_accounts').select('id').execute();
    errorOf(await emit(agent, 'channels:save', saveRequest()), 'forbidden');
    errorOf(await emit(agent, 'channels:list', {}), 'forbidden');
    const { socket: lead } = await t.connectAs(t.users.lead);
    errorOf(await emit(lead, 'channels:remove', { id: randomUUID() }), 'forbidden');
    lead.disconnect();
    errorOf(await emit(admin, 'channels:save', { ...saveRequest(), channel: 'pigeon' } as never), 'bad_request');
    errorOf(await emit(admin, 'channels:save', saveRequest({ name: '' })), 'bad_request');
    errorOf(await emit(admin, 'channels:save', { ...saveRequest(), id: randomUUID() }), 'not_found');
    errorOf(await emit(admin, 'channels:remove', { id: randomUUID() }), 'not_found');
    expect(await t.db.selectFrom('channel_accounts').select('id').execute()).toEqual(before);
    const { account } = okData(await emit(admin, 'channels:save', saveRequest()));
    errorOf(await emit(admin, 'channels:save', saveRequest({ address: account.address })), 'conflict');
  });
});

describe('outbound delivery', () => {
  const sent: OutboundReply[] = [];
  let failNext: DeliveryError | Error | null = null;

  beforeAll(() => {
    t.hub.delivery.register('x', async (reply) => {
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      sent.push(reply);
      return { providerMessageId: `tweet-${sent.length}`, channelMeta: { inReplyTo: 'tweet-0' } };
    });
  });

  /** An X conversation on a configured account, with the agent's reply stored. */
  async function replyOnAccount(withAccount = true): Promise<{ messageId: string; conversationId: string }> {
    let accountId: string | undefined;
    if (withAccount) {
      ({
        account: { id: accountId },
      } = okData(await emit(admin, 'channels:save', saveRequest({ channel: 'x', name: 'Brand on X', address: `x-${randomUUID()}`, secrets: {} }))));
    }
    const stored = await t.hub.ingest(inbound({ channel: 'x', kind: 'mention', sender: `x-user-${randomUUID()}`, ...(accountId ? { accountId } : {}) }));
    if (stored.status !== 'stored') throw new Error('not stored');
    const messageId = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: stored.conversationId, messageId, body: 'Thanks, we are on it!' }));
    return { messageId, conversationId: stored.conversationId };
  }

  async function deliveryOf(messageId: string) {
    await t.hub.delivery.idle();
    return t.db.selectFrom('messages').select(['delivery_status', 'delivery_error', 'provider_message_id', 'channel_meta']).where('id', '=', messageId).executeTakeFirstOrThrow();
  }


  it('sends a reply through its channel sender once and shows the outcome to consoles', async () => {
    const before = sent.length;
    const { messageId } = await replyOnAccount();
    await until(async () => (await deliveryOf(messageId)).delivery_status === 'sent', t.hub);
    expect(sent.length - before).toBe(1);
    const reply = sent.at(-1)!;
    expect(reply.message.id).toBe(messageId);
    expect(reply.account?.name).toBe('Brand on X');
    expect(reply.identity.channel).toBe('x');
    const row = await deliveryOf(messageId);
    expect(row.provider_message_id).toMatch(/^tweet-/);
    expect(row.channel_meta).toMatchObject({ inReplyTo: 'tweet-0' });
    // Consoles learn it through the change log: queued first, then sent.
    const { changes } = await pullAll(agent, 0);
    const states = changes.filter((c): c is Extract<Change, { entity: 'message' }> => c.entity === 'message' && c.data.id === messageId).map((c) => c.data.delivery?.status);
    expect(states).toEqual(['queued', 'sent']);
    // Internal notes never leave the hub.
    const note = randomUUID();
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: reply.conversation.id, messageId: note, body: 'internal', direction: 'note' }));
    expect((await deliveryOf(note)).delivery_status).toBeNull();
    expect(sent.length - before).toBe(1);
  });

  it('retries a transient failure and then delivers exactly once', async () => {
    failNext = new Error('ECONNRESET');
    const before = sent.length;
    const { messageId } = await replyOnAccount();
    await until(async () => (await t.db.selectFrom('deliveries').select('attempts').where('message_id', '=', messageId).executeTakeFirstOrThrow()).attempts >= 1, t.hub);
    expect((await deliveryOf(messageId)).delivery_status).toBe('queued');
    // Make the retry due now instead of after the backoff.
    await t.db.updateTable('deliveries').set({ next_attempt_at: new Date() }).where('message_id', '=', messageId).execute();
    await until(async () => (await deliveryOf(messageId)).delivery_status === 'sent', t.hub);
    expect(sent.length - before).toBe(1);
  });

  it('fails a reply the channel refuses, with the reason, and does not retry it', async () => {
    failNext = new DeliveryError('This account may not reply to this post', false);
    const before = sent.length;
    const { messageId } = await replyOnAccount();
    await until(async () => (await deliveryOf(messageId)).delivery_status === 'failed', t.hub);
    expect((await deliveryOf(messageId)).delivery_error).toBe('This account may not reply to this post');
    const { changes } = await pullAll(agent, 0);
    const last = changes.filter((c): c is Extract<Change, { entity: 'message' }> => c.entity === 'message' && c.data.id === messageId).at(-1);
    expect(last?.data.delivery).toEqual({ status: 'failed', error: 'This account may not reply to this post' });
    expect(sent.length).toBe(before);
  });

  it('fails a reply whose conversation has no channel account (outside demo mode)', async () => {
    const { messageId } = await replyOnAccount(false);
    await until(async () => (await deliveryOf(messageId)).delivery_status === 'failed', t.hub);
    expect((await deliveryOf(messageId)).delivery_error).toMatch(/No channel account/);
  });
});
