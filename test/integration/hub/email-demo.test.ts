/**
 * Email in demo mode: demo customers' mails travel over SMTP to the hub's own listener, replies
 * from the demo mailboxes are rendered by nodemailer into the data directory (.eml) and marked
 * sent, and the demo customer's next mail threads back through the reply's Message-ID.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAILBOXES } from '../../../src-hub/channels/email/demo.js';
import { emit, envelope, okData, startTestHub, type TestHub, type TestSocket } from './harness.js';
import { eventually, testEmailConfig } from './mail-helpers.js';

let t: TestHub;
let lead: TestSocket;

beforeAll(async () => {
  t = await startTestHub({ demo: true, email: testEmailConfig() });
  ({ socket: lead } = await t.connectAs(t.users.lead));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const message = (id: string) => t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('email demo traffic', () => {
  it('stores the seeded history replies as delivered long ago, never sending them again', async () => {
    const outbound = await t.db.selectFrom('messages').select(['delivery_status']).where('direction', '=', 'outbound').execute();
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.every((m) => m.delivery_status === 'sent')).toBe(true);
    expect(await t.db.selectFrom('deliveries').select('message_id').execute()).toEqual([]);
  });

  it('seeds one mailbox per team, and the seeded email history answers from them', async () => {
    const orphans = await t.db.selectFrom('conversations').select('id').where('channel', '=', 'email').where('channel_account_id', 'is', null).execute();
    expect(orphans).toEqual([]);
    expect((await t.db.selectFrom('conversations').select('id').where('channel', '=', 'email').execute()).length).toBeGreaterThan(0);
    const accounts = await t.db.selectFrom('channel_accounts').select(['address', 'department_id']).where('channel', '=', 'email').orderBy('address').execute();
    expect(accounts).toEqual(
      Object.entries(DEMO_MAILBOXES)
        .map(([department_id, { address }]) => ({ address, department_id }))
        .sort((a, b) => a.address.localeCompare(b.address)),
    );
  });

  it('delivers generated mail over SMTP, captures the reply, and threads the answer back', async () => {
    const first = await t.hub.traffic!.injectOne({ channel: 'email' });
    const inbound = await message(first.messageId);
    const meta = inbound.channel_meta as Record<string, any>;
    // Parsed from a real SMTP session, not written straight into the ingest function.
    expect(inbound.provider_message_id).toMatch(/^demo-[0-9a-f-]+@/);
    expect(meta.messageId).toBe(inbound.provider_message_id);
    expect(meta.headers.map((h: { key: string }) => h.key)).toEqual(expect.arrayContaining(['from', 'to', 'message-id']));
    const conversation = await t.db.selectFrom('conversations').selectAll().where('id', '=', first.conversationId).executeTakeFirstOrThrow();
    const mailboxes = Object.values(DEMO_MAILBOXES).map((m) => m.address);
    const account = await t.db.selectFrom('channel_accounts').selectAll().where('id', '=', conversation.channel_account_id!).executeTakeFirstOrThrow();
    expect(mailboxes).toContain(account.address);
    expect(meta.to).toEqual([account.address]);

    // The customer writes again into the same conversation.
    const again = await t.hub.traffic!.injectOne({ conversationId: first.conversationId });
    expect(again.conversationId).toBe(first.conversationId);
    expect((await message(again.messageId)).channel_meta).toMatchObject({ inReplyTo: expect.any(String) });

    // The lead answers; the demo mailbox has no relay, so the mail is rendered into the data directory.
    const replyId = randomUUID();
    okData(await emit(lead, 'message:send', { ...envelope(), conversationId: first.conversationId, messageId: replyId, body: 'We are looking into it.' }));
    await eventually(async () => (await message(replyId)).delivery_status === 'sent', 'the demo reply to be sent', 10_000, () => t.hub.delivery.kick());
    const reply = await message(replyId);
    const replyMeta = reply.channel_meta as { captured: string; messageId: string };
    expect(reply.provider_message_id).toBe(`${replyId}@brightline.example`);
    const eml = await simpleParser(await readFile(replyMeta.captured));
    expect(eml.from?.value[0]?.address).toBe(account.address);
    expect(eml.to && !Array.isArray(eml.to) ? eml.to.value[0]?.address : null).toBe((await message(again.messageId)).channel_meta.from);
    expect(eml.inReplyTo).toBe(`<${(await message(again.messageId)).provider_message_id}>`);
    expect(eml.text?.trim()).toBe('We are looking into it.');

    // The customer's next mail answers the reply and joins the conversation through it.
    const answer = await t.hub.traffic!.injectOne({ conversationId: first.conversationId });
    expect(answer.conversationId).toBe(first.conversationId);
    expect((await message(answer.messageId)).channel_meta).toMatchObject({ inReplyTo: reply.provider_message_id });
  });
});
