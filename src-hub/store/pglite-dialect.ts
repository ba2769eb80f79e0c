/**
 * Kysely dialect for embedded PGlite.
 *
 * Written here because the published PGlite dialects lag behind PGlite releases (their peer ranges
 * stop at older versions). It is small: PGlite is one in-process connection, so the driver hands
 * that connection out under a mutex — Kysely holds it for a whole transaction, which keeps
 * concurrent transactions from interleaving on the single session.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
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
  constructor(private readonly db: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.db.query<R>(query.sql, query.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
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

  constructor(private readonly db: PGlite) {
    this.#connection = new PGliteConnection(db);
  }

  async init(): Promise<void> {
    await this.db.waitReady;
  }

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

/** A Kysely dialect over one PGlite instance; Kysely's `destroy()` closes the database. */
export class PGliteDialect implements Dialect {
  constructor(private readonly db: PGlite) {}
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
