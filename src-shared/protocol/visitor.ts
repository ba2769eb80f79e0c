/**
 * The web chat's visitor protocol: what the chat widget (an untrusted browser on any website) and
 * the hub's `/visitor` socket.io namespace say to each other.
 *
 * Deliberately separate from the console protocol: a visitor is not staff, sees only their own
 * conversation's customer-facing messages (never internal notes, never agents' emails) and gets
 * its own error codes. Every payload the hub receives is parsed with these schemas.
 */
import { z } from 'zod';

/** The visitor namespace on the hub's socket.io server. */
export const VISITOR_NAMESPACE = '/visitor';

/** Longest chat message a visitor may send, in characters. */
export const MAX_VISITOR_MESSAGE = 4000;
/** Longest offline-form message, in characters (it becomes an email conversation). */
export const MAX_OFFLINE_MESSAGE = 10_000;

export const VisitorNameSchema = z.string().trim().min(1, 'Please enter your name').max(100, 'The name is too long');
export const VisitorEmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('Please enter a valid email address'));

/** Name and email the visitor gave (each may be missing). */
export const VisitorProfileSchema = z.object({
  name: VisitorNameSchema.nullable().default(null),
  email: VisitorEmailSchema.nullable().default(null),
});
export type VisitorProfile = z.output<typeof VisitorProfileSchema>;

/** The socket.io handshake `auth` of a visitor. */
export const VisitorAuthSchema = z.object({
  /** The widget's public key (its channel account address); absent for the hub's single widget. */
  widgetKey: z.string().trim().min(1).max(320).optional(),
  /** The token the hub issued earlier and the widget kept in localStorage. */
  visitorToken: z.string().min(1).max(512).optional(),
});
export type VisitorAuth = z.input<typeof VisitorAuthSchema>;

/** A client-chosen id for a message, so a retried send is stored once. */
export const ClientMessageIdSchema = z.uuid();

export const VisitorHelloRequestSchema = z.object({
  /** Name/email the widget remembers from an earlier visit or its pre-chat form. */
  profile: VisitorProfileSchema.partial().optional(),
});
export type VisitorHelloRequest = z.input<typeof VisitorHelloRequestSchema>;

export const VisitorSendRequestSchema = z.object({
  clientMessageId: ClientMessageIdSchema,
  body: z.string().trim().min(1, 'The message is empty').max(MAX_VISITOR_MESSAGE, `A chat message can have at most ${MAX_VISITOR_MESSAGE} characters`),
});
export type VisitorSendRequest = z.input<typeof VisitorSendRequestSchema>;

export const VisitorProfileRequestSchema = z.object({
  name: VisitorNameSchema.optional(),
  email: VisitorEmailSchema.optional(),
});
export type VisitorProfileRequest = z.input<typeof VisitorProfileRequestSchema>;

export const OfflineMessageRequestSchema = z.object({
  clientMessageId: ClientMessageIdSchema,
  name: VisitorNameSchema,
  email: VisitorEmailSchema,
  body: z.string().trim().min(1, 'The message is empty').max(MAX_OFFLINE_MESSAGE, `The message can have at most ${MAX_OFFLINE_MESSAGE} characters`),
});
export type OfflineMessageRequest = z.input<typeof OfflineMessageRequestSchema>;

/** One message as the visitor sees it: their own, or an agent's reply (first name only). */
export const VisitorMessageSchema = z.object({
  id: z.uuid(),
  author: z.enum(['visitor', 'agent']),
  body: z.string(),
  /** The agent's display name on replies; null on the visitor's own messages. */
  agentName: z.string().nullable(),
  /** The visitor's own messages: the id the widget chose, so it can match its pending copy. */
  clientMessageId: z.string().nullable(),
  createdAt: z.string(),
});
export type VisitorMessage = z.infer<typeof VisitorMessageSchema>;

export interface VisitorSession {
  /** Keep this (localStorage) and send it on the next visit to get the history back. */
  visitorToken: string;
  profile: VisitorProfile;
  widget: {
    title: string;
    greeting: string;
    /** The visitor must give an email address before chatting. */
    requireEmail: boolean;
  };
  /** Someone can answer now; otherwise the widget offers the offline form. */
  available: boolean;
  /** The visitor's earlier messages and replies on this widget, oldest first. */
  messages: VisitorMessage[];
}

export const VISITOR_ERROR_CODES = ['bad_request', 'unauthenticated', 'rate_limited', 'unavailable', 'internal'] as const;
export type VisitorErrorCode = (typeof VISITOR_ERROR_CODES)[number];

export type VisitorAck<T> = { ok: true; data: T } | { ok: false; error: { code: VisitorErrorCode; message: string } };
export type VisitorAckCallback<T> = (ack: VisitorAck<T>) => void;

export interface VisitorClientToServerEvents {
  /** Start or resume: the session, with the history of a returning visitor. */
  'visitor:hello': (req: VisitorHelloRequest, ack: VisitorAckCallback<VisitorSession>) => void;
  /** Send a chat message; a retry with the same `clientMessageId` is acknowledged, not stored twice. */
  'visitor:message': (req: VisitorSendRequest, ack: VisitorAckCallback<{ message: VisitorMessage; duplicate: boolean }>) => void;
  /** Give or change name and email. */
  'visitor:profile': (req: VisitorProfileRequest, ack: VisitorAckCallback<{ profile: VisitorProfile }>) => void;
  /** Nobody is available: leave a message that is answered by email. */
  'visitor:offline-message': (req: OfflineMessageRequest, ack: VisitorAckCallback<{ received: true }>) => void;
}

export interface VisitorServerToClientEvents {
  /** An agent's reply, or the visitor's own message sent from another tab. */
  'visitor:message': (message: VisitorMessage) => void;
  /** An agent is typing (or stopped). */
  'visitor:typing': (payload: { typing: boolean; agentName: string | null }) => void;
}

/** Console → hub: the agent is typing in a chat conversation (relayed to the visitor). */
export const ChatTypingRequestSchema = z.object({
  conversationId: z.uuid(),
  typing: z.boolean().default(true),
});
export type ChatTypingRequest = z.input<typeof ChatTypingRequestSchema>;
