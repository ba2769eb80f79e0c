/**
 * The customer's latest message in a conversation: what a reply answers (the comment or tweet to
 * reply under) and when the customer last wrote (WhatsApp's 24-hour window).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MessagesTable } from '../../store/schema.js';

export type InboundRow = Pick<Selectable<MessagesTable>, 'id' | 'created_at' | 'channel_meta' | 'provider_message_id'>;

/** The newest inbound message of a conversation, or undefined when the customer never wrote. */
export function lastInbound(db: Kysely<Database> | Transaction<Database>, conversationId: string): Promise<InboundRow | undefined> {
  return db
    .selectFrom('messages')
    .select(['id', 'created_at', 'channel_meta', 'provider_message_id'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A string field of a message's channel metadata, if set. */
export function metaString(row: InboundRow | undefined, key: string): string | null {
  const value = (row?.channel_meta as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
