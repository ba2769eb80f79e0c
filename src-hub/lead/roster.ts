/**
 * The roster: every enabled user with her teams, routing profile and chosen presence, as routing
 * rounds and the dashboard need them.
 *
 * Both read it many times a second under load, and it changes rarely (a lead saves a profile, a
 * console connects, an agent sets herself busy). So it is kept in memory and re-read only when
 * `roster_generation` has moved: triggers on `users`, `agent_profiles` and `agent_presence` bump it
 * in the writing transaction (migration 0100), whichever path writes. A stale roster would route
 * over capacity, to a disabled colleague or to someone who set herself away.
 */
import type { Kysely } from 'kysely';
import type { Channel, DepartmentId, PresenceState, Role } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';

type Chosen = Exclude<PresenceState, 'offline'>;

/** One enabled user as the roster holds her. */
export interface RosterEntry {
  userId: string;
  name: string;
  role: Role;
  departments: DepartmentId[];
  /** Her saved routing profile, or null when no lead saved one yet. */
  profile: {
    channels: Channel[];
    languages: string[];
    topics: string[];
    capacity: Partial<Record<Channel, number>>;
    defaultCapacity: number;
  } | null;
  /** What she chose; available when she never chose (no presence row yet). */
  chosen: Chosen;
}

/** Enabled users by name order, and by id. */
export interface Roster {
  entries: readonly RosterEntry[];
  byId: ReadonlyMap<string, RosterEntry>;
}

export class RosterCache {
  #generation: string | null = null;
  #roster: Roster | null = null;

  /**
   * The roster as of this read (`db` may be a transaction): one small statement while nothing
   * changed, two when it did.
   *
   * The generation is read before the rows, so rows stored under a generation are never older
   * than it; a concurrent writer can only make the next read re-read, never hide its change.
   */
  async read(db: Kysely<Database>): Promise<Roster> {
    const row = await db.selectFrom('hub_state').select('value').where('key', '=', 'roster_generation').executeTakeFirst();
    if (!row) throw new Error('hub_state.roster_generation is missing: the database predates migration 0100');
    const generation = String(row.value);
    if (this.#roster && generation === this.#generation) return this.#roster;
    const rows = await db
      .selectFrom('users as u')
      .leftJoin('agent_profiles as p', 'p.user_id', 'u.id')
      .leftJoin('agent_presence as s', 's.user_id', 'u.id')
      .select(['u.id', 'u.name', 'u.role', 'u.departments', 'p.user_id as profile_user', 'p.channels', 'p.languages', 'p.topics', 'p.capacity', 'p.default_capacity', 's.state'])
      .where('u.disabled', '=', false)
      .orderBy('u.name')
      .execute();
    const entries = rows.map(
      (r): RosterEntry => ({
        userId: r.id,
        name: r.name,
        role: r.role,
        departments: r.departments,
        profile:
          r.profile_user === null
            ? null
            : {
                channels: r.channels ?? [],
                languages: r.languages ?? [],
                topics: r.topics ?? [],
                capacity: (r.capacity as Partial<Record<Channel, number>> | null) ?? {},
                defaultCapacity: r.default_capacity!,
              },
        // A stored 'offline' (older rows) means she chose nothing current: away, as presence.states reads it.
        chosen: r.state === null ? 'available' : r.state === 'offline' ? 'away' : r.state,
      }),
    );
    const roster = { entries, byId: new Map(entries.map((e) => [e.userId, e])) };
    this.#generation = generation;
    this.#roster = roster;
    return roster;
  }
}
