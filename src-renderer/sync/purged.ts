/**
 * Tombstones of purged conversations, so a snapshot read before a purge cannot bring the
 * conversation back.
 *
 * The race: a bootstrap page (or a thread fetched on demand) is read by the hub at head H; the
 * conversation is then transferred away (a purge at sync id S > H), and the console's pull stores
 * that purge before the page arrives. Without a record of the purge the page would re-add the
 * conversation and its thread, and no later change would remove it again: the agent would keep a
 * conversation she may no longer see. Every snapshot says at which head it was read
 * (`Snapshot.cursor`); a conversation whose tombstone is newer than that is left out of it.
 *
 * A later conversation change in the log (access regained) removes the tombstone. Tombstones are
 * dropped after {@link KEEP_MS}: far longer than any snapshot request may take (they time out
 * within a minute, and at most a few pages are fetched ahead).
 */
import type { Change, Snapshot } from '../../src-shared/index.js';
import type { SwitchboardDb } from '../db/database.js';

const KEEP_MS = 60 * 60_000;

/**
 * Inside the transaction that applies `latest` (the last change per row of a page): remember its
 * purges, forget the tombstones of conversations it shows as visible again.
 */
export async function recordPurges(db: SwitchboardDb, latest: Iterable<Change>): Promise<void> {
  const now = Date.now();
  const tombstones: { id: string; syncId: number; at: number }[] = [];
  const visible: string[] = [];
  for (const change of latest) {
    if (change.entity === 'purge') tombstones.push({ id: change.data.id, syncId: change.syncId, at: now });
    else if (change.entity === 'conversation') visible.push(change.data.id);
  }
  if (tombstones.length > 0) {
    await db.purged.where('at').below(now - KEEP_MS).delete();
    await db.purged.bulkPut(tombstones);
  }
  // Usually there are no tombstones at all: one count instead of a lookup per changed conversation.
  if (visible.length > 0 && (await db.purged.count()) > 0) await db.purged.bulkDelete(visible);
}

/**
 * Inside the transaction that applies `snapshot`: the snapshot without the conversations (and
 * their messages) purged after it was read. A tombstone older than the snapshot means the
 * conversation was visible again when it was read; that tombstone is dropped.
 */
export async function withoutPurgedSince(db: SwitchboardDb, snapshot: Snapshot): Promise<Snapshot> {
  if (snapshot.conversations.length === 0 || (await db.purged.count()) === 0) return snapshot;
  const tombstones = await db.purged.bulkGet(snapshot.conversations.map((c) => c.id));
  const gone = new Set<string>();
  const regained: string[] = [];
  for (const t of tombstones) {
    if (!t) continue;
    if (t.syncId > snapshot.cursor) gone.add(t.id);
    else regained.push(t.id);
  }
  if (regained.length > 0) await db.purged.bulkDelete(regained);
  if (gone.size === 0) return snapshot;
  return {
    ...snapshot,
    conversations: snapshot.conversations.filter((c) => !gone.has(c.id)),
    messages: snapshot.messages.filter((m) => !gone.has(m.conversationId)),
    ...(snapshot.callbacks ? { callbacks: snapshot.callbacks.filter((c) => !gone.has(c.conversationId)) } : {}),
  };
}
