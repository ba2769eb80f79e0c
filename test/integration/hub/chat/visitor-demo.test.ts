/**
 * Demo mode drives web chat traffic through the real entry point: a socket.io-client visitor on
 * the `/visitor` namespace of the demo widget, not a direct database write.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_WIDGET_KEY } from '../../../../src-hub/channels/chat/demo.js';
import { startTestHub, type TestHub } from '../harness.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

it('seeds the demo widget and sends generated chat messages as a visitor over the socket', async () => {
  const widget = await t.db.selectFrom('channel_accounts').selectAll().where('channel', '=', 'chat').where('address', '=', DEMO_WIDGET_KEY).executeTakeFirstOrThrow();
  expect(widget.department_id).toBe('service');

  const connections: string[] = [];
  t.hub.realtime.io.of('/visitor').on('connection', (socket) => connections.push(socket.id));
  const first = await t.hub.traffic!.injectOne({ channel: 'chat' });
  expect(connections).toHaveLength(1);

  const row = await t.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('identities', 'identities.id', 'conversations.identity_id')
    .select(['messages.provider_message_id', 'conversations.channel_account_id', 'conversations.department_id', 'identities.provider_user_id'])
    .where('messages.id', '=', first.messageId)
    .executeTakeFirstOrThrow();
  expect(row.channel_account_id).toBe(widget.id);
  expect(row.department_id).toBe('service');
  // Stored under the visitor-namespaced client id, from the demo customer's visitor identity.
  const visitorId = row.provider_user_id.replace(/^visitor-/, '');
  expect(row.provider_message_id).toMatch(new RegExp(`^${visitorId}:[0-9a-f-]{36}$`));

  // The same customer writing again continues their chat conversation.
  const again = await t.hub.traffic!.injectOne({ conversationId: first.conversationId });
  expect(again.conversationId).toBe(first.conversationId);
  expect(connections).toHaveLength(2);
});
