import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, Message } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { applyChanges, applySnapshot, resetSyncedData } from '../../../src-renderer/sync/apply-changes.js';
import { Indexer } from '../../../src-renderer/features/search/indexer.js';
import { BLOCK_SIZE, SearchDb, searchDbName } from '../../../src-renderer/features/search/search-db.js';
import { searchCache } from '../../../src-renderer/features/search/search.js';
import { change, conversation, freshDb, message } from './fixtures.js';

let db: SwitchboardDb;
let sdb: SearchDb;
afterEach(async () => {
  db?.close();
  sdb?.close();
  await db?.delete();
  await sdb?.delete();
});

function open(): void {
  db = freshDb();
  sdb = new SearchDb(searchDbName(db.name));
}

/** Run the indexer until it has nothing left to do; returns the steps taken. */
async function drain(indexer: Indexer): Promise<number> {
  let steps = 0;
  while (await indexer.step()) steps++;
  return steps;
}

const ids = async (query: string) => (await searchCache(db, sdb, query)).results.map((r) => r.messageId).sort();

let syncId = 0;
const page = (...changes: Change[]) => applyChanges(db, changes, ++syncId + changes.length).then(() => (syncId += changes.length));

describe('offline search index', () => {
  it('indexes messages the sync stores, and finds them by exact words, prefixes and umlaut spellings', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    await drain(indexer);
    const c = conversation(1);
    const m1 = message(1, c.id, { body: 'Herr Müller fragt nach der Bestellung 4711.' });
    const m2 = message(2, c.id, { body: 'The invoice amount is wrong.' });
    await page(change(1, 'conversation', c), change(2, 'message', m1), change(3, 'message', m2));
    expect(await ids('Müller ')).toEqual([]); // not indexed yet: the worker has not run
    await drain(indexer);
    expect(await ids('Müller ')).toEqual([m1.id]);
    expect(await ids('mueller')).toEqual([m1.id]);
    expect(await ids('muller bestellung ')).toEqual([m1.id]);
    expect(await ids('bestell')).toEqual([m1.id]);
    expect(await ids('4711')).toEqual([m1.id]);
    expect(await ids('invoice wrong')).toEqual([m2.id]);
    expect(await ids('invoice müller')).toEqual([]);
    const [hit] = (await searchCache(db, sdb, 'invoice')).results;
    expect(hit).toMatchObject({ conversationId: c.id, channel: 'email', snippet: 'The invoice amount is wrong.' });
  });

  it('re-indexes a changed message and forgets its old words (an erased customer is not findable)', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const c = conversation(1);
    const m = message(1, c.id, { body: 'Meine IBAN ist DE02120300000000202051, Anna Schmidt' });
    await page(change(1, 'conversation', c), change(2, 'message', m));
    await drain(indexer);
    expect(await ids('schmidt')).toEqual([m.id]);
    await page(change(3, 'message', { ...m, body: '[erased]', channelMeta: {} }));
    await drain(indexer);
    expect(await ids('schmidt')).toEqual([]);
    expect(await ids('iban')).toEqual([]);
    expect(await ids('erased')).toEqual([m.id]);
    expect(await sdb.docs.count()).toBe(1);
  });

  it('leaves a message whose words did not change alone (a delivery status update)', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const c = conversation(1);
    const m: Message = message(1, c.id, { direction: 'outbound', body: 'Paket ist unterwegs', delivery: { status: 'queued', error: null } });
    await page(change(1, 'conversation', c), change(2, 'message', m));
    await drain(indexer);
    const before = indexer.indexedSession;
    await page(change(3, 'message', { ...m, delivery: { status: 'sent', error: null } }));
    await drain(indexer);
    expect(indexer.indexedSession).toBe(before);
    expect(await ids('unterwegs')).toEqual([m.id]);
  });

  it('removes the messages of a purged conversation', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const a = conversation(1);
    const b = conversation(2);
    const ma = message(1, a.id, { body: 'Kündigung zum Monatsende' });
    const mb = message(2, b.id, { body: 'Kündigung bitte bestätigen' });
    await page(change(1, 'conversation', a), change(2, 'conversation', b), change(3, 'message', ma), change(4, 'message', mb));
    await drain(indexer);
    expect(await ids('kundigung')).toEqual([ma.id, mb.id].sort());
    await page({ syncId: 5, entity: 'purge', data: { id: a.id } } as Change);
    await drain(indexer);
    expect(await ids('kundigung')).toEqual([mb.id]);
    expect(await sdb.docs.where('conversationId').equals(a.id).count()).toBe(0);
  });

  it('drops a hit whose message left the cache before the index caught up', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const a = conversation(1);
    const ma = message(1, a.id, { body: 'vertraulich' });
    await page(change(1, 'conversation', a), change(2, 'message', ma));
    await drain(indexer);
    await page({ syncId: 3, entity: 'purge', data: { id: a.id } } as Change);
    expect(await ids('vertraulich')).toEqual([]);
  });

  it('starts over when the cache is reset', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const c = conversation(1);
    await page(change(1, 'conversation', c), change(2, 'message', message(1, c.id, { body: 'alte Daten' })));
    await drain(indexer);
    await resetSyncedData(db);
    await drain(indexer);
    expect(await ids('daten')).toEqual([]);
    expect(await sdb.docs.count()).toBe(0);
    expect(await sdb.postings.count()).toBe(0);
  });

  it('indexes a cache that existed before its index once, then only what changes — never again on restart', async () => {
    open();
    const c = conversation(1);
    const messages = Array.from({ length: 700 }, (_, i) => message(i + 1, c.id, { body: `Nachricht Nummer n${i + 1} zur Lieferung` }));
    await applySnapshot(db, { conversations: [c], messages, customers: [], identities: [], users: [], cursor: 1 } as never, { phase: 'conversation' });
    // The index is created after the cache was filled (an upgraded console).
    const first = new Indexer(db, sdb);
    await drain(first);
    expect(first.indexedSession).toBe(700);
    expect((await first.progress()).backlog).toBe(0);
    await first.prune();
    expect(await db.searchQueue.count()).toBe(0);
    expect(await ids('n123')).toEqual([messages[122]!.id]);

    // A restart (a reload: a new worker on the same databases) resumes, it does not rebuild.
    const second = new Indexer(db, sdb);
    expect(await second.step()).toBe(false);
    const extra = message(900, c.id, { body: 'neue Lieferung' });
    await page(change(2, 'message', extra));
    await drain(second);
    expect(second.indexedSession).toBe(1);
    expect((await searchCache(db, sdb, 'neue lieferung')).results.map((r) => r.messageId)).toEqual([extra.id]);
  });

  it('starts over when the cache it belonged to was deleted and created again', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const c = conversation(1);
    const pageOf = (n: number, body: string) => applyChanges(db, [change(n, 'conversation', c), change(n + 1, 'message', message(n, c.id, { body }))], n + 1);
    await drain(indexer);
    await pageOf(1, 'erster Stand');
    await pageOf(3, 'zweiter Stand');
    await drain(indexer);
    // The cache is deleted and created again; the index database survives.
    db.close();
    await db.delete();
    await db.open();
    await pageOf(1, 'neuer Cache');
    await drain(indexer);
    expect(await ids('neuer')).toEqual([message(1, c.id).id]);
    expect(await sdb.docs.count()).toBe(1);
  });

  it('answers with the newest matches first when a word is in more messages than one block holds', async () => {
    open();
    const indexer = new Indexer(db, sdb);
    const c = conversation(1);
    const total = BLOCK_SIZE * 2 + 40;
    const messages = Array.from({ length: total }, (_, i) =>
      message(i + 1, c.id, { body: i % 3 === 0 ? `Rechnung Betrag ${i}` : `Rechnung ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }),
    );
    await page(change(1, 'conversation', c));
    await drain(indexer);
    // Indexed page by page (as live sync does): postings grow block by block.
    for (let i = 0; i < total; i += 200) {
      await page(...messages.slice(i, i + 200).map((m, j) => change(i + j + 1, 'message', m)));
      await drain(indexer);
    }
    const answer = await searchCache(db, sdb, 'rechnung', 10);
    expect(answer.results.map((r) => r.messageId)).toEqual(messages.slice(-10).reverse().map((m) => m.id));
    const both = await searchCache(db, sdb, 'rechnung betrag ', 5);
    const expected = messages.filter((_, i) => i % 3 === 0).slice(-5).reverse().map((m) => m.id);
    expect(both.results.map((r) => r.messageId)).toEqual(expected);
    expect(await sdb.postings.where('[term+first]').between(['rechnung', 0], ['rechnung', Infinity]).count()).toBe(3);
  });
});
