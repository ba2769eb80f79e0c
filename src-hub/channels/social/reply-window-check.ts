/**
 * The hub refuses a free-form reply the channel would refuse: WhatsApp's 24-hour
 * customer-service window (rule in src-shared, so the console shows the same reason first).
 * Approved WhatsApp templates may be sent at any time.
 */
import type { Selectable, Transaction } from 'kysely';
import { replyWindow, type WhatsAppTemplate } from '../../../src-shared/index.js';
import { HubError } from '../../errors.js';
import type { ConversationsTable, Database } from '../../store/schema.js';
import { lastInbound } from './last-inbound.js';

/**
 * Throw `reply_window_closed` when a free-form reply on `conversation` at `at` falls outside its
 * channel's reply window; `bad_request` for a template on a channel other than WhatsApp.
 * Channels without a window pass without a query.
 */
export async function assertReplyWindowOpen(
  trx: Transaction<Database>,
  conversation: Selectable<ConversationsTable>,
  at: Date,
  template?: WhatsAppTemplate,
): Promise<void> {
  if (template) {
    if (conversation.channel !== 'whatsapp') throw new HubError('bad_request', 'Message templates can only be sent on WhatsApp', { reason: 'replyWindow.templateOnlyOnWhatsApp' });
    return;
  }
  if (replyWindow(conversation.channel, at, at).state === 'none') return;
  const latest = await lastInbound(trx, conversation.id);
  const window = replyWindow(conversation.channel, latest?.created_at ?? null, at);
  if (window.state === 'closed') throw HubError.of('reply_window_closed', window.reason);
}

/** What a new outbound message keeps in its channel metadata: the template it is sent as, if any. */
export function outboundChannelMeta(req: { direction: 'outbound' | 'note'; template?: WhatsAppTemplate }): Record<string, unknown> {
  return req.direction === 'outbound' && req.template ? { template: req.template } : {};
}
