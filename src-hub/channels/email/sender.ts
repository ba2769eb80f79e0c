/**
 * Outbound email: an agent's reply leaves through the mailbox account's SMTP relay, from the
 * mailbox address, as a plain-text mail threaded into the customer's conversation.
 *
 * The Message-ID is derived from the hub's message id, so a resend after a crash mid-send carries
 * the same id and mail clients show it once; it is stored as the message's providerMessageId, so
 * the customer's answer (In-Reply-To it) threads back into the conversation.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { forwardSubject, replySubject } from '../../../src-shared/index.js';
import { DeliveryError, type DeliveryReceipt, type OutboundReply } from '../delivery.js';
import { emailSecretsOf, emailSettingsOf } from './account.js';

/** References kept in a reply; long threads keep the first mail and the newest ones (RFC 5322 §3.6.4). */
const MAX_REFERENCES = 30;

export interface EmailSenderOptions {
  /**
   * Where replies from mailboxes without a relay are written as .eml files instead of sent (demo
   * mode: the demo mailbox has nowhere real to send to). Null: such replies fail with a reason.
   */
  captureDir: string | null;
}

interface ThreadMail {
  direction: string;
  provider_message_id: string | null;
  channel_meta: Record<string, unknown>;
}

// The console proposes the same subject in its composer, so the rule lives in src-shared.
export { forwardSubject, replySubject };

const bracket = (id: string) => `<${id}>`;

/**
 * The threading headers of a reply: In-Reply-To the mail it answers (the one the agent replied to,
 * else the customer's latest), References the thread.
 */
export function threadHeaders(thread: readonly ThreadMail[], answered: string | null = null): { inReplyTo: string | null; references: string[] } {
  const ids = thread.map((m) => m.provider_message_id).filter((id): id is string => Boolean(id));
  const lastInbound = [...thread].reverse().find((m) => m.direction === 'inbound' && m.provider_message_id);
  const inReplyTo = answered ?? lastInbound?.provider_message_id ?? ids.at(-1) ?? null;
  const references = ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  return { inReplyTo, references };
}

/** The agent's choices stored with the reply (see conversations/reply-options.ts). */
function replyOptionsOf(meta: Record<string, unknown>) {
  const forward = meta.forward as { to?: unknown } | undefined;
  return {
    subject: typeof meta.subject === 'string' ? meta.subject : null,
    cc: stringList(meta.cc),
    inReplyToMessageId: typeof meta.inReplyToMessageId === 'string' ? meta.inReplyToMessageId : null,
    forward: forward && typeof forward.to === 'string' ? { to: forward.to } : null,
  };
}

/** The Message-ID of the mail with hub id `id`, if it has one. */
async function answeredMail(db: OutboundReply['db'], id: string): Promise<string | null> {
  const row = await db.selectFrom('messages').select('provider_message_id').where('id', '=', id).where('channel', '=', 'email').executeTakeFirst();
  return row?.provider_message_id ?? null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Build the sender registered for 'email'. */
export function createEmailSender(options: EmailSenderOptions) {
  return async function sendEmail(reply: OutboundReply): Promise<DeliveryReceipt> {
    const { account, message, conversation, identity, db } = reply;
    if (!account) throw new DeliveryError('This conversation has no mailbox to answer from', false);
    const settings = emailSettingsOf(account);
    const secrets = emailSecretsOf(account);

    const thread = (await db
      .selectFrom('messages')
      .select(['direction', 'provider_message_id', 'channel_meta', 'created_at'])
      .where('conversation_id', '=', conversation.id)
      .where('channel', '=', 'email')
      .where('direction', 'in', ['inbound', 'outbound'])
      .where('id', '!=', message.id)
      .orderBy('created_at')
      .execute()) as (ThreadMail & { created_at: Date })[];
    const choices = replyOptionsOf(message.channel_meta);
    // The mail the agent answered (her "reply" on that message), else the customer's latest.
    const answered = choices.inReplyToMessageId ? await answeredMail(db, choices.inReplyToMessageId) : null;
    const { inReplyTo, references } = threadHeaders(thread, answered);
    const lastInbound = [...thread].reverse().find((m) => m.direction === 'inbound');
    // Answer where the customer asked answers to go (Reply-To), else to the address they wrote from.
    // A forward goes to the address the agent chose, as a new mail (no threading into the customer's).
    const to = choices.forward?.to ?? stringList(lastInbound?.channel_meta.replyTo)[0] ?? identity.handle;
    const threadSubject = conversation.subject ?? (typeof lastInbound?.channel_meta.subject === 'string' ? lastInbound.channel_meta.subject : null);
    const subject = choices.subject ?? (choices.forward ? forwardSubject(threadSubject) : replySubject(threadSubject));
    const domain = account.address.split('@')[1] || 'switchboard.invalid';
    const messageId = `${message.id}@${domain}`;

    const mail = {
      from: { name: account.name, address: account.address },
      to,
      ...(choices.cc.length > 0 ? { cc: choices.cc } : {}),
      subject,
      text: message.body,
      messageId: bracket(messageId),
      ...(inReplyTo && !choices.forward ? { inReplyTo: bracket(inReplyTo) } : {}),
      ...(references.length > 0 && !choices.forward ? { references: references.map(bracket) } : {}),
    };
    const receipt: DeliveryReceipt = {
      providerMessageId: messageId,
      channelMeta: choices.forward
        ? { messageId, from: account.address, to: [to], cc: choices.cc, subject }
        : { messageId, inReplyTo, references, from: account.address, to: [to], cc: choices.cc, subject },
    };

    if (!settings.relay) {
      if (!options.captureDir) {
        throw new DeliveryError(`The mailbox ${account.address} has no SMTP relay configured; an admin can set one in its channel settings`, false);
      }
      const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      const info = await transport.sendMail(mail);
      await mkdir(options.captureDir, { recursive: true });
      const file = join(options.captureDir, `${message.id}.eml`);
      await writeFile(file, info.message as Buffer);
      return { ...receipt, channelMeta: { ...receipt.channelMeta, captured: file } };
    }

    const { relay } = settings;
    const transport = createTransport({
      host: relay.host,
      port: relay.port,
      secure: relay.secure,
      ...(relay.user ? { auth: { user: relay.user, pass: secrets.relayPassword ?? '' } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    try {
      await transport.sendMail(mail);
    } catch (error) {
      throw asDeliveryError(error, relay.host);
    } finally {
      transport.close();
    }
    return receipt;
  };
}

/**
 * A relay's 5xx is final (a refused recipient, a rejected login): retrying cannot help, the agent
 * sees why. 4xx replies and connection failures are retried with backoff.
 */
export function asDeliveryError(error: unknown, host: string): DeliveryError {
  const e = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const said = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  if (code !== null && code >= 500 && code < 600) return new DeliveryError(`The mail relay ${host} refused the reply: ${said}`, false);
  return new DeliveryError(`The mail relay ${host} is not reachable or busy (${code ?? (typeof e.code === 'string' ? e.code : 'error')}): ${said}`, true);
}
