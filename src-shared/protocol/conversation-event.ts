/**
 * System events of a conversation: who assigned, transferred, closed, reopened or snoozed it, and
 * when. The hub records one row per change of that kind (conversations/events.ts) and sends it
 * through the change log like a message, scoped like its conversation; consoles cache them and
 * show them as system rows in the thread.
 *
 * Kept apart from `schemas.ts` (which imports it for the change log) so there is no import cycle.
 */
import { z } from 'zod';
import { DEPARTMENTS } from '../domain/types.js';

const Id = z.uuid();
const Timestamp = z.iso.datetime({ offset: true });

/**
 * What happened. `assigned` with an assignee (claimed when the actor is the assignee), `unassigned`
 * handed back; `transferred` to a department; `closed`/`reopened`; `snoozed` until a time and
 * `woken` (by the agent, the customer writing again, or the hub's sweep: then no actor).
 */
export const CONVERSATION_EVENT_KINDS = ['assigned', 'unassigned', 'transferred', 'closed', 'reopened', 'snoozed', 'woken'] as const;
export type ConversationEventKind = (typeof CONVERSATION_EVENT_KINDS)[number];

/**
 * Why the hub made a change on its own (no actor): `routing` assigned it (automatic assignment),
 * `customer` woke a snoozed conversation by writing again. Absent for staff actions and for a
 * snooze whose time ran out.
 */
export const CONVERSATION_EVENT_CAUSES = ['routing', 'customer'] as const;
export type ConversationEventCause = (typeof CONVERSATION_EVENT_CAUSES)[number];

export const ConversationEventSchema = z.object({
  id: Id,
  conversationId: Id,
  kind: z.enum(CONVERSATION_EVENT_KINDS),
  /** The staff member who did it; null when the hub did (routing, a snooze waking). */
  actorId: Id.nullable(),
  /** `assigned`: to whom. */
  assigneeId: Id.nullable().optional(),
  /** `transferred`: to which team. */
  departmentId: z.enum(DEPARTMENTS).optional(),
  /** `snoozed`: until when. */
  until: Timestamp.optional(),
  /** What made the hub do it (see `CONVERSATION_EVENT_CAUSES`); older hubs never send it. */
  cause: z.enum(CONVERSATION_EVENT_CAUSES).optional(),
  createdAt: Timestamp,
});
export type ConversationEvent = z.infer<typeof ConversationEventSchema>;
