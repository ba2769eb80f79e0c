/**
 * socket.io event maps: the one typed contract between console and hub.
 *
 * Sync model (Replicache-style "poke then pull"): the hub emits `sync:poke` with its newest sync id;
 * the console pulls everything after its stored cursor with `sync:pull`. A small commit's changes
 * ride along in the poke, and the console applies them only when they continue its stored cursor
 * exactly. A missed poke therefore never loses data — the next pull fills the gap.
 */
import type { ChannelAccount, SaveChannelAccountRequest } from './channels.js';
import type { AckCallback } from './errors.js';
import type { ChatTypingRequest } from './visitor.js';
import type { SyncPoke } from './poke.js';
import type { MutationBatchRequest, MutationBatchResult } from './mutations.js';
import type {
  AssignRequest,
  BootstrapPlan,
  BootstrapPlanRequest,
  BootstrapRequest,
  Change,
  Conversation,
  HubInfo,
  Message,
  QueueStats,
  SendReplyRequest,
  SetStatusRequest,
  Snapshot,
  SyncPullRequest,
  TransferRequest,
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
  /** The agent is typing a reply in a web chat conversation she may see; the visitor is shown it. */
  'chat:typing': (req: ChatTypingRequest, ack: AckCallback<{ relayed: number }>) => void;
}

export interface ServerToClientEvents {
  /** The change log grew to `head`; small commits carry their changes (see `poke.ts`). */
  'sync:poke': (payload: SyncPoke) => void;
  /** The session was revoked (logout elsewhere, account disabled); the console must sign out. */
  'session:revoked': (payload: { reason: string }) => void;
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
