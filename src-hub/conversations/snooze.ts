/**
 * Snooze (issue 5): an agent puts a conversation aside until a time. The wake time is stored on the
 * conversation and travels with its change; the hub is the authority on waking — a sweep wakes
 * every conversation whose time has come, and a new customer message wakes it at once (ingest
 * clears `snoozed_until` in the same update that stores the message).
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { snoozeUntilProblem, type ConversationResult, type SnoozeRequestSchema } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges } from '../store/changes.js';
import { startPeriodicSweep, type PeriodicSweep } from '../store/periodic-sweep.js';
import { recordEvent } from './events.js';
import { toConversation } from '../store/mappers.js';
import type { Database } from '../store/schema.js';
import type { Applied, MutationContext } from './mutations.js';
import { assertMaySee, assertMayWork, loadConversation, saveConversation } from './service.js';

/**
 * Snooze or wake inside a mutation's transaction. Like close and reopen, this is work on the
 * conversation: an agent may snooze her own or unassigned conversations, a lead any.
 */
export async function applySnooze(ctx: MutationContext, req: z.output<typeof SnoozeRequestSchema>): Promise<Applied<ConversationResult>> {
  const current = await loadConversation(ctx, req.conversationId);
  assertMaySee(ctx.user, current);
  assertMayWork(ctx.user, current.assignee_id);
  const now = new Date();
  let until: Date | null = null;
  if (req.until !== null) {
    if (current.status === 'closed') throw new HubError('conflict', 'A closed conversation cannot be snoozed. Reopen it first.', { reason: 'snooze.closed' });
    until = new Date(req.until);
    const problem = snoozeUntilProblem(until.getTime(), now.getTime());
    if (problem) throw HubError.of('bad_request', problem);
    // Sent from an outbox after its wake time (the console was offline): the snooze is over, and
    // the conversation stays (or becomes) awake — what the console already shows by its clock.
    if (until <= now) until = null;
  }
  const row = await saveConversation(ctx, current, { snoozed_until: until, updated_at: now });
  const conversation = toConversation(row);
  // The thread shows the snooze (and an early wake by the agent) as a system event.
  const event = until ? [await recordEvent(ctx.trx, current, 'snoozed', ctx.user.id, { until }, now)] : current.snoozed_until ? [await recordEvent(ctx.trx, current, 'woken', ctx.user.id, {}, now)] : [];
  return { result: { conversation }, changes: [{ entity: 'conversation', data: conversation }, ...event] };
}

/** Most conversations woken in one transaction: the change-log lock is held only briefly. */
const WAKE_CHUNK = 200;

/**
 * Wake every conversation whose snooze ended by `now`; returns the newest sync id (0: none woke).
 *
 * `for update skip locked`: a conversation an agent is changing right now is woken by the next
 * round instead of waiting on her transaction.
 */
export async function wakeSnoozed(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  let head = 0;
  for (;;) {
    const woken = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('conversations')
        .select('id')
        .where('snoozed_until', 'is not', null)
        .where('snoozed_until', '<=', now)
        .limit(WAKE_CHUNK)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return 0;
      const rows = await trx
        .updateTable('conversations')
        .set((eb) => ({ snoozed_until: null, version: eb('version', '+', 1), updated_at: new Date() }))
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .returningAll()
        .execute();
      // Woken by the hub's clock: an event without an actor.
      const events = await Promise.all(rows.map((r) => recordEvent(trx, r, 'woken', null, {}, now)));
      head = Math.max(head, await appendChanges(trx, [...rows.map((r) => ({ entity: 'conversation' as const, data: toConversation(r) })), ...events]));
      return rows.length;
    });
    if (woken < WAKE_CHUNK) return head;
  }
}

/** Run `wakeSnoozed` every `everyMs`; a failed round is logged and covered by the next one. */
export function startSnoozeSweep(db: Kysely<Database>, poke: (head: number) => void, log: (msg: string, extra?: unknown) => void, everyMs: number): PeriodicSweep {
  return startPeriodicSweep('snooze', () => wakeSnoozed(db), poke, log, everyMs);
}
