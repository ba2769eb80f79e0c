/**
 * System events of a conversation (assigned, transferred, closed, reopened, snoozed, woken): one
 * row per change, written in the transaction that makes the change and sent to consoles through
 * the change log with it (scoped like the conversation, see store/changes.ts).
 *
 * For other features' mutations (snooze): call `recordEvent` with the conversation row as saved
 * and add the returned change next to the conversation's.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ConversationEvent, ConversationEventCause, ConversationEventKind } from '../../src-shared/index.js';
import type { PendingChange } from '../store/changes.js';
import type { ConversationEventsTable, ConversationsTable, Database } from '../store/schema.js';

/** What an event says beyond its kind. */
export interface EventDetails {
  assigneeId?: string | null;
  departmentId?: ConversationEvent['departmentId'];
  until?: Date;
  /** Set when the hub did it on its own (actor null): routing, or the customer writing. */
  cause?: ConversationEventCause;
}

/** The wire form of a stored event. */
export function toConversationEvent(row: Selectable<ConversationEventsTable>): ConversationEvent {
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    kind: row.kind,
    actorId: row.actor_id,
    ...(data.assigneeId !== undefined ? { assigneeId: data.assigneeId as string | null } : {}),
    ...(typeof data.departmentId === 'string' ? { departmentId: data.departmentId as ConversationEvent['departmentId'] } : {}),
    ...(typeof data.until === 'string' ? { until: data.until } : {}),
    ...(data.cause === 'routing' || data.cause === 'customer' ? { cause: data.cause } : {}),
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Record one event in `trx` and return its change (append it with the conversation's change, so
 * it carries the conversation's scope).
 */
export async function recordEvent(
  trx: Transaction<Database>,
  conversation: Pick<Selectable<ConversationsTable>, 'id'>,
  kind: ConversationEventKind,
  actorId: string | null,
  details: EventDetails = {},
  at: Date = new Date(),
): Promise<PendingChange> {
  const [change] = await recordEvents(trx, [{ conversationId: conversation.id, kind, actorId, details, at }]);
  return change!;
}

/** One event for `recordEvents`. */
export interface EventInput {
  conversationId: string;
  kind: ConversationEventKind;
  actorId: string | null;
  details?: EventDetails;
  at?: Date;
}

/**
 * Record many events with one insert (a routing round, an ingest group) and return their changes
 * in the same order.
 */
export async function recordEvents(trx: Transaction<Database>, events: readonly EventInput[]): Promise<PendingChange[]> {
  if (events.length === 0) return [];
  const rows = events.map(({ conversationId, kind, actorId, details = {}, at = new Date() }) => {
    const data = {
      ...(details.assigneeId !== undefined ? { assigneeId: details.assigneeId } : {}),
      ...(details.departmentId ? { departmentId: details.departmentId } : {}),
      ...(details.until ? { until: details.until.toISOString() } : {}),
      ...(details.cause ? { cause: details.cause } : {}),
    };
    return { id: randomUUID(), conversation_id: conversationId, kind, actor_id: actorId, data, created_at: at };
  });
  await trx
    .insertInto('conversation_events')
    .values(rows.map((row) => ({ ...row, data: JSON.stringify(row.data) })))
    .execute();
  return rows.map((row) => ({ entity: 'conversation-event' as const, data: toConversationEvent(row) }));
}

/** A snoozed conversation woken early because the customer wrote again (both ingest paths). */
export function wokenByCustomer(conversationId: string, at: Date): EventInput {
  return { conversationId, kind: 'woken', actorId: null, details: { cause: 'customer' }, at };
}

/** The events of these conversations, oldest first (bootstrap pages and single threads). */
export async function eventsOf(db: Kysely<Database>, conversationIds: readonly string[]): Promise<ConversationEvent[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db.selectFrom('conversation_events').selectAll().where('conversation_id', 'in', conversationIds).orderBy('created_at').execute();
  return rows.map(toConversationEvent);
}
