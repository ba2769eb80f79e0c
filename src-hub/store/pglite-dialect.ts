/**
 * Kysely dialect for embedded PGlite, running in a worker thread (`pglite-worker-client.ts`).
 *
 * Written here because the published PGlite dialects lag behind PGlite releases (their peer ranges
 * stop at older versions). It is small: PGlite is one connection, so the driver hands that
 * connection out under a mutex on the main thread — Kysely holds it for a whole transaction, which
 * keeps concurrent transactions from interleaving on the single session. The SQL itself runs in
 * the worker, off the hub's event loop.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGliteWorker } from './pglite-worker-client.js';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * Work that runs inside `urgentDatabaseWork.run(true, …)` goes ahead of everything else waiting for
 * PGlite's one connection (not ahead of the holder). Routing rounds use it: an agent waits for
 * their decision, while ingest, pokes and dashboards do not suffer from a few milliseconds more.
 * PostgreSQL's pool needs no such order.
 */
export const urgentDatabaseWork = new AsyncLocalStorage<boolean>();

class Mutex {
  #held = false;
  readonly #urgent: (() => void)[] = [];
  readonly #normal: (() => void)[] = [];

  /** Resolves with a release function once the connection is free: urgent waiters first, each kind in order. */
  acquire(urgent: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.#held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#release();
        });
      };
      if (!this.#held) grant();
      else (urgent ? this.#urgent : this.#normal).push(grant);
    });
  }

  #release(): void {
    const next = this.#urgent.shift() ?? this.#normal.shift();
    if (next) next();
    else this.#held = false;
  }
}

/**
 * How many statements may wait in the worker's queue before a statement outside a transaction
 * stops handing the connection on at once. Handing on at once keeps the worker busy, but a burst
 * (the dashboard posts ten reads together, the SLA sweep its chunks) then sat in the worker ahead
 * of a routing round that arrived a moment later: urgency orders only the waiters on this side.
 * Past this depth the lease keeps the connection until its answer, so urgent work waits behind at
 * most this many statements.
 */
const PIPELINE_DEPTH = 2;

/** Statements posted to the worker and not answered yet (shared by all leases of one driver). */
class Pipeline {
  posted = 0;
}

/**
 * One lease of PGlite's single connection, from Kysely's acquire to its release.
 *
 * Inside a transaction the lease holds the connection until commit or rollback has answered, so
 * no other statement runs in between. Outside one, a statement only needs its place in the
 * worker's queue (the worker runs requests in the order they were posted): the lease posts it and
 * hands the connection on at once, while no more than `PIPELINE_DEPTH` statements are queued there. The next waiter's statement is then queued in the worker right
 * behind it, instead of after a round trip through this thread, whose event loop may be busy —
 * the worker would idle meanwhile. A later statement on the same lease (`db.connection()`) waits
 * for the connection again, with the same urgency.
 */
class PGliteLease implements DatabaseConnection {
  /** Set by the driver between `begin` and the answer to `commit`/`rollback`. */
  inTransaction = false;
  /** The answer to `begin`, not awaited yet (see `PGliteDriver.beginTransaction`). */
  pendingBegin: Promise<unknown> | null = null;

  constructor(
    private readonly db: PGliteWorker,
    private readonly mutex: Mutex,
    private readonly urgent: boolean,
    private release: (() => void) | null,
    private readonly pipeline: Pipeline,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.release ??= await this.mutex.acquire(this.urgent);
    // Posted to the worker synchronously, so handing on below cannot let another statement overtake it.
    const answer = this.db.query(query.sql, query.parameters);
    const begin = this.pendingBegin;
    this.pendingBegin = null;
    this.pipeline.posted++;
    const deep = this.pipeline.posted > PIPELINE_DEPTH;
    if (!this.inTransaction && !deep) this.handOn();
    let result;
    try {
      // A failed `begin` fails the transaction's first statement (posted behind it) too; both
      // answers are awaited together so neither rejection goes unhandled.
      if (begin) await Promise.all([begin, answer]);
      result = await answer;
    } finally {
      this.pipeline.posted--;
      // Past the depth: hand on once answered (a transaction hands on at its release instead).
      if (!this.inTransaction && deep) this.handOn();
    }
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      ...(affected !== undefined && affected > 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  /** Let the next waiter have the connection (idempotent). */
  handOn(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite');
  }
}

const asLease = (connection: DatabaseConnection): PGliteLease => {
  if (!(connection instanceof PGliteLease)) throw new TypeError('Not a connection of the PGlite dialect');
  return connection;
};

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #pipeline = new Pipeline();

  constructor(private readonly db: PGliteWorker) {}

  /** Nothing to wait for: `PGliteWorker.open` resolves once the database is open. */
  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const urgent = urgentDatabaseWork.getStore() === true;
    return new PGliteLease(this.db, this.#mutex, urgent, await this.#mutex.acquire(urgent), this.#pipeline);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    lease.inTransaction = true;
    // Posted, not awaited: the worker answers in order, so the transaction's first statement is
    // posted right behind it instead of one more round trip through this thread later (under load
    // each trip waits for the event loop). That statement awaits this answer first (executeQuery).
    const begin = lease.executeQuery(CompiledQuery.raw('begin'));
    // Awaited by the next statement; until then a failure must not count as unhandled.
    begin.catch(() => undefined);
    lease.pendingBegin = begin;
  }

  // Commit and rollback keep the connection until they have answered: a failed commit is followed
  // by Kysely's rollback, which must not reach a transaction someone else began meanwhile.
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    asLease(connection).inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
    asLease(connection).inTransaction = false;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    asLease(connection).handOn();
  }

  async destroy(): Promise<void> {
    await this.db.close();
  }
}

/** A Kysely dialect over PGlite in a worker; Kysely's `destroy()` closes the database and ends the worker. */
export class PGliteDialect implements Dialect {
  constructor(private readonly db: PGliteWorker) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.db);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
