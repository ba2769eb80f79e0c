/**
 * Presence and shifts: what each agent chose (available, busy, away), kept honest by the hub.
 *
 * The hub counts each user's connected consoles. When the last one goes, she stays as she was for
 * a short grace (a reload, a flaky network), then counts as offline from the moment she left.
 * When she has been offline — or her shift has been over — for the lead's hand-back grace period,
 * her open conversations go back to the queue, unassigned, through the change log like any other
 * change, and routing offers them to colleagues. Nothing stays stranded with an absent agent.
 *
 * Socket counts live in this hub process; a deployment with several hub nodes would need a shared
 * adapter (e.g. socket.io's PostgreSQL adapter) for them. The offline time is in the database.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { PresenceInfo, PresenceState, User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges } from '../store/changes.js';
import { toConversation } from '../store/mappers.js';
import type { Database } from '../store/schema.js';

export interface PresenceOptions {
  /** How long a user without sockets still counts as connected (ms). */
  disconnectGraceMs: number;
  /** Current hand-back grace (minutes), from the lead settings. */
  handbackGraceMinutes: () => number;
  /** Something routing or the dashboard should know about changed. */
  onChange: () => void;
  /** Conversations were handed back: poke consoles. */
  onCommit: (head: number) => void;
  log: (msg: string, extra?: unknown) => void;
}

type Chosen = Exclude<PresenceState, 'offline'>;

