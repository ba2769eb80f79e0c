/**
 * Canned responses on the hub: leads and admins save and delete them; every change goes through
 * the change log unscoped (everyone may use them), and the queue snapshot carries them all.
 */
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { CannedResponse, DeleteCannedRequestSchema, SaveCannedRequestSchema, User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges } from '../store/changes.js';
import type { CannedResponsesTable, Database } from '../store/schema.js';

function toCanned(row: Selectable<CannedResponsesTable>): CannedResponse {
  return { id: row.id, title: row.title, body: row.body, updatedAt: new Date(row.updated_at).toISOString(), deleted: row.deleted };
}

/** Every canned response not deleted, by title (for the queue snapshot). */
export async function listCanned(db: Kysely<Database>): Promise<CannedResponse[]> {
  const rows = await db.selectFrom('canned_responses').selectAll().where('deleted', '=', false).orderBy('title').execute();
  return rows.map(toCanned);
}

/**
 * Create or update by id. A save that changes nothing (a retry after a lost answer) answers the
 * stored row and writes no change; a deleted response stays deleted (its id is not reused).
 */
export async function saveCanned(
  db: Kysely<Database>,
  user: User,
  req: z.output<typeof SaveCannedRequestSchema>,
): Promise<{ canned: CannedResponse; head: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('canned_responses').selectAll().where('id', '=', req.id).forUpdate().executeTakeFirst();
    if (current?.deleted) throw new HubError('conflict', 'This canned response was deleted', { reason: 'canned.deleted' });
    if (current && current.title === req.title && current.body === req.body) return { canned: toCanned(current), head: 0 };
    const now = new Date();
    const row = await trx
      .insertInto('canned_responses')
      .values({ id: req.id, title: req.title, body: req.body, updated_by: user.id, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ title: req.title, body: req.body, updated_by: user.id, updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const canned = toCanned(row);
    const head = await appendChanges(trx, [{ entity: 'canned', data: canned }]);
    return { canned, head };
  });
}

/** Delete (kept as a tombstone so caches learn of it); deleting again answers the same. */
export async function deleteCanned(
  db: Kysely<Database>,
  user: User,
  req: z.output<typeof DeleteCannedRequestSchema>,
): Promise<{ canned: CannedResponse; head: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('canned_responses').selectAll().where('id', '=', req.id).forUpdate().executeTakeFirst();
    if (!current) throw new HubError('not_found', 'This canned response does not exist', { reason: 'canned.notFound' });
    if (current.deleted) return { canned: toCanned(current), head: 0 };
    const row = await trx
      .updateTable('canned_responses')
      .set({ deleted: true, updated_by: user.id, updated_at: new Date() })
      .where('id', '=', req.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const canned = toCanned(row);
    return { canned, head: await appendChanges(trx, [{ entity: 'canned', data: canned }]) };
  });
}
