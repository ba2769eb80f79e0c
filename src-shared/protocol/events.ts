/**
 * socket.io event maps: the one typed contract between console and hub.
 *
 * Sync model (Replicache-style "poke then pull"): the hub emits `sync:poke` with its newest sync id;
 * the console pulls everything after its stored cursor with `sync:pull`. A small commit's changes
 * ride along in the poke, and the console applies them only when they continue its stored cursor
 * exactly. A missed poke therefore never loses data — the next pull fills the gap.
 */
import type { ChannelAccount, SaveChannelAccountRequest } from './channels.js';
import type { AckCallback, WireReason } from './errors.js';
import type { CannedResponse, SaveCannedRequest } from './canned.js';
import type { ConversationPresenceRequest, Watchers } from './collision.js';
import type { ChatTypingRequest } from './visitor.js';
import type {
  Consent,
  CustomerExport,
  CustomerSuggestionsResult,
  GrantRewardRequest,
  MergeCustomersRequest,
  MergeRecord,
  RecordConsentRequest,
  RevokeConsentRequest,
  Reward,
  UpdateCustomerRequest,
} from './customer.js';
import type { SyncPoke } from './poke.js';
import type {
  CallbackResult,
  CallLogResult,
  CallReport,
  DialRequest,
  LogCallRequest,
  ScheduleCallbackRequest,
  TelephonySettingsInput,
  TelephonySettingsView,
  UpdateCallbackRequest,
  UpdateCallRequest,
} from './telephony.js';
import type { AgentProfile, Alert, Dashboard, LeadSettings, PresenceInfo, QueuePosition, Report, ReportRequest, WaitingRow } from './lead.js';
import type { MutationBatchRequest, MutationBatchResult } from './mutations.js';
import type { SnoozeRequest } from './snooze.js';
import type {
  AssignRequest,
  BootstrapPlan,
  BootstrapPlanRequest,
  BootstrapRequest,
  Change,
  Conversation,
  Customer,
  HubInfo,
  Message,
  QueueStats,
  SendReplyRequest,
  SetStatusRequest,
  Snapshot,
  SyncPullRequest,
  TransferRequest,
  UntagRequest,
  User,
} from './schemas.js';

export interface HelloResult {
  protocolVersion: number;
  user: User;
  /** Newest sync id at the time of the hello. */
  head: number;
}

export interface SyncPullResult {
  changes: Change[];
  /** The cursor to store with these changes (the last change's sync id, or the request cursor). */
  cursor: number;
  hasMore: boolean;
}

export interface SendReplyResult {
  message: Message;
  conversation: Conversation;
}

export interface ConversationResult {
  conversation: Conversation;
}

