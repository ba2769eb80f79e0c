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

/** Columns added by the Customer 360 migration; older selects may leave them out. */
type CustomerExtraColumns = 'customer_number' | 'segment' | 'owner' | 'score_inputs' | 'priority_boost' | 'merged_into' | 'erased_at';

export function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, departments: row.departments };
}

export function toCustomer(row: Omit<Selectable<CustomersTable>, CustomerExtraColumns> & Partial<Pick<Selectable<CustomersTable>, CustomerExtraColumns>>): Customer {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    country: row.country,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    // Customer 360 fields; rows read without them (lean selects) simply leave them out.
    ...(row.customer_number !== undefined ? { customerNumber: row.customer_number } : {}),
    ...(row.segment !== undefined ? { segment: row.segment } : {}),
    ...(row.owner !== undefined ? { owner: row.owner } : {}),
    ...(row.score_inputs !== undefined ? { scoreInputs: scoreInputsOf(row.score_inputs) } : {}),
    ...(row.merged_into !== undefined ? { mergedInto: row.merged_into } : {}),
    ...(row.erased_at !== undefined ? { erasedAt: isoOrNull(row.erased_at) } : {}),
  };
}

/** Stored score inputs → the wire's (messages90d is counted when the score is recomputed, kept in the JSON). */
function scoreInputsOf(json: Selectable<CustomersTable>['score_inputs']): Customer['scoreInputs'] {
  if (!json) return null;
  const j = json as Partial<NonNullable<Customer['scoreInputs']>>;
  return {
    followers: typeof j.followers === 'number' ? j.followers : null,
    verified: j.verified === true,
    messages90d: typeof j.messages90d === 'number' ? j.messages90d : 0,
    helpfulAnswers: typeof j.helpfulAnswers === 'number' ? j.helpfulAnswers : 0,
    // Agent- or CRM-counted plus what the hub detected in public posts at the last recompute.
    positiveMentions: (typeof j.positiveMentions === 'number' ? j.positiveMentions : 0) + (typeof (j as { mentionsDetected?: unknown }).mentionsDetected === 'number' ? (j as { mentionsDetected: number }).mentionsDetected : 0),
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
    // Absent from rows selected before migration 0060 added it (and from lean selects).
    tags: row.tags ?? [],
    // Absent from rows selected before migration 0070 added it.
    snoozedUntil: row.snoozed_until === undefined ? null : isoOrNull(row.snoozed_until),
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

/**
 * A short one-line preview of a message body for queue rows.
 *
 * Only the start of the body is flattened (more of it only while the flattened part is still too
 * short): collapsing the whitespace of a whole 50 KB mail to keep 140 characters of it was a
 * visible share of the hub's CPU at ingest and catch-up rates. The result is the same as
 * flattening the whole body.
 */
export function snippetOf(body: string, max = 140): string {
  let end = Math.min(body.length, max * 4);
  let flat = body.slice(0, end).replace(/\s+/g, ' ').trim();
  while (flat.length <= max && end < body.length) {
    end = Math.min(body.length, end * 4);
    flat = body.slice(0, end).replace(/\s+/g, ' ').trim();
  }
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
