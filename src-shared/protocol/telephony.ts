/**
 * Switch to phone (issue 7): calling a customer from a conversation, the call log in the same
 * thread, callbacks as queue items with a deadline, and the hub's telephony settings.
 *
 * A call-log entry is a thread message (an internal note whose `channelMeta.call` is a
 * {@link CallMeta}), so it lives in the same conversation, syncs, and shows in the customer's
 * history like every other message. A callback is a row of its own (`callback` in the change log).
 */
import { z } from 'zod';
import { ServiceHoursSchema } from '../domain/callback-schedule.js';
import { BusinessHoursSchema } from '../domain/business-hours.js';
import { ChannelSchema, IdSchema, MutationEnvelopeSchema, TimestampSchema } from './schemas.js';
import type { Callback } from './callback-entity.js';
import type { Message } from './schemas.js';

export { CALLBACK_STATUSES, CallbackSchema, type Callback, type CallbackStatus } from './callback-entity.js';

export const CALL_OUTCOMES = ['reached', 'voicemail', 'no_answer', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Where the number came from: the customer's profile, a message (confirmed by the agent), typed. */
export const NUMBER_SOURCES = ['profile', 'message', 'manual'] as const;

/** E.164: the console normalizes with libphonenumber-js before anything is sent. */
export const E164Schema = z.string().regex(/^\+[1-9]\d{2,14}$/, 'A phone number in international format (+49…)');
const ExtSchema = z.string().regex(/^\d{1,10}$/, 'An extension is digits only').nullable().default(null);

/** Longest call a log entry may record (a day); longer is a typo. */
export const MAX_CALL_SECONDS = 86_400;

/** `channelMeta.call` of a call-log message. */
export const CallMetaSchema = z.object({
  number: E164Schema,
  ext: z.string().nullable(),
  numberSource: z.enum(NUMBER_SOURCES),
  /** The channel the conversation was on when the agent switched to the phone (for reporting). */
  fromChannel: ChannelSchema,
  /** Why the agent switched (for reporting). */
  reason: z.string(),
  outcome: z.enum(CALL_OUTCOMES),
  durationSeconds: z.number().int().min(0).max(MAX_CALL_SECONDS),
  startedAt: TimestampSchema,
  notes: z.string(),
  /** The callback this call completed, if any. */
  callbackId: IdSchema.nullable(),
  /** Set when a colleague or the agent edited the entry after logging it. */
  editedAt: TimestampSchema.nullable(),
  editedBy: IdSchema.nullable(),
});
export type CallMeta = z.infer<typeof CallMetaSchema>;

/** The call meta of a thread message, or null when it is not a call-log entry (or malformed). */
export function callMetaOf(message: Pick<Message, 'channelMeta'>): CallMeta | null {
  const parsed = CallMetaSchema.safeParse(message.channelMeta.call);
  return parsed.success ? parsed.data : null;
}

/** Log a call in the conversation's thread (a note message with `channelMeta.call`). */
export const LogCallRequestSchema = MutationEnvelopeSchema.extend({
  conversationId: IdSchema,
  /** Id of the new thread message, chosen by the console (optimistic row). */
  messageId: IdSchema,
  number: E164Schema,
  ext: ExtSchema,
  numberSource: z.enum(NUMBER_SOURCES),
  reason: z.string().trim().max(500).default(''),
  outcome: z.enum(CALL_OUTCOMES),
  durationSeconds: z.number().int().min(0).max(MAX_CALL_SECONDS),
  /** When the agent dialled (the timer's start). */
  startedAt: TimestampSchema,
  notes: z.string().trim().max(5_000).default(''),
  /** The open callback this call was, marked done with it. */
  callbackId: IdSchema.nullable().default(null),
});
export type LogCallRequest = z.input<typeof LogCallRequestSchema>;

/** Edit a logged call: outcome, duration, notes. */
export const UpdateCallRequestSchema = MutationEnvelopeSchema.extend({
  conversationId: IdSchema,
  messageId: IdSchema,
  outcome: z.enum(CALL_OUTCOMES),
  durationSeconds: z.number().int().min(0).max(MAX_CALL_SECONDS),
  notes: z.string().trim().max(5_000),
});
export type UpdateCallRequest = z.input<typeof UpdateCallRequestSchema>;

/** Promise the customer a call back at `dueAt`. */
export const ScheduleCallbackRequestSchema = MutationEnvelopeSchema.extend({
  conversationId: IdSchema,
  callbackId: IdSchema,
  dueAt: TimestampSchema,
  number: E164Schema,
  ext: ExtSchema,
  /** null: anyone of the conversation's team. */
  assigneeId: IdSchema.nullable(),
  /** When the customer said they can be reached, in their zone; the due time must be inside. */
  reachable: BusinessHoursSchema,
  note: z.string().trim().max(2_000).default(''),
});
export type ScheduleCallbackRequest = z.input<typeof ScheduleCallbackRequestSchema>;

/** What to do with a callback. */
export const CallbackActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), callId: IdSchema.nullable().default(null) }),
  z.object({ kind: z.literal('cancel') }),
  z.object({ kind: z.literal('reassign'), assigneeId: IdSchema.nullable() }),
  z.object({ kind: z.literal('reschedule'), dueAt: TimestampSchema, reachable: BusinessHoursSchema }),
]);
export type CallbackAction = z.input<typeof CallbackActionSchema>;

