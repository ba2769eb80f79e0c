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

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly db: PGliteWorker) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.db.query(query.sql, query.parameters);
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      ...(affected !== undefined && affected > 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite');
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;
  #release: (() => void) | null = null;

  constructor(private readonly db: PGliteWorker) {
    this.#connection = new PGliteConnection(db);
  }

  /** Nothing to wait for: `PGliteWorker.open` resolves once the database is open. */
  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.acquire(urgentDatabaseWork.getStore() === true);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
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
