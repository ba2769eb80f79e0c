/**
 * The callback row the change log carries to consoles (issue 7: switch to phone).
 *
 * Kept apart from `telephony.ts` (the requests) so `schemas.ts` can import it without a cycle.
 */
import { z } from 'zod';
import { DEPARTMENTS } from '../domain/types.js';

const Id = z.uuid();
const Timestamp = z.iso.datetime({ offset: true });

/** Where a scheduled callback stands. */
export const CALLBACK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/**
 * A promised call back to a customer: a queue item with its own deadline (`dueAt`), tied to the
 * conversation it was promised in. Scoped like that conversation, and also visible to its assignee.
 */
export const CallbackSchema = z.object({
  id: Id,
  conversationId: Id,
  customerId: Id,
  /** The conversation's department when the callback last changed (its change-log scope). */
  departmentId: z.enum(DEPARTMENTS),
  /** Who calls back; null: anyone of the team. */
  assigneeId: Id.nullable(),
  createdBy: Id,
  dueAt: Timestamp,
  /** The number to call, E.164, with its extension. */
  number: z.string(),
  ext: z.string().nullable(),
  /** The customer's zone the due time was checked against, for showing their local time. */
  customerTimeZone: z.string(),
  note: z.string(),
  status: z.enum(CALLBACK_STATUSES),
  /** When the hub escalated it to the team leads for being overdue; null while not. */
  escalatedAt: Timestamp.nullable(),
  /** The call-log entry (a thread message) that completed it. */
  doneCallId: Id.nullable(),
  doneAt: Timestamp.nullable(),
  version: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Callback = z.infer<typeof CallbackSchema>;
