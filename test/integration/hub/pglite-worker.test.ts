/**
 * PGlite in a worker thread behind the hub's Kysely dialect: what crosses the thread boundary
 * (rows, types, PostgreSQL's error fields), transactions on the one connection, and the worker's
 * lifecycle (destroy ends it; a worker that dies fails every query instead of leaving it hanging).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql, type Generated } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect, urgentDatabaseWork } from '../../../src-hub/store/pglite-dialect.js';
import { PGliteDatabaseError, PGliteWorker, PGliteWorkerStoppedError } from '../../../src-hub/store/pglite-worker-client.js';

interface Tables {
  items: { id: Generated<number>; name: string; note: string | null };
  ledger: { seq: Generated<number>; trx: string; step: number };
}

describe('PGlite worker dialect', () => {
  let worker: PGliteWorker;
  let db: Kysely<Tables>;
  const failures: Error[] = [];

  beforeAll(async () => {
    worker = await PGliteWorker.open({ onFailure: (error) => failures.push(error) });
    db = new Kysely<Tables>({ dialect: new PGliteDialect(worker) });
    await sql`create table items (id serial primary key, name text not null constraint items_name_key unique, note text)`.execute(db);
    await sql`create table ledger (seq serial primary key, trx text not null, step int not null)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('answers what in-process PGlite answers, types included (Date, Uint8Array, bigint, json, arrays, null)', async () => {
    const statement = `select 7::int8 as small8, 9007199254740993::int8 as big8, 1.5::numeric as num, '\\x0102'::bytea as bytes,
      $1::bytea as param_bytes, '{"a":[1,{"b":null}]}'::jsonb as doc, '2024-01-02T03:04:05Z'::timestamptz as at,
      $2::timestamptz as param_at, null::text as nothing, array['x','y']::text[] as list, true as flag, $3::int8 as param8`;
    // A Buffer that is a view into a larger pooled buffer: only its own bytes may arrive.
    const params = [Buffer.from('hey'), new Date('2020-01-01T00:00:00Z'), 12345678901234n];
    const local = await PGlite.create();
    try {
      const expected = await local.query(statement, params);
      const actual = await worker.query(statement, params);
      expect(actual.rows).toEqual(expected.rows);
      const row = actual.rows[0] as Record<string, unknown>;
      expect(row.at).toBeInstanceOf(Date);
      expect(row.bytes).toBeInstanceOf(Uint8Array);
      expect([...(row.param_bytes as Uint8Array)]).toEqual([...Buffer.from('hey')]);
      expect(row.big8).toBe(9007199254740993n);
      expect(row.nothing).toBeNull();
      expect(actual.fields.map((f) => f.name)).toEqual(expected.fields.map((f) => f.name));
    } finally {
      await local.close();
    }
  });

  it('runs Kysely queries and reports affected rows', async () => {
    const inserted = await db.insertInto('items').values({ name: 'first', note: null }).returning(['id', 'name']).executeTakeFirstOrThrow();
    expect(inserted.name).toBe('first');
    const updated = await db.updateTable('items').set({ note: 'seen' }).where('id', '=', inserted.id).executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(1n);
    const row = await db.selectFrom('items').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: inserted.id, name: 'first', note: 'seen' });
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ name: 'rolled-back', note: null }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const left = await db.selectFrom('items').select('id').where('name', '=', 'rolled-back').execute();
    expect(left).toEqual([]);
  });

  it('rejects a unique violation with PostgreSQL fields (code 23505, constraint, detail)', async () => {
    await db.insertInto('items').values({ name: 'unique-one', note: null }).execute();
    const error = await db
      .insertInto('items')
      .values({ name: 'unique-one', note: null })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PGliteDatabaseError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: '23505',
      constraint: 'items_name_key',
      table: 'items',
      severity: 'ERROR',
      detail: 'Key (name)=(unique-one) already exists.',
      message: expect.stringContaining('duplicate key value violates unique constraint'),
    });
    // The connection is usable after the error.
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  });

  it('keeps concurrent transactions from interleaving on the one connection', async () => {
    const run = (name: string) =>
      db.transaction().execute(async (trx) => {
        for (let step = 0; step < 3; step++) {
          await trx.insertInto('ledger').values({ trx: name, step }).execute();
          // Give the other transactions every chance to slip in between two statements.
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
    // Single statements outside a transaction are handed on as soon as they are posted
    // (pglite-dialect.ts); they must still never land inside a transaction.
    const solo = Array.from({ length: 6 }, (_, step) => db.insertInto('ledger').values({ trx: 'solo', step }).execute());
    await Promise.all([...['a', 'b', 'c'].map(run), ...solo]);
    const soloRows = await db.selectFrom('ledger').select('step').where('trx', '=', 'solo').orderBy('seq').execute();
    expect(soloRows.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5]);
    const all = await db.selectFrom('ledger').select(['trx', 'step']).orderBy('seq').execute();
    expect(all).toHaveLength(15);
    for (let i = 0; i < all.length; i++) {
      const row = all[i]!;
      if (row.trx === 'solo' || row.step !== 0) continue;
      // A transaction's three rows follow each other with nothing in between.
      expect(all.slice(i, i + 3)).toEqual([0, 1, 2].map((step) => ({ trx: row.trx, step })));
    }
  });

  it('lets urgent work overtake a burst of single statements, not wait behind all of them in the worker', async () => {
    const done: string[] = [];
    // Eight slow reads at once, as a dashboard posts its reads together.
    const burst = Array.from({ length: 8 }, (_, i) => sql`select pg_sleep(0.05)`.execute(db).then(() => done.push(`normal-${i}`)));
    // A macrotask later the first of them are in the worker, the rest wait on this side.
    await new Promise((resolve) => setImmediate(resolve));
    const urgent = urgentDatabaseWork.run(true, () => db.transaction().execute((trx) => sql`select 1`.execute(trx))).then(() => done.push('urgent'));
    await Promise.all([...burst, urgent]);
    expect(done).toHaveLength(9);
    // Only the few statements the dialect lets queue in the worker (PIPELINE_DEPTH + the holder) go first.
    expect(done.indexOf('urgent')).toBeLessThanOrEqual(3);
  });

  it('rolls back a transaction whose commit fails without touching the one queued behind it', async () => {
    await sql`create table deferred (k int constraint deferred_k_key unique deferrable initially deferred)`.execute(db);
    const failing = db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into deferred values (1), (1)`.execute(trx);
      })
      .then(() => null, (e: unknown) => e);
    const queued = db.transaction().execute(async (trx) => {
      await sql`insert into deferred values (2)`.execute(trx);
    });
    const error = await failing;
    await queued;
    expect(error).toMatchObject({ code: '23505', constraint: 'deferred_k_key' });
    expect((await sql<{ k: number }>`select k from deferred order by k`.execute(db)).rows).toEqual([{ k: 2 }]);
  });

  it('refuses a parameter the structured clone cannot carry, and stays usable', async () => {
    await expect(worker.query('select $1::text as t', [() => 'no'])).rejects.toThrow(/cannot be sent to the database worker/);
    expect((await worker.query('select $1::text as t', ['yes'])).rows).toEqual([{ t: 'yes' }]);
  });

  it('has reported no failure while it ran', () => {
    expect(failures).toEqual([]);
  });
});

describe('PGlite worker lifecycle', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('ends the worker on destroy, keeps the data on disk, and refuses later queries', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-pglite-worker-'));
    dirs.push(dataDir);
    const failures: Error[] = [];
    const worker = await PGliteWorker.open({ dataDir, onFailure: (error) => failures.push(error) });
    const db = new Kysely<Tables>({ dialect: new PGliteDialect(worker) });
    await sql`create table items (id serial primary key, name text not null, note text)`.execute(db);
    await db.insertInto('items').values({ name: 'kept', note: null }).execute();
    let ended = false;
    void worker.exited.then(() => (ended = true));
    await db.destroy();
    expect(ended).toBe(true);
    await expect(worker.query('select 1', [])).rejects.toThrow(PGliteWorkerStoppedError);
    await expect(worker.query('select 1', [])).rejects.toThrow('The database is closed');
    expect(failures).toEqual([]);

    const reopened = await PGliteWorker.open({ dataDir });
    try {
      expect((await reopened.query('select name from items', [])).rows).toEqual([{ name: 'kept' }]);
    } finally {
      await reopened.close();
    }
  });

  it('rejects pending and later queries clearly when the worker dies, and reports it once', async () => {
    const failures: Error[] = [];
    const worker = await PGliteWorker.open({ onFailure: (error) => failures.push(error) });
    const db = new Kysely<Tables>({ dialect: new PGliteDialect(worker) });
    // Still running in the worker when it is terminated.
    const pending = sql`select pg_sleep(5)`.execute(db).then(() => null, (e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    await worker.terminate();
    const error = await pending;
    expect(error).toBeInstanceOf(PGliteWorkerStoppedError);
    expect((error as Error).message).toMatch(/The embedded database \(PGlite worker\) stopped unexpectedly/);
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/stopped unexpectedly/);
    await expect(db.transaction().execute(async (trx) => sql`select 1`.execute(trx))).rejects.toThrow(/stopped unexpectedly/);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBe(error);
    // Destroying a dead database completes.
    await db.destroy();
  });

  it('rejects opening a data directory PGlite cannot use', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-pglite-worker-'));
    dirs.push(dataDir);
    // A file where the data directory should be.
    const path = join(dataDir, 'not-a-dir');
    await writeFile(path, 'x');
    await expect(PGliteWorker.open({ dataDir: path })).rejects.toThrow(`Could not open the embedded database in ${path}: ErrnoError`);
  });
});
