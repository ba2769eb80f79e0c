/**
 * `conversation:snooze` (issue 5): put a conversation aside until a time, or wake it (`until: null`).
 * An outbox mutation like assign and set-status; the hub stores `snoozedUntil` on the conversation
 * and wakes it when the time comes or when the customer writes again.
 */
import { z } from 'zod';
import { IdSchema, MutationEnvelopeSchema, TimestampSchema } from './schemas.js';

export const SnoozeRequestSchema = MutationEnvelopeSchema.extend({
  conversationId: IdSchema,
  /** The wake time (future, at most MAX_SNOOZE_DAYS ahead, checked by the hub); null unsnoozes. */
  until: TimestampSchema.nullable(),
});
export type SnoozeRequest = z.input<typeof SnoozeRequestSchema>;
