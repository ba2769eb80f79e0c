/**
 * Overdue callbacks escalate to the team leads: a hub-side sweep marks every open callback whose
 * due time lies more than `escalateAfterMinutes` in the past. The mark travels through the change
 * log (leads see every callback), so each lead console flags it and notifies its lead.
 */
import type { Kysely } from 'kysely';
import { appendChanges } from '../store/changes.js';
import type { Database } from '../store/schema.js';
import { toCallback } from './service.js';
import { loadTelephonySettings } from './settings.js';

/** Escalate what is overdue at `now`; returns the new change-log head (0: nothing escalated). */
export async function escalateOverdueCallbacks(db: Kysely<Database>, now = new Date()): Promise<{ head: number; escalated: number }> {
  const settings = await loadTelephonySettings(db);
  const cutoff = new Date(now.getTime() - settings.escalateAfterMinutes * 60_000);
  return db.transaction().execute(async (trx) => {
    // `skip locked`: a callback an agent is completing right now is left for the next sweep.
    const rows = await trx
      .selectFrom('callbacks')
      .innerJoin('conversations', 'conversations.id', 'callbacks.conversation_id')
      .select(['callbacks.id', 'conversations.department_id'])
      .where('callbacks.status', '=', 'open')
      .where('callbacks.escalated_at', 'is', null)
      .where('callbacks.due_at', '<=', cutoff)
      .orderBy('callbacks.due_at')
      .limit(500)
      .forUpdate('callbacks')
      .skipLocked()
      .execute();
    if (rows.length === 0) return { head: 0, escalated: 0 };
    const updated = await trx
      .updateTable('callbacks')
      .set((eb) => ({ escalated_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', 'in', rows.map((r) => r.id))
      .returningAll()
      .execute();
    const department = new Map(rows.map((r) => [r.id, r.department_id]));
    const head = await appendChanges(
      trx,
      updated.map((row) => ({ entity: 'callback' as const, data: toCallback(row, department.get(row.id)!) })),
    );
    return { head, escalated: updated.length };
  });
}

/** Run the sweep every `intervalMs`; returns the stop function. */
export function startCallbackEscalation(
  db: Kysely<Database>,
  onChange: (head: number) => void,
  log: (msg: string, extra?: unknown) => void,
  intervalMs: number,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = () => {
    if (running) return;
    running = escalateOverdueCallbacks(db)
      .then(({ head }) => {
        if (head) onChange(head);
      })
      .catch((error: unknown) => log('callback escalation failed', error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
