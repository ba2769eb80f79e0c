/**
 * Snooze and unsnooze from the console: the conversation leaves (or rejoins) the open lists at once,
 * and the mutation waits in the outbox until the hub has it (habit 5: one transaction).
 */
import type { Conversation } from '../../../src-shared/index.js';
import type { OutboxRow, SwitchboardDb } from '../../db/database.js';
import { laneOf } from '../../db/queue-keys.js';
import { newId } from '../../lib/ids.js';
import { clientIdOf } from '../../sync/client-id.js';
import { updateCachedConversation } from './local-update.js';

/** Snooze `conversation` until `until`, or wake it now (`null`). */
export async function queueSnooze(db: SwitchboardDb, conversation: Pick<Conversation, 'id'>, until: Date | null): Promise<void> {
  const mutationId = newId();
  const iso = until ? until.toISOString() : null;
  await db.transaction('rw', [db.conversations, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await updateCachedConversation(db, conversation.id, { snoozedUntil: iso });
    const row: OutboxRow = {
      mutationId,
      name: 'conversation:snooze',
      payload: { clientId, mutationId, conversationId: conversation.id, until: iso },
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: new Date().toISOString(),
    };
    await db.outbox.add(row);
  });
  // A new wake time may be sooner than the one the local waker sleeps towards.
  for (const kick of wakers) kick();
}

/** Running local wakers (one per open workspace), to re-plan after a snooze. */
const wakers = new Set<() => void>();

/**
 * Wake, by this console's clock, the cached conversations whose snooze has ended — offline too,
 * where the hub's wake cannot arrive. Only the derived lane changes: `snoozedUntil` stays until
 * the hub's own change replaces the row (the hub is the authority once back in sync).
 * Returns the next wake time still ahead (ms), or null when nothing is snoozed.
 */
export async function wakeDueLocally(db: SwitchboardDb, nowMs: number = Date.now()): Promise<number | null> {
  const nowIso = new Date(nowMs).toISOString();
  await db.transaction('rw', [db.conversations], async () => {
    // Sparse index: only snoozed conversations have snoozedUntil.
    await db.conversations
      .where('snoozedUntil')
      .belowOrEqual(nowIso)
      .modify((c) => {
        if (c.lane === 'snoozed') c.lane = laneOf(c, nowMs);
      });
  });
  const next = await db.conversations.where('snoozedUntil').above(nowIso).first();
  return next?.snoozedUntil ? Date.parse(next.snoozedUntil) : null;
}

/** Keep waking snoozes by the local clock while the workspace is open; returns a stop function. */
export function startLocalSnoozeWaker(db: SwitchboardDb): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = async () => {
    let next: number | null = null;
    try {
      next = await wakeDueLocally(db);
    } catch {
      // The database closed (sign-out) or is busy: try again on the next round.
    }
    if (stopped) return;
    // At the next wake time, but at least every minute: a snooze set in another window, or the
    // machine waking from sleep, is picked up without a timer of its own.
    const delay = next === null ? 60_000 : Math.min(60_000, Math.max(250, next - Date.now() + 50));
    timer = setTimeout(() => void run(), delay);
  };
  const kick = () => {
    clearTimeout(timer);
    void run();
  };
  wakers.add(kick);
  void run();
  return () => {
    stopped = true;
    wakers.delete(kick);
    clearTimeout(timer);
  };
}
