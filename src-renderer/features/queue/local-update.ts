/**
 * Optimistic changes of a cached conversation. The queue indexes read derived fields (lane, keys,
 * facets: see db/queue-keys.ts), so every local change recomputes them from the merged row —
 * otherwise a closed or snoozed conversation would stay in its old list until the hub answered.
 */
import type { Conversation } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueFieldsOf } from '../../db/queue-keys.js';

/**
 * Merge `patch` into the cached conversation `id` and refresh its queue fields; a no-op when the
 * conversation is not cached. Call inside a read-write transaction over `db.conversations`.
 */
export async function updateCachedConversation(db: SwitchboardDb, id: string, patch: Partial<Conversation>): Promise<void> {
  const current = await db.conversations.get(id);
  if (!current) return;
  const next = { ...current, ...patch };
  await db.conversations.put({ ...next, ...queueFieldsOf(next) });
}
