/**
 * Email in demo mode: a demo mailbox, and demo customers whose mails really travel over SMTP to the
 * hub's own listener (nodemailer as the customer's mail client).
 *
 * The demo mailbox has no relay: its replies are rendered by nodemailer and written to the data
 * directory as .eml files (see the sender's `captureDir`), so threading headers are real and a
 * demo customer's next mail threads back through them.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import type { DepartmentId } from '../../../src-shared/index.js';
import type { DemoDriver } from '../../demo/traffic.js';
import type { Database } from '../../store/schema.js';
import { findChannelAccount, saveChannelAccount, type ChannelAccountRow } from '../registry.js';
import { normaliseMailAddress } from './account.js';

/** One demo mailbox per team, as a company would have them; mail lands in the mailbox's team. */
export const DEMO_MAILBOXES: Record<DepartmentId, { address: string; name: string }> = {
  service: { address: 'service@brightline.example', name: 'Brightline Service' },
  support: { address: 'support@brightline.example', name: 'Brightline Support' },
  sales: { address: 'sales@brightline.example', name: 'Brightline Sales' },
  marketing: { address: 'marketing@brightline.example', name: 'Brightline Marketing' },
};

/**
 * Create the demo mailbox accounts that do not exist yet (every demo start calls this), and give
 * the seeded email history its team's mailbox, so replies in old demo conversations leave the same
 * way as in new ones. The account is not part of what consoles sync, so no change is logged.
 */
export async function ensureDemoMailboxes(db: Kysely<Database>): Promise<ChannelAccountRow[]> {
  const accounts: ChannelAccountRow[] = [];
  for (const [departmentId, { address, name }] of Object.entries(DEMO_MAILBOXES) as [DepartmentId, { address: string; name: string }][]) {
    const existing = await findChannelAccount(db, 'email', address);
    const account = existing ?? (await saveChannelAccount(db, { channel: 'email', name, address, departmentId, settings: {}, secrets: {} }));
    accounts.push(account);
    await db
      .updateTable('conversations')
      .set({ channel_account_id: account.id })
      .where('channel', '=', 'email')
      .where('channel_account_id', 'is', null)
      .where('department_id', '=', departmentId)
      .execute();
  }
  return accounts;
}

/**
 * The newest mail of the sender's latest open email conversation, and the mailbox that conversation
 * belongs to — a mail client's "reply" answers that mail at that address.
 */
async function latestThreadMail(db: Kysely<Database>, senderAddress: string): Promise<{ messageId: string; mailbox: string | null } | null> {
  const row = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('identities', 'identities.id', 'conversations.identity_id')
    .leftJoin('channel_accounts', 'channel_accounts.id', 'conversations.channel_account_id')
    .select(['messages.provider_message_id', 'channel_accounts.address as mailbox'])
    .where('identities.channel', '=', 'email')
    .where('identities.provider_user_id', '=', normaliseMailAddress(senderAddress))
    .where('conversations.status', '!=', 'closed')
    .where('messages.provider_message_id', 'is not', null)
    .orderBy('conversations.last_message_at', 'desc')
    .orderBy('messages.created_at', 'desc')
    .executeTakeFirst();
  return row?.provider_message_id ? { messageId: row.provider_message_id, mailbox: row.mailbox } : null;
}

/**
 * A driver that mails each generated message to the hub's SMTP listener at `host:port`. A demo
 * customer with an open conversation answers its latest mail (In-Reply-To), so the message joins
 * that conversation; otherwise it starts a new thread.
 */
export function createEmailDemoDriver(db: Kysely<Database>, host: string, port: number): DemoDriver {
  const transport = createTransport({ host, port, secure: false, ignoreTLS: true, connectionTimeout: 10_000 });
  return async (message) => {
    const answered = await latestThreadMail(db, message.from.handle);
    const domain = message.from.handle.split('@')[1] || 'example.com';
    const messageId = `demo-${randomUUID()}@${domain}`;
    await transport.sendMail({
      from: { name: message.from.displayName ?? message.from.handle, address: message.from.handle },
      to: answered?.mailbox ?? DEMO_MAILBOXES[message.department ?? 'service'].address,
      ...((message.priority ?? 0) > 0 ? { priority: 'high' as const } : {}),
      ...(message.customer?.language ? { headers: { 'Content-Language': message.customer.language } } : {}),
      subject: answered ? `Re: ${message.subject ?? 'Brightline'}` : (message.subject ?? 'Question'),
      text: message.body,
      messageId: `<${messageId}>`,
      ...(answered ? { inReplyTo: `<${answered.messageId}>`, references: [`<${answered.messageId}>`] } : {}),
    });
    return { providerMessageId: messageId };
  };
}
