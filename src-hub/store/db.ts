/**
 * Opens the hub database: embedded PGlite in a data directory, or PostgreSQL when a URL is given.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import { PGliteWorker, type PGliteWorkerStoppedError } from './pglite-worker-client.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
}

export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface OpenDatabaseOptions {
  /** Told when embedded PGlite's worker stops on its own (crash, out of memory); every query then fails. */
  onFailure?: (error: PGliteWorkerStoppedError) => void;
}

/**
 * Connect and bring the schema up to date.
 *
 * Fails loudly (and leaves nothing half-open) when a migration fails.
 */
export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  let db: Kysely<Database>;
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle pooled connection the server ends (restart, admin shutdown, failover) emits 'error'
    // on the pool; unhandled, that would crash the hub. The pool drops that client and opens a new
    // one on the next query, so logging is all there is to do.
    pool.on('error', (error) => console.warn(`[hub] PostgreSQL closed an idle connection: ${error.message}`));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const dir = join(target.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    // In a worker thread: PGlite runs SQL synchronously in WASM, which would stall the hub's event loop.
    const pglite = await PGliteWorker.open({ dataDir: dir, ...(options.onFailure ? { onFailure: options.onFailure } : {}) });
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind: target.kind };
}

/** Run every pending migration; throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
}
