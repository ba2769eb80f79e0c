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

/**
 * Conversations per read of a sweep. Small enough that one chunk's statement (with its two
 * correlated look-ups per row) holds PGlite's connection only a few milliseconds.
 */
const SWEEP_CHUNK = 200;
/** Warnings and breaches per insert, for the same reason (each row checks the unique key). */
const INSERT_CHUNK = 100;

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

  /** `chunk`: conversations per read (tests make it small to cross chunk borders). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly chunk = SWEEP_CHUNK,
  ) {
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`SLA sweep chunk must be a positive integer, got ${chunk}`);
  }

  /** The next open (not closed) conversations after `after` by id, with what their timers need. */
  private readChunk(after: string | null) {
    let query = this.db
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.channel', 'c.department_id', 'c.assignee_id', 'c.priority', 'c.snippet', 'c.waiting_since'])
      // Timers start at the first customer message (a mail may be stored after it was received).
      .select(sql<Date>`coalesce((select min(m.created_at) from messages m where m.conversation_id = c.id and m.direction = 'inbound'), c.created_at)`.as('created_at'))
      .select(sql<boolean>`lower(coalesce(cu.segment, '')) = 'vip'`.as('vip'))
      .select(sql<Date | null>`(select min(w.at) from work_events w where w.conversation_id = c.id and w.kind = 'reply')`.as('first_response_at'))
      // A literal, not a parameter: the planner must see it matches the partial index's predicate.
      .where(sql<boolean>`c.status <> 'closed'`);
    if (after !== null) query = query.where('c.id', '>', after);
    return query.orderBy('c.id').limit(this.chunk).execute();
  }

  /** Sweep at `now`; returns how many new warnings or breaches were recorded. */
  async sweep(settings: LeadSettings, now = new Date()): Promise<number> {
    const key = JSON.stringify(settings.sla.calendar);
    if (!this.add || key !== this.calendarKey) {
      this.add = cachedAddMinutes(settings.sla.calendar);
      this.calendarKey = key;
    }
    const add = this.add;
    /** With the due time as a number: sorting thousands by `Date.parse` in the comparator blocked the event loop. */
    const items: { item: SlaItem; due: number }[] = [];
    const events: { conversation_id: string; kind: SlaItem['kind']; state: 'warning' | 'breached'; due_at: Date; assignee_id: string | null }[] = [];
    const states = new Map<string, SlaTimerState>();
    // Read in short chunks by id (keyset over the partial index of migration 0110), one statement
    // each, with a macrotask break between them. On PGlite every statement holds the one
    // connection: the whole sweep in one select kept routing rounds waiting for hundreds of
    // milliseconds under load; a chunk keeps them waiting a few at most.
    let after: string | null = null;
    for (;;) {
      const rows = await this.readChunk(after);
      for (const r of rows) {
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
            item: {
              conversationId: r.id,
              kind: t.kind,
              state: t.state,
              dueAt: t.dueAt.toISOString(),
              channel: r.channel,
              departmentId: r.department_id,
              assigneeId: r.assignee_id,
              snippet: r.snippet,
            },
            due: t.dueAt.getTime(),
          });
          events.push({ conversation_id: r.id, kind: t.kind, state: t.state, due_at: t.dueAt, assignee_id: r.assignee_id });
        }
      }
      if (rows.length < this.chunk) break;
      after = rows[rows.length - 1]!.id;
      // Let sockets, routing rounds and ingest run between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.states = states;
    items.sort((a, b) => a.due - b.due);
    this.summary = {
      atRisk: items.filter((i) => i.item.state === 'warning').length,
      breached: items.filter((i) => i.item.state === 'breached').length,
      items: items.slice(0, 50).map((i) => i.item),
    };
    const keyOf = (e: (typeof events)[number]) => `${e.conversation_id}|${e.kind}|${e.state}|${e.due_at.getTime()}`;
    const running = new Set(events.map(keyOf));
    const fresh = events.filter((e) => !this.recorded.has(keyOf(e)));
    let recorded = 0;
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const chunk = fresh.slice(i, i + INSERT_CHUNK);
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
