/**
 * Table types for Kysely. Must match `migrations.ts`; the migration test checks that a fresh
 * database has exactly these columns.
 */
import type { ColumnType, Generated } from 'kysely';
import type {
  Channel,
  ConversationKind,
  ConversationStatus,
  DeliveryStatus,
  DepartmentId,
  MessageDirection,
  Role,
} from '../../src-shared/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface DepartmentsTable {
  id: DepartmentId;
  name: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  departments: DepartmentId[];
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CustomersTable {
  id: string;
  name: string;
  language: string | null;
  country: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface IdentitiesTable {
  id: string;
  customer_id: string;
  channel: Channel;
  handle: string;
  provider_user_id: string;
  display_name: string | null;
  created_at: CreatedAt;
}

export interface ConversationsTable {
  id: string;
  customer_id: string;
  identity_id: string;
  channel: Channel;
  kind: ConversationKind;
  status: ConversationStatus;
  assignee_id: string | null;
  department_id: DepartmentId;
  priority: number;
  subject: string | null;
  version: number;
  snippet: string;
  last_message_at: Timestamp;
  waiting_since: Timestamp | null;
  /** The channel account it came in on (mailbox, page, number); replies leave from it. */
  channel_account_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  channel: Channel;
  direction: MessageDirection;
  author_id: string | null;
  body: string;
  channel_meta: Json<Record<string, unknown>>;
  provider_message_id: string | null;
  /** Outbound replies: where their delivery to the channel stands (null for inbound and notes). */
  delivery_status: ColumnType<DeliveryStatus | null, DeliveryStatus | null | undefined, DeliveryStatus | null>;
  delivery_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface ChannelAccountsTable {
  id: string;
  channel: Channel;
  name: string;
  /** What identifies the account at the provider: a mailbox address, page id, phone number id, X user id, widget key. */
  address: string;
  department_id: DepartmentId;
  settings: Json<Record<string, unknown>>;
  /** Never sent to consoles. */
  secrets: Json<Record<string, string>>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DeliveriesTable {
  message_id: string;
  conversation_id: string;
  channel: Channel;
  channel_account_id: string | null;
  status: DeliveryStatus;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  provider_message_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MutationsTable {
  client_id: string;
  mutation_id: string;
  user_id: string;
  name: string;
  result: Json<unknown>;
  created_at: CreatedAt;
}

export interface ChangesTable {
  /** int8: node-postgres returns it as a string, PGlite as a number — always read through Number(). */
  sync_id: Generated<number>;
  entity: string;
  entity_id: string;
  data: Json<unknown>;
  /** Conversation and message changes: the conversation's department and assignee then. */
  department_id: DepartmentId | null;
  assignee_id: string | null;
  created_at: CreatedAt;
}

export interface HubStateTable {
  key: string;
  /** bigint: read through Number(). */
  value: number;
}

export interface Database {
  hub_state: HubStateTable;
  departments: DepartmentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  identities: IdentitiesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  mutations: MutationsTable;
  changes: ChangesTable;
  channel_accounts: ChannelAccountsTable;
  deliveries: DeliveriesTable;
  email_attachments: EmailAttachmentsTable;
}

/** Mail attachments by content address; messages list them in channelMeta.attachments. */
export interface EmailAttachmentsTable {
  sha256: string;
  content_type: string;
  size: number;
  content: Uint8Array;
  /** Touched whenever a mail references it again; the orphan sweep only removes old, unreferenced rows. */
  created_at: ColumnType<Date, Date | undefined, Date>;
}
