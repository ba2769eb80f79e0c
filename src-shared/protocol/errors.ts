/**
 * Error codes and the acknowledgement envelope used by every socket.io event.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** A reply written against an outdated view of the conversation; the agent must review it. */
  'stale',
  /** The channel no longer accepts a free-form reply (WhatsApp's 24-hour window closed). */
  'reply_window_closed',
  'protocol_mismatch',
  /** The console's sync cursor is older than the hub's change log; it must bootstrap again. */
  'cursor_expired',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What exactly the hub refused, as a stable key the console turns into a sentence in the agent's
 * language (its catalog `hubErrors.<key>`), with the values the sentence needs. `code` says what
 * kind of refusal it is (for retries and flows); the reason says which one (for people). The
 * English `message` stays: logs, API clients, and consoles that do not know a key show it.
 *
 * Keys are never renamed or reused for another meaning; a new refusal gets a new key.
 */
export const ERROR_REASONS = [
  'internal',
  'linkLost',
  'protocolMismatch',
  'cursorExpired',
  'request.roleForbidden',
  'request.invalid',
  'mutation.idReused',
  'login.required',
  'login.throttled',
  'login.wrongCredentials',
  'session.none',
  'session.expired',
  'session.signedOut',
  'conversation.notFound',
  'conversation.notVisible',
  'conversation.notYourTeam',
  'conversation.assignedToColleague',
  'conversation.stale',
  'conversation.phoneTakesNotes',
  'message.idTaken',
  'assign.leadsOnly',
  'assign.noSuchColleague',
  'assign.capacityFull',
  'tag.notFound',
  'snooze.closed',
  'snooze.invalidTime',
  'snooze.tooFar',
  'snooze.past',
  'reply.noteOptions',
  'reply.emailOnly',
  'reply.privateOnly',
  'reply.tooLong',
  'reply.notInConversation',
  'replyWindow.templateOnlyOnWhatsApp',
  'replyWindow.neverWrote',
  'replyWindow.closed',
  'callLog.notFound',
  'callback.idTaken',
  'callback.notFound',
  'callback.done',
  'callback.cancelled',
  'callback.leadsOnly',
  'callback.colleagueNotInTeam',
  'callback.outsideServiceHours',
  'callback.outsideReachable',
  'telephony.noClickToDial',
  'telephony.refused',
  'telephony.timeout',
  'telephony.unreachable',
  'telephony.badTemplate',
  'routing.cannotTake',
  'routing.noSuchConversation',
  'lead.noSuchColleague',
  'report.tooMuch',
  'shift.alreadyStarted',
  'shift.notRunning',
  'canned.deleted',
  'canned.notFound',
  'channel.invalid',
  'channel.notFound',
  'channel.cannotChange',
  'channel.addressTaken',
  'customer.notFound',
  'customer.notVisible',
  'customer.erased',
  'customer.merged',
  'customer.numberTaken',
  'consent.foreignIdentity',
  'consent.future',
  'consent.idTaken',
  'consent.notFound',
  'reward.couponTaken',
  'merge.notFound',
  'merge.undone',
  'merge.erasedInside',
  'merge.erased',
  'merge.rule',
  'privacy.erased',
  'privacy.mergedErase',
  'privacy.confirmName',
] as const;
export type ErrorReasonKey = (typeof ERROR_REASONS)[number];

/** Values a reason's sentence needs: counts, names, times (ISO), flags. */
export const ReasonParamsSchema = z.record(z.string(), z.union([z.string().max(2_000), z.number(), z.boolean()]));
export type ReasonParams = z.infer<typeof ReasonParamsSchema>;

/**
 * A reason as the console reads it: any key (a newer hub may know more; the console then shows the
 * message), so the console checks the shape, not the list.
 */
export const WireReasonSchema = z.object({ key: z.string().min(1).max(100), params: ReasonParamsSchema.optional() });
export type WireReason = { key: ErrorReasonKey; params?: ReasonParams };

/** A refusal worked out by a shared rule (reply window, snooze time): its reason and its English text. */
export interface Refusal {
  key: ErrorReasonKey;
  params?: ReasonParams;
  message: string;
}

export const WireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Which refusal this is, for the console's own words (see `ERROR_REASONS`). Hubs before protocol 5 send none. */
  reason: WireReasonSchema.optional(),
  /** Field-level problems from validation, for forms. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export interface WireError {
  code: ErrorCode;
  message: string;
  reason?: WireReason;
  /** Field-level problems from validation, for forms. */
  issues?: { path: string; message: string }[];
}

/** Every acknowledgement is either a result or an error; never a thrown exception. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export type AckCallback<T> = (ack: Ack<T>) => void;
