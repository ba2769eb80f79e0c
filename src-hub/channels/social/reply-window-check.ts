/**
 * The hub refuses a free-form reply the channel would refuse: WhatsApp's 24-hour
 * customer-service window (rule in src-shared, so the console shows the same reason first).
 */
import type { Selectable, Transaction } from 'kysely';
import { replyWindow } from '../../../src-shared/index.js';
import { HubError } from '../../errors.js';
import type { ConversationsTable, Database } from '../../store/schema.js';
import { lastInbound } from './last-inbound.js';

/**
 * Throw `reply_window_closed` when a reply on `conversation` at `at` falls outside its channel's
 * reply window. Channels without a window pass without a query.
 */
export async function assertReplyWindowOpen(trx: Transaction<Database>, conversation: Selectable<ConversationsTable>, at: Date): Promise<void> {
  if (replyWindow(conversation.channel, at, at).state === 'none') return;
  const latest = await lastInbound(trx, conversation.id);
  const window = replyWindow(conversation.channel, latest?.created_at ?? null, at);
  if (window.state === 'closed') throw new HubError('reply_window_closed', window.reason);
}
