/**
 * Row → wire DTO conversion. The only place that knows both shapes.
 */
import type { Selectable } from 'kysely';
import type { Conversation, Customer, Identity, Message, User } from '../../src-shared/index.js';
import type {
  ConversationsTable,
  CustomersTable,
  IdentitiesTable,
  MessagesTable,
  UsersTable,
} from './schema.js';

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

export function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, departments: row.departments };
}

export function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    country: row.country,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toIdentity(row: Selectable<IdentitiesTable>): Identity {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel,
    handle: row.handle,
    providerUserId: row.provider_user_id,
    displayName: row.display_name,
  };
}

export function toConversation(row: Selectable<ConversationsTable>): Conversation {
  return {
    id: row.id,
    customerId: row.customer_id,
    identityId: row.identity_id,
    channel: row.channel,
    kind: row.kind,
    status: row.status,
    assigneeId: row.assignee_id,
    departmentId: row.department_id,
    priority: row.priority,
    subject: row.subject,
    version: row.version,
    snippet: row.snippet,
    lastMessageAt: iso(row.last_message_at),
    waitingSince: isoOrNull(row.waiting_since),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

type DeliveryColumns = 'delivery_status' | 'delivery_error';

/** A message row; the delivery columns may be left out of a lean select (they are null then). */
export type MessageRow = Omit<Selectable<MessagesTable>, DeliveryColumns> & Partial<Pick<Selectable<MessagesTable>, DeliveryColumns>>;

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    authorId: row.author_id,
    body: row.body,
    channelMeta: row.channel_meta ?? {},
    providerMessageId: row.provider_message_id,
    ...(row.delivery_status ? { delivery: { status: row.delivery_status, error: row.delivery_error ?? null } } : {}),
    createdAt: iso(row.created_at),
  };
}

/** A short one-line preview of a message body for queue rows. */
export function snippetOf(body: string, max = 140): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
