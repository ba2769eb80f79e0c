/**
 * The hub's change log: every row a console may see gets a monotonic sync id when it changes.
 *
 * Gap-freedom: sync ids come from a sequence, and a sequence hands out ids in *call* order, not
 * *commit* order — two concurrent transactions could commit 11 before 10, and a console pulling in
 * between would store cursor 11 and never see 10. Taking a transaction-scoped advisory lock before
 * appending serialises writers, so ids become visible in order. This also holds across many hub
 * nodes sharing one PostgreSQL.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { isLeadRole, type Callback, type Change, type ChangeEntity, type Conversation, type ConversationEvent, type DepartmentId, type Message, type User } from '../../src-shared/index.js';
import type { Database } from './schema.js';

const CHANGE_LOG_LOCK = 0x5b0a4d; // arbitrary, fixed: "the change log" advisory lock key

export interface PendingChange {
  entity: Exclude<ChangeEntity, 'purge'>;
  data: { id: string } & object;
}

/**
 * Append changes inside the caller's transaction and return the newest sync id.
 *
 * Must be the last statement before commit so the lock is held as briefly as possible.
 */
export async function appendChanges(trx: Transaction<Database>, changes: PendingChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  // Messages are scoped by their conversation, which every batch carrying a message also carries.
  const scopes = new Map<string, { department_id: DepartmentId; assignee_id: string | null }>();
  for (const c of changes) {
    if (c.entity === 'conversation') {
      const conversation = c.data as Conversation;
      scopes.set(conversation.id, { department_id: conversation.departmentId, assignee_id: conversation.assigneeId });
    }
  }
  const scopeOf = (c: PendingChange) => {
    if (c.entity === 'conversation') return scopes.get(c.data.id)!;
    if (c.entity === 'message' || c.entity === 'conversation-event') {
      const scope = scopes.get((c.data as Message | ConversationEvent).conversationId);
      if (!scope) throw new Error(`A ${c.entity} change must be appended with its conversation`);
      return scope;
    }
    // A callback is seen by its conversation's team and by whoever is to call back.
    if (c.entity === 'callback') {
      const callback = c.data as Callback;
      return { department_id: callback.departmentId, assignee_id: callback.assigneeId };
    }
    return { department_id: null, assignee_id: null };
  };
  // The lock and the insert in one statement (one round trip less in every writing transaction;
  // on PGlite each trip holds the one connection). Every inserted row joins the lock's one row, so
  // the lock is held before any sync id is drawn. Casts: a bare parameter in VALUES would be text.
  const values = sql.join(
    changes.map((c) => {
      const scope = scopeOf(c);
      return sql`(${c.entity}::text, ${c.data.id}::uuid, ${JSON.stringify(c.data)}::jsonb, ${scope.department_id}::text, ${scope.assignee_id}::uuid)`;
    }),
  );
  const rows = await sql<{ sync_id: string | number }>`
    with lock as materialized (select pg_advisory_xact_lock(${CHANGE_LOG_LOCK}))
    insert into changes (entity, entity_id, data, department_id, assignee_id)
    select v.entity, v.entity_id, v.data, v.department_id, v.assignee_id
    from lock cross join (values ${values}) as v(entity, entity_id, data, department_id, assignee_id)
    returning sync_id`.execute(trx);
  return Math.max(...rows.rows.map((r) => Number(r.sync_id)));
}

/** Newest sync id: the last change, or the floor when the log was pruned empty; 0 for a new hub. */
export async function headSyncId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('sync_id').as('head'))
    .executeTakeFirst();
  const head = row?.head == null ? 0 : Number(row.head);
  return head > 0 ? head : changeLogFloor(db);
}

/** True when `viewer` may see a conversation in `departmentId` assigned to `assigneeId`. */
export function canSee(viewer: User, departmentId: DepartmentId | null, assigneeId: string | null): boolean {
  if (isLeadRole(viewer.role)) return true;
  return assigneeId === viewer.id || (departmentId !== null && viewer.departments.includes(departmentId));
}