export interface ClientToServerEvents {
  hello: (req: { protocolVersion: number }, ack: AckCallback<HelloResult>) => void;
  'sync:pull': (req: SyncPullRequest, ack: AckCallback<SyncPullResult>) => void;
  /** First page (`queue`), then the pages of the plan (`page`). */
  'sync:bootstrap': (req: BootstrapRequest, ack: AckCallback<Snapshot>) => void;
  /** The rest of a bootstrap cut into pages, so a console can fetch several at once. */
  'sync:plan': (req: BootstrapPlanRequest, ack: AckCallback<BootstrapPlan>) => void;
  /** One conversation's full history, for a console that just gained access to it. */
  'sync:conversation': (req: { conversationId: string }, ack: AckCallback<Snapshot>) => void;
  'message:send': (req: SendReplyRequest, ack: AckCallback<SendReplyResult>) => void;
  'conversation:assign': (req: AssignRequest, ack: AckCallback<ConversationResult>) => void;
  'conversation:set-status': (req: SetStatusRequest, ack: AckCallback<ConversationResult>) => void;
  /** Move to another department's queue, unassigned. */
  'conversation:transfer': (req: TransferRequest, ack: AckCallback<ConversationResult>) => void;
  /** Lead/admin: create or update a canned response (idempotent by id). */
  'canned:save': (req: SaveCannedRequest, ack: AckCallback<{ canned: CannedResponse }>) => void;
  /** Lead/admin: delete a canned response (idempotent). */
  'canned:delete': (req: { id: string }, ack: AckCallback<{ canned: CannedResponse }>) => void;
  /** Collision: this console views (and maybe types in) a conversation; ephemeral, never logged. */
  'conversation:presence': (req: ConversationPresenceRequest, ack: AckCallback<{ watchers: Watchers['watchers'] }>) => void;
  /** Remove a tag (tags come from `#hashtags` in internal notes). */
  'conversation:untag': (req: UntagRequest, ack: AckCallback<ConversationResult>) => void;
  /** Snooze until a time, or wake (`until: null`); see protocol/snooze.ts. */
  'conversation:snooze': (req: SnoozeRequest, ack: AckCallback<ConversationResult>) => void;
  /**
   * Consecutive outbox rows in one request, answered per item in order with the same semantics as
   * the single events above (see `mutations.ts`).
   */
  'mutation:batch': (req: MutationBatchRequest, ack: AckCallback<MutationBatchResult>) => void;
  /** Lead-only: live queue load. */
  'queue:stats': (req: Record<string, never>, ack: AckCallback<QueueStats>) => void;
  /**
   * Lead-only, demo mode only: make the traffic generator produce one customer message now — on a
   * channel, or from the customer of a given conversation (so a demo can make them write again).
   */
  'demo:inject': (req: { channel?: string; conversationId?: string }, ack: AckCallback<{ conversationId: string; messageId: string }>) => void;
  /** Admin-only: the channel accounts (credentials never included, only which are set). */
  'channels:list': (req: { channel?: string }, ack: AckCallback<{ accounts: ChannelAccount[] }>) => void;
  /** Admin-only: create or update a channel account. */
  'channels:save': (req: SaveChannelAccountRequest, ack: AckCallback<{ account: ChannelAccount }>) => void;
  /** Admin-only: remove a channel account (its conversations stay). */
  'channels:remove': (req: { id: string }, ack: AckCallback<{ id: string }>) => void;
  /** Any role, for herself: available / busy / away (the hub adds offline when she is not connected). */
  'presence:set': (req: { state: 'available' | 'busy' | 'away' }, ack: AckCallback<PresenceInfo>) => void;
  /** Her own presence, shift and the latest hand-over notes of her teams. */
  'presence:me': (req: Record<string, never>, ack: AckCallback<PresenceInfo>) => void;
  'shift:start': (req: Record<string, never>, ack: AckCallback<PresenceInfo>) => void;
  /** Ends her shift with a hand-over note; her open work returns to the queue after the grace period. */
  'shift:end': (req: { handoverNote?: string }, ack: AckCallback<PresenceInfo>) => void;
  /** Take the next conversation in routing order that fits her skills and capacity (null: none). */
  'routing:next': (req: Record<string, never>, ack: AckCallback<{ conversation: Conversation | null }>) => void;
  /** The waiting conversations she may see, with their places in the routing order (first 20). */
  'routing:queue': (req: Record<string, never>, ack: AckCallback<{ waiting: number; items: WaitingRow[] }>) => void;
  /** A waiting conversation's place in the routing order. */
  'routing:position': (req: { conversationId: string }, ack: AckCallback<QueuePosition>) => void;
  /** Lead-only: the live dashboard now (then pushed as `lead:dashboard`). */
  'lead:dashboard': (req: Record<string, never>, ack: AckCallback<Dashboard>) => void;
  /** Lead-only: skills and capacity of agents. */
  'lead:profiles': (req: Record<string, never>, ack: AckCallback<{ profiles: AgentProfile[] }>) => void;
  'lead:profile-save': (req: AgentProfile, ack: AckCallback<{ profile: AgentProfile }>) => void;
  'lead:settings': (req: Record<string, never>, ack: AckCallback<LeadSettings>) => void;
  'lead:settings-save': (req: LeadSettings, ack: AckCallback<LeadSettings>) => void;
  /** Lead-only: handle time, touches, first response and channel switches over a date range. */
  'lead:report': (req: ReportRequest, ack: AckCallback<Report>) => void;
  /** The agent is typing a reply in a web chat conversation she may see; the visitor is shown it. */
  'chat:typing': (req: ChatTypingRequest, ack: AckCallback<{ relayed: number }>) => void;
  // Switch to phone (see telephony.ts). The four mutations also travel in `mutation:batch`.
  /** Log a call in the conversation's own thread. */
  'call:log': (req: LogCallRequest, ack: AckCallback<CallLogResult>) => void;
  /** Edit a logged call's outcome, duration and notes. */
  'call:update': (req: UpdateCallRequest, ack: AckCallback<CallLogResult>) => void;
  /** Promise a call back at a due time inside service hours and the customer's reachable hours. */
  'callback:schedule': (req: ScheduleCallbackRequest, ack: AckCallback<CallbackResult>) => void;
  /** Mark done, cancel, reassign or reschedule a callback. */
  'callback:update': (req: UpdateCallbackRequest, ack: AckCallback<CallbackResult>) => void;
  /** Dial through the hub's click-to-dial API (PBX/CTI); refused when none is configured. */
  'call:dial': (req: DialRequest, ack: AckCallback<{ status: number }>) => void;
  /** Service hours, escalation delay and whether click-to-dial is configured (admins also get the template). */
  'telephony:settings': (req: Record<string, never>, ack: AckCallback<TelephonySettingsView>) => void;
  /** Admin-only: save the telephony settings. */
  'telephony:save-settings': (req: TelephonySettingsInput, ack: AckCallback<TelephonySettingsView>) => void;
  /** Lead-only: channel switches to the phone and callbacks in a period, for reporting. */
  'calls:report': (req: { from: string; to: string }, ack: AckCallback<CallReport>) => void;
  // Customer 360 (see customer.ts): online requests whose results reach caches through the change log.
  /** Likely matches for a customer, each with its reasons and warnings. */
  'customer:suggestions': (req: { customerId: string }, ack: AckCallback<CustomerSuggestionsResult>) => void;
  /** Merge `mergedId` into `survivorId` with a per-field choice; recorded with a snapshot for unmerge. */
  'customer:merge': (req: MergeCustomersRequest, ack: AckCallback<{ merge: MergeRecord; customer: Customer }>) => void;
  /** Undo a merge exactly (see domain/customer-merge.ts). */
  'customer:unmerge': (req: { mergeId: string }, ack: AckCallback<{ merge: MergeRecord }>) => void;
  /** Edit master data and the score's agent-maintained inputs (an outbox mutation). */
  'customer:update': (req: UpdateCustomerRequest, ack: AckCallback<{ customer: Customer }>) => void;
  /** Record a consent with its source and date (an outbox mutation). */
  'customer:consent': (req: RecordConsentRequest, ack: AckCallback<{ consent: Consent }>) => void;
  'customer:consent-revoke': (req: RevokeConsentRequest, ack: AckCallback<{ consent: Consent }>) => void;
  /** Issue a coupon; it is logged in the customer's timeline (an outbox mutation). */
  'customer:reward': (req: GrantRewardRequest, ack: AckCallback<{ reward: Reward }>) => void;
  /** Lead/admin: everything about a customer as JSON. */
  'customer:export': (req: { customerId: string }, ack: AckCallback<CustomerExport>) => void;
  /** Lead/admin: erase a customer (identities removed, messages anonymized, audit kept). */
  'customer:erase': (req: { customerId: string; confirmName: string }, ack: AckCallback<{ customerId: string }>) => void;
}

export interface ServerToClientEvents {
  /** The change log grew to `head`; small commits carry their changes (see `poke.ts`). */
  'sync:poke': (payload: SyncPoke) => void;
  /** To leads only: the dashboard changed (throttled). */
  'lead:dashboard': (payload: Dashboard) => void;
  /** To leads only: a volume or negative-message spike on a topic. */
  'lead:alert': (payload: Alert) => void;
  /** To the agent herself: her presence or shift changed (another console, the hub's disconnect check). */
  'presence:changed': (payload: PresenceInfo) => void;
  /** To the consoles viewing a conversation: who views or types in it now (collision). */
  'conversation:watchers': (payload: Watchers) => void;
  /** The session was revoked (logout elsewhere, account disabled); the console must sign out. */
  'session:revoked': (payload: { reason: string; hubReason?: WireReason }) => void;
}

export interface InterServerEvents {
  'sync:poke': (payload: { head: number }) => void;
}

export interface SocketData {
  userId: string;
  role: User['role'];
  sessionId: string;
}

export type { HubInfo };
