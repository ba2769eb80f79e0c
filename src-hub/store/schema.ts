/**
 * Table types for Kysely. Must match `migrations.ts`; the migration test checks that a fresh
 * database has exactly these columns.
 */
import type { ColumnType, Generated } from 'kysely';
import type {
  Channel,
  ConversationEventKind,
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
  // Customer 360 (migration 0020).
  customer_number: ColumnType<string | null, string | null | undefined, string | null>;
  segment: ColumnType<string | null, string | null | undefined, string | null>;
  owner: ColumnType<string | null, string | null | undefined, string | null>;
  score_inputs: ColumnType<ScoreInputsJson | null, string | null | undefined, string | null>;
  priority_boost: Generated<number>;
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** `customers.score_inputs`: the profile and agent-maintained part of the score's inputs. */
export interface ScoreInputsJson {
  followers: number | null;
  verified: boolean;
  /** Counted from messages when the score was last computed. */
  messages90d?: number;
  helpfulAnswers: number;
  positiveMentions: number;
}

export interface CustomerConsentsTable {
  id: string;
  customer_id: string;
  identity_id: string | null;
  purpose: string;
  source: string;
  granted_at: Timestamp;
  revoked_at: Timestamp | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface CustomerRewardsTable {
  id: string;
  customer_id: string;
  kind: string;
  code: string;
  note: string;
  granted_by: string | null;
  created_at: CreatedAt;
}

export interface CustomerMergesTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  merged_name: string;
  fields_taken: Json<string[]>;
  snapshot: ColumnType<unknown, string | null, string | null>;
  created_by: string | null;
  created_at: CreatedAt;
  undone_at: Timestamp | null;
  undone_by: string | null;
}

export interface CustomerAuditTable {
  id: string;
  customer_id: string;
  action: string;
  actor_id: string | null;
  detail: Json<Record<string, unknown>>;
  created_at: CreatedAt;
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
  /** Tags from #hashtags in notes (migration 0060); a JSON array of strings. */
  tags: ColumnType<string[], string | undefined, string>;
  /** Snoozed until (migration 0070); null when not snoozed. */
  snoozed_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Shared reply texts (migration 0060_shared_replies); deleted rows stay as tombstones. */
export interface CannedResponsesTable {
  id: string;
  title: string;
  body: string;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: string;
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
  canned_responses: CannedResponsesTable;
  messages: MessagesTable;
  mutations: MutationsTable;
  changes: ChangesTable;
  channel_accounts: ChannelAccountsTable;
  deliveries: DeliveriesTable;
  email_attachments: EmailAttachmentsTable;
  customer_consents: CustomerConsentsTable;
  customer_rewards: CustomerRewardsTable;
  customer_merges: CustomerMergesTable;
  customer_audit: CustomerAuditTable;
  callbacks: CallbacksTable;
  conversation_events: ConversationEventsTable;
  hub_settings: HubSettingsTable;
  agent_profiles: AgentProfilesTable;
  agent_presence: AgentPresenceTable;
  shifts: ShiftsTable;
  work_events: WorkEventsTable;
  sla_events: SlaEventsTable;
  lead_alerts: LeadAlertsTable;
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

/** A conversation's system events (see src-shared/protocol/conversation-event.ts). */
export interface ConversationEventsTable {
  id: string;
  conversation_id: string;
  kind: ConversationEventKind;
  actor_id: string | null;
  /** assigneeId, departmentId or until, as the kind has them. */
  data: ColumnType<Record<string, unknown>, string, string>;
  created_at: Date;
}

/** Switch to phone: a promised call back, a queue item with its own deadline (`due_at`). */
export interface CallbacksTable {
  id: string;
  conversation_id: string;
  customer_id: string;
  assignee_id: string | null;
  created_by: string;
  due_at: Date;
  number: string;
  ext: string | null;
  customer_time_zone: string;
  note: string;
  status: 'open' | 'done' | 'cancelled';
  escalated_at: Date | null;
  done_call_id: string | null;
  done_at: Date | null;
  version: number;
  created_at: ColumnType<Date, Date | undefined, Date>;
  updated_at: Date;
}

/** Hub configuration that admins edit in the console (JSON per key), e.g. `telephony`. */
export interface HubSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Routing skills and capacity of an agent (lead tools). Empty lists mean "any". */
export interface AgentProfilesTable {
  user_id: string;
  channels: ColumnType<Channel[], Channel[] | undefined, Channel[]>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  /** Open conversations per channel: `{ chat: 3 }`; other channels use `default_capacity`. */
  capacity: ColumnType<Partial<Record<Channel, number>>, string | undefined, string>;
  default_capacity: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

/** What an agent chose, and since when none of her consoles is connected. */
export interface AgentPresenceTable {
  user_id: string;
  state: 'available' | 'busy' | 'away' | 'offline';
  state_set_at: Timestamp;
  offline_since: Timestamp | null;
  updated_at: Timestamp;
}

export interface ShiftsTable {
  id: string;
  user_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  handover_note: Generated<string>;
}

/** Written by triggers on conversations and messages (see migration 0030). */
export interface WorkEventsTable {
  /** bigint: read through Number(). */
  id: Generated<number>;
  conversation_id: string;
  user_id: string | null;
  kind: 'created' | 'assigned' | 'unassigned' | 'closed' | 'reopened' | 'transferred' | 'channel_switch' | 'reply' | 'note';
  channel: Channel;
  department_id: DepartmentId;
  at: CreatedAt;
}

export interface SlaEventsTable {
  id: Generated<number>;
  conversation_id: string;
  kind: 'first_response' | 'next_response' | 'resolution';
  state: 'warning' | 'breached';
  due_at: Timestamp;
  assignee_id: string | null;
  recorded_at: CreatedAt;
}

export interface LeadAlertsTable {
  id: string;
  kind: 'volume_spike' | 'negative_spike';
  topic: string;
  summary: string;
  messages: Json<unknown>;
  created_at: CreatedAt;
}