/**
 * A key shared by viewers to whom `visibleChanges` gives the same result for rows whose assignees
 * are `assignees`: leads and admins see everything; agents with the same departments see the same,
 * except an agent who is the assignee of one of the rows (she may see it outside her teams), who
 * gets a class of her own. Must follow `canSee`.
 */
export function visibilityClass(viewer: User, assignees: ReadonlySet<string>): string {
  if (isLeadRole(viewer.role)) return 'all';
  const teams = [...viewer.departments].sort().join(',');
  return assignees.has(viewer.id) ? `teams:${teams}|user:${viewer.id}` : `teams:${teams}`;
}

/**
 * Changes after `cursor` that `viewer` may see (see `visibleChanges`), oldest first, reading at
 * most `limit` log rows. The returned cursor is the last row *read*, so filtered rows are not
 * re-read. The read is a range scan of the primary key (sync_id), whatever the log's size.
 */
export async function changesAfter(
  db: Kysely<Database>,
  cursor: number,
  limit: number,
  viewer: User,
): Promise<{ changes: Change[]; cursor: number; hasMore: boolean }> {
  const rows = await db
    .selectFrom('changes')
    .select(['sync_id', 'entity', 'data', 'department_id', 'assignee_id'])
    .where('sync_id', '>', cursor)
    .orderBy('sync_id')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { changes: visibleChanges(page, viewer), cursor: last ? Number(last.sync_id) : cursor, hasMore };
}

/** A change-log row as read for consoles: the change with the scope it had when written. */
export interface ChangeLogRow {
  sync_id: number | string | bigint;
  entity: string;
  data: unknown;
  department_id: DepartmentId | null;
  assignee_id: string | null;
}

/**
 * The changes of `rows` (oldest first) that `viewer` may see: the one visibility rule for pulls
 * and for the batches pokes carry.
 *
 * A conversation change the viewer may not see becomes a `purge` of that conversation (it may
 * have been visible before: transferred to another team, reassigned); invisible message changes
 * and event changes are left out.
 */
export function visibleChanges(rows: readonly ChangeLogRow[], viewer: User): Change[] {
  const changes: Change[] = [];
  for (const r of rows) {
    const syncId = Number(r.sync_id);
    const scoped = r.entity === 'conversation' || r.entity === 'message' || r.entity === 'callback' || r.entity === 'conversation-event';
    if (!scoped || canSee(viewer, r.department_id, r.assignee_id)) {
      changes.push({ syncId, entity: r.entity, data: r.data } as Change);
    } else if (r.entity === 'conversation') {
      changes.push({ syncId, entity: 'purge', data: { id: (r.data as { id: string }).id } });
    }
  }
  return changes;
}

/** Changes at or below this sync id may be gone; a console behind it must bootstrap again. */
export async function changeLogFloor(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const row = await db.selectFrom('hub_state').select('value').where('key', '=', 'changes_floor').executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/**
 * Drop changes older than `olderThan`, keeping the log bounded. Records the new floor in the same
 * transaction so a console can never read a cursor that silently skips pruned changes.
 */
export async function pruneChanges(db: Kysely<Database>, olderThan: Date): Promise<{ floor: number; removed: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
    const last = await trx
      .selectFrom('changes')
      .select((eb) => eb.fn.max('sync_id').as('id'))
      .where('created_at', '<', olderThan)
      .executeTakeFirst();
    const floor = last?.id == null ? 0 : Number(last.id);
    if (floor === 0) return { floor: await changeLogFloor(trx), removed: 0 };
    const result = await trx.deleteFrom('changes').where('sync_id', '<=', floor).executeTakeFirst();
    await trx
      .insertInto('hub_state')
      .values({ key: 'changes_floor', value: floor })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: floor }))
      .execute();
    return { floor, removed: Number(result.numDeletedRows) };
  });
}
