/**
 * The SLA monitor: every sweep computes the running timers of every open conversation, records
 * each warning and breach once (the timer's due time identifies its run), and keeps the worst state
 * per conversation for routing and the dashboard.
 */
import { sql, type Kysely } from 'kysely';
import {
  cachedAddMinutes,
  policyFor,
  slaPriorityOf,
  slaTimers,
  worstState,
  type AddMinutes,
  type LeadSettings,
  type SlaItem,
  type SlaTimerState,
} from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';

export interface SlaSummary {
  atRisk: number;
  breached: number;
  /** Warnings and breaches, soonest due first (at most 50). */
  items: SlaItem[];
}

export class SlaMonitor {
  /** Worst state per open conversation after the last sweep (replaced whole when a sweep ends). */
  states: ReadonlyMap<string, SlaTimerState> = new Map();
  summary: SlaSummary = { atRisk: 0, breached: 0, items: [] };
  private add: AddMinutes | null = null;
  private calendarKey = '';
  /**
   * Warnings and breaches this process has stored (or found stored): a sweep writes only the
   * others. Without it every sweep re-inserted every running warning and breach (thousands under
   * load) only for the unique key to discard them. The key in the database stays the guard.
   */
  private recorded = new Set<string>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Sweep at `now`; returns how many new warnings or breaches were recorded. */
  async sweep(settings: LeadSettings, now = new Date()): Promise<number> {
    const key = JSON.stringify(settings.sla.calendar);
    if (!this.add || key !== this.calendarKey) {
      this.add = cachedAddMinutes(settings.sla.calendar);
      this.calendarKey = key;
    }
    const add = this.add;
    const rows = await this.db
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.channel', 'c.department_id', 'c.assignee_id', 'c.priority', 'c.snippet', 'c.waiting_since', 'c.status'])
      // Timers start at the first customer message (a mail may be stored after it was received).
      .select(sql<Date>`coalesce((select min(m.created_at) from messages m where m.conversation_id = c.id and m.direction = 'inbound'), c.created_at)`.as('created_at'))
      .select(sql<boolean>`lower(coalesce(cu.segment, '')) = 'vip'`.as('vip'))
      .select(sql<Date | null>`(select min(w.at) from work_events w where w.conversation_id = c.id and w.kind = 'reply')`.as('first_response_at'))
      .where('c.status', '!=', 'closed')
      .execute();
    const items: SlaItem[] = [];
    const events: { conversation_id: string; kind: SlaItem['kind']; state: 'warning' | 'breached'; due_at: Date; assignee_id: string | null }[] = [];
    const states = new Map<string, SlaTimerState>();
    let computed = 0;
    for (const r of rows) {
      // Thousands of timers take a while: let sockets, routing and ingest run in between.
      if (++computed % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
      const policy = policyFor(settings.sla.policies, r.channel, slaPriorityOf(r.priority, Boolean(r.vip)));
      if (!policy) continue;
      const timers = slaTimers(
        {
          createdAt: new Date(r.created_at),
          firstResponseAt: r.first_response_at ? new Date(r.first_response_at) : null,
          waitingSince: r.waiting_since ? new Date(r.waiting_since) : null,
          closed: false,
        },
        policy,
        settings.sla.warnAtPercent,
        add,
        now,
      );
      states.set(r.id, worstState(timers));
      for (const t of timers) {
        if (t.state === 'ok' || !t.dueAt) continue;
        items.push({
          conversationId: r.id,
          kind: t.kind,
          state: t.state,
          dueAt: t.dueAt.toISOString(),
          channel: r.channel,
          departmentId: r.department_id,
          assigneeId: r.assignee_id,
          snippet: r.snippet,
        });
        events.push({ conversation_id: r.id, kind: t.kind, state: t.state, due_at: t.dueAt, assignee_id: r.assignee_id });
      }
    }
    this.states = states;
    items.sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!));
    this.summary = {
      atRisk: items.filter((i) => i.state === 'warning').length,
      breached: items.filter((i) => i.state === 'breached').length,
      items: items.slice(0, 50),
    };
    const keyOf = (e: (typeof events)[number]) => `${e.conversation_id}|${e.kind}|${e.state}|${e.due_at.getTime()}`;
    const running = new Set(events.map(keyOf));
    const fresh = events.filter((e) => !this.recorded.has(keyOf(e)));
    let recorded = 0;
    for (let i = 0; i < fresh.length; i += 500) {
      const chunk = fresh.slice(i, i + 500);
      const inserted = await this.db
        .insertInto('sla_events')
        .values(chunk)
        .onConflict((oc) => oc.constraint('sla_events_run_key').doNothing())
        .returning('id')
        .execute();
      recorded += inserted.length;
      for (const e of chunk) this.recorded.add(keyOf(e));
    }
    // Forget timers that stopped running (answered, closed, moved on), so the set stays bounded.
    for (const key of this.recorded) if (!running.has(key)) this.recorded.delete(key);
    return recorded;
  }
}
