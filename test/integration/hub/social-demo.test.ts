/**
 * Demo mode: generated social traffic enters through signed webhook requests to the hub's own
 * endpoints (not straight into the database), lands on the seeded demo accounts, and replies
 * leave through the real senders to the local provider stand-in — never the internet.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_BASE_URL } from '../../../src-hub/channels/meta/accounts.js';
import { sendReply } from '../../../src-hub/conversations/service.js';
import { toUser } from '../../../src-hub/store/mappers.js';
import { envelope, startTestHub, type TestHub } from './harness.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('demo social traffic', () => {
  it('seeds one account per social channel, pointed at the local stand-in, with secrets kept on the hub', async () => {
    const accounts = await t.db.selectFrom('channel_accounts').selectAll().where('channel', 'in', ['facebook', 'instagram', 'whatsapp', 'x']).execute();
    expect(accounts.map((a) => a.channel).sort()).toEqual(['facebook', 'instagram', 'whatsapp', 'x']);
    for (const account of accounts) {
      expect(String(account.settings.apiBaseUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(meta|x)$/);
      expect(String(account.settings.apiBaseUrl)).not.toContain(new URL(DEFAULT_GRAPH_BASE_URL).host);
      expect(Object.keys(account.secrets).length).toBeGreaterThanOrEqual(3);
    }
    // The seeded history of these channels belongs to the accounts, so replies to it leave through them.
    const orphans = await t.db.selectFrom('conversations').select('id').where('channel', 'in', ['facebook', 'instagram', 'whatsapp', 'x']).where('channel_account_id', 'is', null).execute();
    expect(orphans).toEqual([]);
  });

  it('delivers generated messages as signed webhooks and sends replies through the stand-in', async () => {
    const traffic = t.hub.traffic!;
    const agentRow = await t.db.selectFrom('users').selectAll().where('role', '=', 'lead').executeTakeFirstOrThrow();
    const lead = toUser(agentRow);
    for (const channel of ['facebook', 'instagram', 'whatsapp', 'x'] as const) {
      const { conversationId, messageId } = await traffic.injectOne({ channel });
      const message = await t.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
      // Stored under the id the (simulated) provider gave it, as a webhook would.
      expect(message.provider_message_id).not.toMatch(/^demo-/);
      const conversation = await t.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
      const account = await t.db.selectFrom('channel_accounts').selectAll().where('id', '=', conversation.channel_account_id!).executeTakeFirstOrThrow();
      expect(account.channel).toBe(channel);

      const replyId = randomUUID();
      await sendReply(t.db, lead, { ...envelope(), conversationId, messageId: replyId, body: 'Thanks, we are on it!', direction: 'outbound', confirmed: false });
      let row;
      for (let i = 0; i < 200; i++) {
        t.hub.delivery.kick();
        row = await t.db.selectFrom('messages').select(['delivery_status', 'delivery_error', 'provider_message_id']).where('id', '=', replyId).executeTakeFirstOrThrow();
        if (row.delivery_status !== 'queued') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(row, channel).toMatchObject({ delivery_status: 'sent', delivery_error: null });
      expect(row!.provider_message_id, channel).toBeTruthy();
    }
  }, 60_000);

  it('refuses an unsigned request even in demo mode', async () => {
    const response = await fetch(`${t.url}/webhooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"object":"page","entry":[]}' });
    expect(response.status).toBe(401);
  });
});
