/**
 * Callbacks in bootstrap snapshots: every snapshot carries the callbacks of its conversations, and
 * the first (queue) page also every open callback the viewer may see, with its conversation, so
 * the Callbacks view is complete from the start.
 */
import type { Kysely, Selectable } from 'kysely';
import { isLeadRole, type Callback, type User } from '../../src-shared/index.js';
import type { ConversationsTable, Database } from '../store/schema.js';
import { toCallback } from './service.js';

/** The callbacks of these conversations, any status, scoped by each conversation's department. */
export async function callbacksOf(db: Kysely<Database>, conversations: readonly { id: string; departmentId: Callback['departmentId'] }[]): Promise<Callback[]> {
  if (conversations.length === 0) return [];
  const department = new Map(conversations.map((c) => [c.id, c.departmentId]));
  const rows = await db.selectFrom('callbacks').selectAll().where('conversation_id', 'in', [...department.keys()]).execute();
  return rows.map((row) => toCallback(row, department.get(row.conversation_id)!));
}

/** The conversations of open callbacks `viewer` may see (her team's, or assigned to her). */
export async function openCallbackConversations(db: Kysely<Database>, viewer: User): Promise<Selectable<ConversationsTable>[]> {
  let query = db
    .selectFrom('callbacks')
    .innerJoin('conversations', 'conversations.id', 'callbacks.conversation_id')
    .selectAll('conversations')
    .distinct()
    .where('callbacks.status', '=', 'open');
  if (!isLeadRole(viewer.role)) {
    query = query.where((eb) =>
      eb.or([
        eb('callbacks.assignee_id', '=', viewer.id),
        eb('conversations.assignee_id', '=', viewer.id),
        ...(viewer.departments.length > 0 ? [eb('conversations.department_id', 'in', viewer.departments)] : []),
      ]),
    );
  }
  return query.limit(2_000).execute();
}
