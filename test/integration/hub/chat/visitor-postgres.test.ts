/**
 * The web chat's own SQL on PostgreSQL (the PGlite runs are in visitor.test.ts): the token key
 * written into the account's jsonb secrets, the history query, the profile update and the offline
 * form's email conversation. Runs when TEST_DATABASE_URL names a server that lets the role create
 * databases (see postgres.test.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveChannelAccount, type ChannelAccountRow } from '../../../../src-hub/channels/registry.js';
import { emit, envelope, okData, startTestHub, type TestHub } from '../harness.js';
import { closeVisitors, connectVisitor, nextVisitorEvent, visitorEmit, visitorOk } from './visitor-client.js';

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)('web chat on PostgreSQL', () => {
  let admin: pg.Client;
  let database: string;
  let t: TestHub;
  let widget: ChannelAccountRow;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    database = `sb_chat_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${database}`);
    const url = new URL(baseUrl!);
    url.pathname = `/${database}`;
    t = await startTestHub({ database: { kind: 'postgres', url: url.toString() } });
    widget = await saveChannelAccount(t.db, { channel: 'chat', name: 'PG chat', address: `pg-${randomUUID()}`, departmentId: 'support' });
  });

  afterAll(async () => {
    closeVisitors();
    await t?.close();
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });

  it('chats, answers, remembers the visitor and takes an offline message', async () => {
    const { socket: agent } = await t.connectAs(t.users.agentA);
    const visitor = await connectVisitor(t.url, { widgetKey: widget.address });
    const session = visitorOk(await visitorEmit(visitor, 'visitor:hello', { profile: { name: 'Pia Postgres' } }));
    const stored = await t.db.selectFrom('channel_accounts').select('secrets').where('id', '=', widget.id).executeTakeFirstOrThrow();
    expect(Object.keys(stored.secrets)).toEqual(['visitorTokenKey']);

    const { message } = visitorOk(await visitorEmit(visitor, 'visitor:message', { clientMessageId: randomUUID(), body: 'Hallo aus Postgres' }));
    visitorOk(await visitorEmit(visitor, 'visitor:profile', { email: 'pia@example.org' }));
    const conversation = await t.db.selectFrom('messages').select('conversation_id').where('id', '=', message.id).executeTakeFirstOrThrow();
    const reply = nextVisitorEvent(visitor, 'visitor:message', (m) => m.author === 'agent');
    okData(await emit(agent, 'message:send', { ...envelope(), conversationId: conversation.conversation_id, messageId: randomUUID(), body: 'Hallo Pia!' }));
    expect((await reply).body).toBe('Hallo Pia!');
    visitor.close();

    const back = await connectVisitor(t.url, { widgetKey: widget.address, visitorToken: session.visitorToken });
    const again = visitorOk(await visitorEmit(back, 'visitor:hello', {}));
    expect(again.profile).toEqual({ name: 'Pia Postgres', email: 'pia@example.org' });
    expect(again.messages.map((m) => m.body)).toEqual(['Hallo aus Postgres', 'Hallo Pia!']);

    expect(visitorOk(await visitorEmit(back, 'visitor:offline-message', { clientMessageId: randomUUID(), name: 'Pia', email: 'pia@example.org', body: 'Offline' }))).toEqual({ received: true });
    const email = await t.db.selectFrom('identities').select('handle').where('channel', '=', 'email').where('provider_user_id', '=', 'pia@example.org').executeTakeFirst();
    expect(email?.handle).toBe('pia@example.org');
    agent.close();
  });
});
