/**
 * socket.io event maps: the one typed contract between console and hub.
 *
 * Sync model (Replicache-style "poke then pull"): the hub never pushes data directly. It emits
 * `sync:poke` with its newest sync id; the console pulls everything after its stored cursor with
 * `sync:pull`. A missed poke therefore never loses data — the next pull fills the gap.
 */
import type { AckCallback } from './errors.js';
import type {
  AssignRequest,
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
  'sync:bootstrap': (req: BootstrapRequest, ack: AckCallback<Snapshot>) => void;
  /** One conversation's full history, for a console that just gained access to it. */
  'sync:conversation': (req: { conversationId: string }, ack: AckCallback<Snapshot>) => void;
  'message:send': (req: SendReplyRequest, ack: AckCallback<SendReplyResult>) => void;
  'conversation:assign': (req: AssignRequest, ack: AckCallback<ConversationResult>) => void;
  'conversation:set-status': (req: SetStatusRequest, ack: AckCallback<ConversationResult>) => void;
  /** Move to another department's queue, unassigned. */
  'conversation:transfer': (req: TransferRequest, ack: AckCallback<ConversationResult>) => void;
  /** Lead-only: live queue load. */
  'queue:stats': (req: Record<string, never>, ack: AckCallback<QueueStats>) => void;
  /**
   * Lead-only, demo mode only: make the traffic generator produce one customer message now — on a
   * channel, or from the customer of a given conversation (so a demo can make them write again).
   */
  'demo:inject': (req: { channel?: string; conversationId?: string }, ack: AckCallback<{ conversationId: string; messageId: string }>) => void;
}

export interface ServerToClientEvents {
  'sync:poke': (payload: { head: number }) => void;
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
