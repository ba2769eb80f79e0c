import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect, urgentDatabaseWork } from '../../../src-hub/store/pglite-dialect.js';
import { PGliteWorker } from '../../../src-hub/store/pglite-worker-client.js';

describe('PGlite connection order', () => {
  let db: Kysely<Record<string, never>>;
  beforeAll(async () => {
    db = new Kysely({ dialect: new PGliteDialect(await PGliteWorker.open()) });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('lets urgent work go ahead of everything waiting, never ahead of the holder, each kind in order', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await held;
      order.push('holder');
    });
    // Let the holder take the connection first.
    await new Promise((r) => setTimeout(r, 20));
    const run = (name: string, urgent: boolean) => {
      const work = () => sql`select 1`.execute(db).then(() => order.push(name));
      return urgent ? urgentDatabaseWork.run(true, work) : work();
    };
    const waiting = [run('normal-1', false), run('urgent-1', true), run('normal-2', false), run('urgent-2', true)];
    release();
    await Promise.all([holder, ...waiting]);
    expect(order).toEqual(['holder', 'urgent-1', 'urgent-2', 'normal-1', 'normal-2']);
  });
});
