/**
 * The outbox's batch event: consecutive mutations of one console in one request.
 *
 * Each item is exactly what the single event would carry (clientId, mutationId and the payload),
 * plus the console's outbox sequence number. The envelope is checked strictly; each payload is
 * checked against its own event's schema on its own, so one malformed row is refused by itself
 * instead of failing the rows around it.
 */
import { z } from 'zod';
import type { Ack } from './errors.js';
import type { ConversationResult, SendReplyResult } from './events.js';
import type { CallbackResult, CallLogResult } from './telephony.js';
import { AssignRequestSchema, SendReplyRequestSchema, SetStatusRequestSchema, TransferRequestSchema, UntagRequestSchema } from './schemas.js';
import { GrantRewardRequestSchema, RecordConsentRequestSchema, RevokeConsentRequestSchema, UpdateCustomerRequestSchema, type Consent, type Reward } from './customer.js';
import type { Customer } from './schemas.js';
import { SnoozeRequestSchema } from './snooze.js';
import { LogCallRequestSchema, ScheduleCallbackRequestSchema, UpdateCallbackRequestSchema, UpdateCallRequestSchema } from './telephony.js';

/** The mutation events a batch may carry, with the schema of each payload. */
export const MUTATION_SCHEMAS = {
  'message:send': SendReplyRequestSchema,
  'conversation:assign': AssignRequestSchema,
  'conversation:set-status': SetStatusRequestSchema,
  'conversation:transfer': TransferRequestSchema,
  'conversation:untag': UntagRequestSchema,
  'conversation:snooze': SnoozeRequestSchema,
  'call:log': LogCallRequestSchema,
  'call:update': UpdateCallRequestSchema,
  'callback:schedule': ScheduleCallbackRequestSchema,
  'callback:update': UpdateCallbackRequestSchema,
  'customer:update': UpdateCustomerRequestSchema,
  'customer:consent': RecordConsentRequestSchema,
  'customer:consent-revoke': RevokeConsentRequestSchema,
  'customer:reward': GrantRewardRequestSchema,
} as const;
export type MutationName = keyof typeof MUTATION_SCHEMAS;
export const MUTATION_NAMES = Object.keys(MUTATION_SCHEMAS) as [MutationName, ...MutationName[]];

/** Most items in one batch (the outbox also keeps a batch well under the hub's 1 MB message limit). */
export const MAX_BATCH_MUTATIONS = 100;

export const MutationBatchItemSchema = z.object({
  /** The console's outbox sequence number; strictly increasing within a batch (the send order). */
  seq: z.number().int().nonnegative(),
  name: z.enum(MUTATION_NAMES),
  /** Validated per item against `MUTATION_SCHEMAS[name]` by the hub. */
  payload: z.unknown(),
});

export const MutationBatchRequestSchema = z
  .object({
    mutations: z.array(MutationBatchItemSchema).min(1).max(MAX_BATCH_MUTATIONS),
  })
  .strict()
  .refine((req) => req.mutations.every((m, i) => i === 0 || m.seq > req.mutations[i - 1]!.seq), {
    message: 'Mutations must be in increasing seq order',
    path: ['mutations'],
  });
export type MutationBatchRequest = z.input<typeof MutationBatchRequestSchema>;

/**
 * One answer per item, in order, each exactly what the single event would have answered. When an
 * item fails for a transient reason (`unavailable`, `internal`), the hub stops there: that item and
 * every later one answer `unavailable` and were not applied (when the whole transaction fails,
 * every item not answered from an earlier result does), so the console retries from the first
 * such item and keeps its order.
 */
export interface MutationBatchResult {
  results: Ack<SendReplyResult | ConversationResult | CallLogResult | CallbackResult | { customer: Customer } | { consent: Consent } | { reward: Reward }>[];
}
