/**
 * Emits `sync:poke` to consoles, carrying small commits' changes inline.
 *
 * Callers announce a committed head; one pump reads the log after the last head it emitted and
 * sends each console a batch filtered for what its user may see (the same rule as `sync:pull`),
 * tagged with `from`, the head before it. A console applies a batch only when `from` is exactly its
 * stored cursor, so batches are emitted strictly in log order: concurrent announcements are
 * coalesced into the next read. Large commits, or rows pruned in between, get a plain poke and
 * consoles pull. Saves every console a round trip and the hub one log read per console per commit.
 */
import type { Kysely } from 'kysely';
import type { Server } from 'socket.io';
import { POKE_BATCH_MAX, type ClientToServerEvents, type ServerToClientEvents, type SocketData, type SyncPoke, type User } from '../../src-shared/index.js';
import { headSyncId, visibilityClass, visibleChanges, type ChangeLogRow } from '../store/changes.js';
import { toUser } from '../store/mappers.js';
import type { Database } from '../store/schema.js';

/** Inline batches stay small on the wire: message bodies (HTML emails) count against this. */
const POKE_BATCH_BYTES = 512 * 1024;

interface KnownSession {
  user: User;
  /** Not revoked and the account not disabled. */
  live: boolean;
  expiresAt: number;
}

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface PokeFeed {
  /** A transaction committed changes up to `head`: tell consoles, with the changes when small. */
  announce(head: number): void;
  /** Wait for the emission in progress (tests, shutdown). */
  idle(): Promise<void>;
}

export function createPokeFeed(io: Io, db: Kysely<Database>, room: string, log: (msg: string, extra?: unknown) => void): PokeFeed {
  /**
   * The head every console has been told about. Read once at start, before the hub listens, so
   * no console can have missed a commit in between (and every console pulls on connect anyway).
   */
  const start = headSyncId(db);
  start.catch(() => undefined);
  let emitted: number | null = null;
  let wanted = 0;
  let running: Promise<void> | null = null;

  const plain = (head: number) => io.to(room).emit('sync:poke', { head });

  /**
   * Sessions and their users as last read, valid while `viewer_generation` (bumped by a trigger in
   * every transaction that changes users or sessions, migration 0095) has not moved: one tiny read
   * per poke instead of joining every connected session with its user.
   */
  let known: { generation: number; sessions: Map<string, KnownSession | null> } | null = null;
  async function sessionsNow(ids: string[]): Promise<Map<string, KnownSession | null>> {
    const row = await db.selectFrom('hub_state').select('value').where('key', '=', 'viewer_generation').executeTakeFirst();
    // Without the counter (it is never deleted), every poke reads afresh.
    const generation = row ? Number(row.value) : Number.NaN;
    if (known && known.generation === generation && ids.every((id) => known!.sessions.has(id))) return known.sessions;
    const rows = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.revoked_at'])
      .where('sessions.id', 'in', ids)
      .execute();
    // Read after the counter: a change committed in between only makes the next poke read again.
    const sessions = new Map<string, KnownSession | null>(ids.map((id) => [id, null]));
    for (const r of rows) sessions.set(r.session_id, { user: toUser(r), live: r.revoked_at === null && !r.disabled, expiresAt: new Date(r.expires_at).getTime() });
    known = { generation, sessions };
    return sessions;
  }

  async function emitBatch(from: number, rows: ChangeLogRow[], head: number): Promise<void> {
    const sockets = [...io.of('/').sockets.values()].filter((s) => s.rooms.has(room));
    if (sockets.length === 0) return;
    // Who each socket is now: the same checks as every event (session live, account enabled).
    const sessions = await sessionsNow([...new Set(sockets.map((s) => s.data.sessionId))]);
    const now = Date.now();
    const viewers = new Map<string, User>();
    for (const [id, session] of sessions) {
      if (session && session.live && session.expiresAt > now) viewers.set(id, session.user);
    }
    // One encoding per visibility class, not per socket: socket.io encodes a broadcast once and
    // writes the same frame to every socket in it (a poke batch is re-encoded 200 times otherwise).
    const classes = new Map<string, { viewer: User; socketIds: string[] }>();
    const refused: string[] = [];
    const assignees = new Set(rows.map((r) => r.assignee_id).filter((id): id is string => id !== null));
    for (const socket of sockets) {
      const viewer = viewers.get(socket.data.sessionId);
      if (!viewer) {
        // Its next request is refused anyway; it gets no data, only the announcement.
        refused.push(socket.id);
        continue;
      }
      const key = visibilityClass(viewer, assignees);
      const members = classes.get(key);
      if (members) members.socketIds.push(socket.id);
      else classes.set(key, { viewer, socketIds: [socket.id] });
    }
    if (refused.length > 0) io.to(refused).emit('sync:poke', { head });
    for (const { viewer, socketIds } of classes.values()) {
      const poke: SyncPoke = { head, batch: { from, changes: visibleChanges(rows, viewer) } };
      io.to(socketIds).emit('sync:poke', poke);
    }
  }

  async function pump(): Promise<void> {
    while (emitted === null || emitted < wanted) {
      if (emitted === null) {
        emitted = await start;
        continue;
      }
      const from = emitted;
      const rows = await db
        .selectFrom('changes')
        .select(['sync_id', 'entity', 'data', 'department_id', 'assignee_id'])
        .select((eb) => eb.selectFrom('hub_state').select('value').where('key', '=', 'changes_floor').as('floor'))
        .where('sync_id', '>', from)
        .orderBy('sync_id')
        .limit(POKE_BATCH_MAX + 1)
        .execute();
      const last = rows.length > 0 ? Number(rows.at(-1)!.sync_id) : from;
      const floor = Number(rows[0]?.floor ?? 0);
      const bytes = rows.reduce((n, r) => n + (r.entity === 'message' ? ((r.data as { body?: string }).body?.length ?? 0) : 0), 0);
      if (rows.length === 0 || rows.length > POKE_BATCH_MAX || floor > from || bytes > POKE_BATCH_BYTES) {
        // Too much for a poke, or rows between `from` and the log's floor were pruned: consoles pull.
        emitted = Math.max(wanted, last);
        plain(emitted);
        continue;
      }
      emitted = last;
      await emitBatch(from, rows, last);
    }
  }

  function run(): void {
    if (running) return;
    running = pump()
      .catch((error: unknown) => {
        // Announce without data: consoles pull, which never depends on a poke's content.
        log('poke feed failed', error);
        emitted = Math.max(emitted ?? 0, wanted);
        plain(wanted);
      })
      .finally(() => {
        running = null;
        if (emitted !== null && emitted < wanted) run();
      });
  }

  return {
    announce(head) {
      if (head <= wanted) return;
      wanted = head;
      run();
    },
    async idle() {
      while (running) await running;
    },
  };
}
