/**
 * Canned responses in the cache: saved ones are stored, deleted ones dropped. Called inside the
 * transaction that applies a page of changes.
 */
import type { CannedResponse } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';

export async function applyCanned(db: SwitchboardDb, changes: readonly CannedResponse[]): Promise<void> {
  const deleted = changes.filter((c) => c.deleted).map((c) => c.id);
  const saved = changes.filter((c) => !c.deleted);
  if (deleted.length) await db.canned.bulkDelete(deleted);
  if (saved.length) await db.canned.bulkPut(saved);
}
