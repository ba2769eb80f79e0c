/**
 * The sync engine's one call into the search: inside the transaction that stores a page of
 * changes or a snapshot, note which messages and purged conversations the index must look at.
 * One small row per transaction, so the hot path pays one `add`; the worker does the rest.
 */
import type { SearchQueueRow, SwitchboardDb } from '../../db/database.js';

/** Inside a cache transaction that includes `db.searchQueue`: queue the stored work for the index. */
export async function queueForSearch(db: SwitchboardDb, work: { messageIds?: readonly string[]; conversationIds?: readonly string[]; reset?: boolean }): Promise<void> {
  const row: SearchQueueRow = {};
  if (work.messageIds?.length) row.messageIds = [...work.messageIds];
  if (work.conversationIds?.length) row.conversationIds = [...work.conversationIds];
  if (work.reset) row.reset = true;
  if (row.messageIds || row.conversationIds || row.reset) await db.searchQueue.add(row);
}