export class PresenceService {
  private readonly sockets = new Map<string, Set<string>>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  /** Set by close(): the hub is shutting down, and its sockets' disconnects must not write any more. */
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: PresenceOptions,
  ) {}

  /** A console of `userId` connected. */
  async connected(userId: string, socketId: string): Promise<void> {
    const set = this.sockets.get(userId) ?? new Set<string>();
    set.add(socketId);
    this.sockets.set(userId, set);
    const timer = this.graceTimers.get(userId);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(userId);
    await this.db
      .insertInto('agent_presence')
      .values({ user_id: userId, state: 'available', state_set_at: new Date(), offline_since: null, updated_at: new Date() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ offline_since: null, updated_at: new Date() }))
      .execute();
    this.options.onChange();
  }

  /** A console of `userId` disconnected; after the grace, with no console left, she is offline. */
  disconnected(userId: string, socketId: string): void {
    // A hub that shuts down disconnects every console after this tracker closed; marking them
    // offline after the grace would write to a closed database. Their presence is settled at the
    // next start (a console that does not reconnect is offline then).
    if (this.closed) return;
    const set = this.sockets.get(userId);
    set?.delete(socketId);
    if (set && set.size > 0) return;
    this.sockets.delete(userId);
    const leftAt = new Date();
    const timer = setTimeout(() => {
      this.graceTimers.delete(userId);
      if (this.closed || this.sockets.has(userId)) return;
      this.db
        .updateTable('agent_presence')
        .set({ offline_since: leftAt, updated_at: new Date() })
        .where('user_id', '=', userId)
        .execute()
        .then(() => this.options.onChange(), (error: unknown) => this.options.log('presence: marking offline failed', error));
    }, this.options.disconnectGraceMs);
    timer.unref();
    this.graceTimers.set(userId, timer);
  }

  /** True while a console of hers is connected or within the disconnect grace. */
  isConnected(userId: string): boolean {
    return this.sockets.has(userId) || this.graceTimers.has(userId);
  }

  /** Users with a live console right now (routing offers work only to them). */
  liveUsers(): string[] {
    return [...this.sockets.keys()];
  }

  /** The effective states of all users: what they chose when connected, else offline (`db`: a held connection). */
  async states(db: Kysely<Database> = this.db): Promise<Map<string, { chosen: Chosen; effective: PresenceState; connected: boolean }>> {
    const rows = await db.selectFrom('agent_presence').select(['user_id', 'state']).execute();
    const out = new Map<string, { chosen: Chosen; effective: PresenceState; connected: boolean }>();
    for (const r of rows) {
      const chosen = (r.state === 'offline' ? 'away' : r.state) as Chosen;
      const connected = this.isConnected(r.user_id);
      out.set(r.user_id, { chosen, effective: connected ? chosen : 'offline', connected });
    }
    return out;
  }

  /** The agent sets her state. */
  async set(user: User, state: Chosen): Promise<PresenceInfo> {
    await this.db
      .insertInto('agent_presence')
      .values({ user_id: user.id, state, state_set_at: new Date(), updated_at: new Date() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ state, state_set_at: new Date(), updated_at: new Date() }))
      .execute();
    this.options.onChange();
    return this.info(user);
  }

  /** Start a shift (she becomes available); starting twice is refused. */
  async startShift(user: User): Promise<PresenceInfo> {
    try {
      await this.db.insertInto('shifts').values({ id: randomUUID(), user_id: user.id, started_at: new Date(), ended_at: null }).execute();
    } catch (error) {
      const open = await this.openShift(user.id);
      if (open) throw new HubError('conflict', 'Your shift has already started', { reason: 'shift.alreadyStarted' });
      throw error;
    }
    return this.set(user, 'available');
  }

  /** End the shift with a hand-over note; she is away, and her open work returns after the grace. */
  async endShift(user: User, handoverNote: string): Promise<PresenceInfo> {
    const ended = await this.db
      .updateTable('shifts')
      .set({ ended_at: new Date(), handover_note: handoverNote })
      .where('user_id', '=', user.id)
      .where('ended_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!ended) throw new HubError('conflict', 'You have no shift running', { reason: 'shift.notRunning' });
    return this.set(user, 'away');
  }

  private openShift(userId: string) {
    return this.db.selectFrom('shifts').select(['id', 'started_at']).where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst();
  }

  /** Her presence, shift and the hand-over notes of her teams from the last 24 hours. */
  async info(user: User): Promise<PresenceInfo> {
    const row = await this.db.selectFrom('agent_presence').select(['state']).where('user_id', '=', user.id).executeTakeFirst();
    const chosen = (row?.state ?? 'available') === 'offline' ? 'away' : ((row?.state ?? 'available') as Chosen);
    const connected = this.isConnected(user.id);
    const shift = await this.openShift(user.id);
    const notes = await this.db
      .selectFrom('shifts as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.user_id', 'u.name', 's.ended_at', 's.handover_note'])
      .where('s.ended_at', '>', new Date(Date.now() - 86_400_000))
      .where('s.handover_note', '!=', '')
      .where(sql<boolean>`u.departments && ${sql.val(user.departments)}::text[]`)
      .orderBy('s.ended_at', 'desc')
      .limit(5)
      .execute();
    return {
      chosen,
      effective: connected ? chosen : 'offline',
      connected,
      shift: shift ? { id: shift.id, startedAt: new Date(shift.started_at).toISOString() } : null,
      handovers: notes.map((n) => ({ userId: n.user_id, name: n.name, endedAt: new Date(n.ended_at!).toISOString(), note: n.handover_note })),
    };
  }

  /**
   * Hand back the open work of agents who have been offline, or whose last shift ended, for longer
   * than the grace period. Returns how many conversations went back to the queue.
   *
   * Only the work she held when she left (went offline, or ended her shift) goes back: a lead who
   * assigns her a conversation afterwards does so on purpose, and that override stays.
   */
  async handBack(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.handbackGraceMinutes() * 60_000);
    const offline = await this.db
      .selectFrom('agent_presence')
      .select(['user_id', 'offline_since'])
      .where('offline_since', 'is not', null)
      .where('offline_since', '<=', cutoff)
      .execute();
    // The last shift ended before the cutoff and no new one runs.
    const shiftOver = await this.db
      .selectFrom('shifts as s')
      .select(['s.user_id', (eb) => eb.fn.max('s.ended_at').as('ended_at')])
      .where('s.ended_at', '<=', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('shifts as n').select('n.id').whereRef('n.user_id', '=', 's.user_id').where((eb) => eb.or([eb('n.ended_at', 'is', null), eb('n.ended_at', '>', cutoff)])))),
      )
      .groupBy('s.user_id')
      .execute();
    // When she left: the later of going offline and ending her shift.
    const leftAt = new Map<string, Date>();
    for (const r of offline) if (!this.isConnected(r.user_id)) leftAt.set(r.user_id, new Date(r.offline_since!));
    for (const r of shiftOver) {
      const ended = new Date(r.ended_at as Date);
      const before = leftAt.get(r.user_id);
      if (!before || ended > before) leftAt.set(r.user_id, ended);
    }
    let total = 0;
    for (const [userId, since] of leftAt) {
      const handed = await this.db.transaction().execute(async (trx) => {
        const rows = await trx
          .updateTable('conversations as c')
          .set((eb) => ({ assignee_id: null, updated_at: new Date(), version: eb('c.version', '+', 1) }))
          .where('c.assignee_id', '=', userId)
          .where('c.status', '!=', 'closed')
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('work_events as w').select('w.id').whereRef('w.conversation_id', '=', 'c.id').where('w.kind', '=', 'assigned').where('w.user_id', '=', userId).where('w.at', '>', since))),
          )
          .returningAll()
          .execute();
        if (rows.length === 0) return { n: 0, head: 0 };
        const head = await appendChanges(trx, rows.map((r) => ({ entity: 'conversation' as const, data: toConversation(r) })));
        return { n: rows.length, head };
      });
      if (handed.n > 0) {
        this.options.log(`Handed ${handed.n} open conversation(s) of an absent agent back to the queue`);
        this.options.onCommit(handed.head);
        total += handed.n;
      }
    }
    if (total > 0) this.options.onChange();
    return total;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }
}
