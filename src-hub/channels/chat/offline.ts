/**
 * The offline form: when nobody can chat, the visitor leaves name, email and a message, and the
 * team answers by email.
 *
 * Design: the message is ingested as an **email** conversation — identity `email` with the
 * visitor's address, on the widget's offline mailbox (an email channel account). An agent's reply
 * then takes the ordinary email path: the delivery row names the email account, the email sender
 * sends from that mailbox to the identity's address, and the visitor's answer by mail threads into
 * the same customer's email conversation. A chat-channel conversation flagged "reply by email"
 * would instead need a second sender for one channel and would split the customer's mail history.
 * `channelMeta.chatOffline` records where it came from (widget, visitor) for the agent.
 */
import type { Kysely } from 'kysely';
import type { OfflineMessageRequestSchema } from '../../../src-shared/index.js';
import type { z } from 'zod';
import type { IngestResult, InboundMessage } from '../../ingest/ingest.js';
import type { Database } from '../../store/schema.js';
import { findChannelAccount, type ChannelAccountRow } from '../registry.js';
import { widgetSettings } from './settings.js';

/**
 * The mailbox that answers a widget's offline messages: the configured one, else an enabled
 * mailbox of the widget's department, else any enabled mailbox; null when the hub has none (the
 * conversation is still stored; the reply then fails visibly until a mailbox is set up).
 */
export async function offlineMailboxFor(db: Kysely<Database>, widget: ChannelAccountRow): Promise<ChannelAccountRow | null> {
  const configured = widgetSettings(widget).offlineMailbox;
  if (configured) return (await findChannelAccount(db, 'email', configured)) ?? null;
  const mailboxes = await db.selectFrom('channel_accounts').selectAll().where('channel', '=', 'email').where('enabled', '=', true).orderBy('created_at').execute();
  return mailboxes.find((m) => m.department_id === widget.department_id) ?? mailboxes[0] ?? null;
}

/** Store an offline-form message as an email conversation from the visitor's address. */
export async function ingestOfflineMessage(
  deps: { db: Kysely<Database>; ingest: (message: InboundMessage) => Promise<IngestResult> },
  widget: ChannelAccountRow,
  visitorId: string,
  req: z.output<typeof OfflineMessageRequestSchema>,
): Promise<IngestResult> {
  const mailbox = await offlineMailboxFor(deps.db, widget);
  return deps.ingest({
    channel: 'email',
    kind: 'message',
    // Prefixed so it can never collide with a real Message-ID; namespaced by visitor like chat messages.
    providerMessageId: `chat-offline:${visitorId}:${req.clientMessageId}`,
    // Email identities are keyed by the lower-case address (as the email channel does).
    from: { providerUserId: req.email, handle: req.email, displayName: req.name },
    subject: `Message from the website chat (${widget.name})`,
    body: req.body,
    channelMeta: { chatOffline: { widget: widget.name, widgetAccountId: widget.id, visitorId, replyBy: 'email' } },
    ...(mailbox ? { accountId: mailbox.id } : {}),
    department: widget.department_id,
  });
}
