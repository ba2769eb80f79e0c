/**
 * One received mail into the hub: parse, store the attachment bytes, then the one ingest path.
 * Shared by the SMTP listener and the IMAP poller so both behave the same on every mail.
 */
import type { Kysely } from 'kysely';
import { HubError } from '../../errors.js';
import type { InboundMessage, IngestResult } from '../../ingest/ingest.js';
import type { Database } from '../../store/schema.js';
import type { ChannelAccountRow } from '../registry.js';
import { normaliseMailAddress } from './account.js';
import { storeAttachments } from './attachments.js';
import { MailRejected, parseMail, type MailLimits, type ParsedEmail } from './parse.js';

export interface MailIngestDeps {
  db: Kysely<Database>;
  ingest: (message: InboundMessage) => Promise<IngestResult>;
  limits: MailLimits;
}

/** The inbound message the hub stores for a parsed mail that arrived on `account`. */
export function inboundFromMail(mail: ParsedEmail, account: ChannelAccountRow): InboundMessage {
  return {
    channel: 'email',
    kind: 'message',
    providerMessageId: mail.messageId,
    from: { providerUserId: normaliseMailAddress(mail.from.address), handle: mail.from.address, displayName: mail.from.name },
    body: mail.text,
    subject: mail.subject,
    channelMeta: { ...mail.meta },
    department: account.department_id,
    accountId: account.id,
    // Urgent mail goes up the queue like an urgent message on any channel.
    priority: mail.urgent ? 50 : 0,
    customer: mail.language ? { language: mail.language } : {},
    // Email threads explicitly: a reply joins the conversation of the mail it answers, a new
    // mail starts a new conversation.
    replyTo: mail.answers,
  };
}

/**
 * Parse and store one mail for `account`.
 *
 * @throws MailRejected (answer 5xx, do not retry) for mail the hub will not take; any other error
 * means nothing usable was stored and the sender should retry (SMTP 4xx, IMAP: leave unseen).
 */
export async function ingestMail(deps: MailIngestDeps, raw: Buffer, account: ChannelAccountRow, envelopeFrom: string | null): Promise<IngestResult> {
  const mail = await parseMail(raw, envelopeFrom, deps.limits);
  await storeAttachments(deps.db, mail.attachments);
  try {
    return await deps.ingest(inboundFromMail(mail, account));
  } catch (error) {
    if (error instanceof HubError && error.code === 'bad_request') throw new MailRejected(554, error.message);
    throw error;
  }
}