export const UpdateCallbackRequestSchema = MutationEnvelopeSchema.extend({
  conversationId: IdSchema,
  callbackId: IdSchema,
  action: CallbackActionSchema,
});
export type UpdateCallbackRequest = z.input<typeof UpdateCallbackRequestSchema>;

export interface CallLogResult {
  message: Message;
}
export interface CallbackResult {
  callback: Callback;
}

/**
 * A PBX or CTI click-to-dial HTTP API. `{number}` (E.164, URL-encoded), `{ext}` and `{agent}` (the
 * agent's email) are filled in. The template may hold a token: it stays on the hub.
 */
export const ClickToDialSchema = z.object({
  urlTemplate: z
    .string()
    .trim()
    .max(2_000)
    .refine((t) => /^https?:\/\//i.test(t), 'The template must be an http(s) URL')
    .refine((t) => t.includes('{number}'), 'The template must contain {number}')
    // No whitespace or credentials-in-host tricks; the hub parses it again before each call.
    .refine((t) => /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s]*)?$/.test(t.replaceAll(/\{(number|ext|agent)\}/g, '0')), 'The template is not a valid URL'),
  method: z.enum(['GET', 'POST']).default('GET'),
});
export type ClickToDial = z.output<typeof ClickToDialSchema>;

/** The hub's telephony settings (admins edit them). */
export const TelephonySettingsSchema = z.object({
  serviceHours: ServiceHoursSchema,
  /** Minutes after its due time at which an open callback escalates to the team leads. */
  escalateAfterMinutes: z.number().int().min(1).max(7 * 24 * 60),
  clickToDial: ClickToDialSchema.nullable(),
});
export type TelephonySettings = z.output<typeof TelephonySettingsSchema>;
export type TelephonySettingsInput = z.input<typeof TelephonySettingsSchema>;

/** What consoles get: the template only for admins (it may carry a credential). */
export interface TelephonySettingsView {
  serviceHours: TelephonySettings['serviceHours'];
  escalateAfterMinutes: number;
  clickToDial: boolean;
  /** Admins only. */
  clickToDialTemplate?: ClickToDial | null;
}

/** Ask the hub to dial through the click-to-dial API. */
export const DialRequestSchema = z.object({
  conversationId: IdSchema,
  number: E164Schema,
  ext: ExtSchema,
});
export type DialRequest = z.input<typeof DialRequestSchema>;

/** Lead-only report: channel switches to the phone in a period. */
export const CallReportRequestSchema = z.object({ from: TimestampSchema, to: TimestampSchema });
export interface CallReport {
  calls: number;
  byFromChannel: Record<string, number>;
  byOutcome: Record<string, number>;
  byReason: { reason: string; count: number }[];
  callbacks: { open: number; done: number; cancelled: number; escalated: number };
}

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  reached: 'Reached',
  voicemail: 'Voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
};

/** `3:07` for 187 seconds; hours when needed (`1:02:03`). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * The thread text of a call-log entry, written by the hub from its meta: what search, exports and
 * older consoles show. Consoles that know calls render the meta instead.
 */
export function canonicalCallBody(call: Pick<CallMeta, 'number' | 'ext' | 'outcome' | 'durationSeconds' | 'reason' | 'notes'>): string {
  const lines = [`Phone call to ${call.number}${call.ext ? ` ext. ${call.ext}` : ''}: ${CALL_OUTCOME_LABELS[call.outcome]}, ${formatDuration(call.durationSeconds)}`];
  if (call.reason) lines.push(`Reason: ${call.reason}`);
  if (call.notes) lines.push(call.notes);
  return lines.join('\n');
}
