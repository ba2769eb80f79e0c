/**
 * This console's outbox client id: made once per cache and kept in its meta table, so the hub's
 * mutation dedupe (clientId + mutationId) recognises a replay from the same console.
 */
import type { SwitchboardDb } from '../db/database.js';
import { newId } from '../lib/ids.js';

/** The cache's client id, created on first use. */
export async function clientIdOf(db: SwitchboardDb): Promise<string> {
  const row = await db.meta.get('clientId');
  if (row?.key === 'clientId') return row.value;
  const id = `console-${newId()}`;
  await db.meta.put({ key: 'clientId', value: id });
  return id;
}
