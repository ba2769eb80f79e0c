/**
 * Writing to and reading from the search index (see search-db.ts for its layout). Plain functions
 * over a {@link SearchDb}: the worker calls them, unit tests call them directly.
 */
import Dexie from 'dexie';
import type { Message } from '../../../src-shared/index.js';
import { BLOCK_SIZE, MAX_BLOCK, type IndexState, type IndexedDoc, type PostingBlock, type SearchDb, type TermRow } from './search-db.js';
import { searchableText } from './message-text.js';
import { indexTerms, termMatches, type QueryToken } from './normalize.js';

export const INITIAL_STATE: IndexState = { key: 'state', nextOrd: 1, queueSeq: 0, rowOffset: 0, backfillAfter: '', indexed: 0 };

export async function readState(sdb: SearchDb): Promise<IndexState> {
  return (await sdb.state.get('state')) ?? INITIAL_STATE;
}

/** A message to index (`message` set) or to remove (`message` undefined: it is gone from the cache). */
export interface IndexInput {
  id: string;
  message: Pick<Message, 'conversationId' | 'body' | 'channelMeta'> | undefined;
}

/**
 * Bring the index in line with the current state of some messages, and store `next` (the indexer's
 * progress) in the same transaction. A message whose terms did not change (a delivery status
 * update) is left alone; a changed one gets a new ord (its old postings go stale); a missing one
 * is removed. Returns how many messages were (re)indexed.
 */
export async function indexMessages(sdb: SearchDb, inputs: readonly IndexInput[], next: (state: IndexState, indexed: number) => IndexState): Promise<number> {
  const prepared = inputs.map((i) => ({ id: i.id, conversationId: i.message?.conversationId, terms: i.message ? indexTerms(searchableText(i.message)).sort() : null }));
  return sdb.transaction('rw', [sdb.docs, sdb.postings, sdb.terms, sdb.state], async () => {
    const state = await readState(sdb);
    const existing = await docsById(sdb, prepared.map((p) => p.id));
    let ord = state.nextOrd;
    const remove: number[] = [];
    const add: IndexedDoc[] = [];
    const postings = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const p of prepared) {
      // Later inputs for the same id win: only the last is applied.
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      const old = existing.get(p.id);
      if (p.terms === null) {
        if (old) remove.push(old.ord);
        continue;
      }
      if (old && old.conversationId === p.conversationId && sameTerms(old.terms, p.terms)) continue;
      if (old) remove.push(old.ord);
      const doc: IndexedDoc = { ord: ord++, id: p.id, conversationId: p.conversationId!, terms: p.terms };
      add.push(doc);
      for (const term of doc.terms) {
        const list = postings.get(term);
        if (list) list.push(doc.ord);
        else postings.set(term, [doc.ord]);
      }
    }
    if (remove.length) await sdb.docs.bulkDelete(remove);
    if (add.length) await sdb.docs.bulkAdd(add);
    if (postings.size) await appendPostings(sdb, postings);
    await sdb.state.put(next({ ...state, nextOrd: ord }, add.length));
    return add.length;
  });
}

/**
 * The indexed docs of some message ids, by id. One point read per id, all sent at once: not
 * `where('id').anyOf(ids)`, whose one cursor jumps from id to id in key order — for ids spread over
 * the whole index (a sync page's messages: random UUIDs) each jump is a round trip, and that lookup
 * took 70-80 % of an indexing step once the index held ~50,000 messages (measured in the search
 * bench at scale 0.2). The backfill scan never noticed: its ids ascend past every indexed one, so
 * its cursor ended at once.
 */
async function docsById(sdb: SearchDb, ids: readonly string[]): Promise<Map<string, IndexedDoc>> {
  const unique = [...new Set(ids)];
  const docs = await Promise.all(unique.map((id) => sdb.docs.get({ id })));
  const byId = new Map<string, IndexedDoc>();
  for (const doc of docs) if (doc) byId.set(doc.id, doc);
  return byId;
}

function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Append ords (increasing, above every stored one) to their terms' postings. New ords that fit
 * into the term's last block are appended to it (a read and a rewrite); otherwise they start new
 * blocks of up to {@link MAX_BLOCK} without reading anything — so a big batch costs about one
 * write per word, and live ingest (a few messages at a time) still fills blocks instead of
 * leaving one tiny block per message.
 */
async function appendPostings(sdb: SearchDb, postings: Map<string, number[]>): Promise<void> {
  const terms = [...postings.keys()];
  const rows = await sdb.terms.bulkGet(terms);
  const openKeys: [string, number][] = [];
  rows.forEach((row, i) => {
    if (row && row.lastSize + postings.get(terms[i]!)!.length <= BLOCK_SIZE) openKeys.push([terms[i]!, row.lastFirst]);
  });
  const openBlocks = new Map((await sdb.postings.bulkGet(openKeys)).filter((b): b is PostingBlock => b !== undefined).map((b) => [b.term, b]));
  const blocks: PostingBlock[] = [];
  const termRows: TermRow[] = [];
  terms.forEach((term, i) => {
    const ords = postings.get(term)!;
    const row = rows[i];
    let block = openBlocks.get(term) ?? null;
    let at = 0;
    if (block) {
      block = { ...block, ords: block.ords.concat(ords) };
      at = ords.length;
      blocks.push(block);
    }
    while (at < ords.length) {
      block = { term, first: ords[at]!, ords: ords.slice(at, at + MAX_BLOCK) };
      at += MAX_BLOCK;
      blocks.push(block);
    }
    termRows.push({ term, count: (row?.count ?? 0) + ords.length, lastFirst: block!.first, lastSize: block!.ords.length });
  });
  await sdb.postings.bulkPut(blocks);
  await sdb.terms.bulkPut(termRows);
}

/** Remove every indexed message of some conversations (purged from the cache); returns how many. */
export async function removeConversations(sdb: SearchDb, conversationIds: readonly string[], next: (state: IndexState) => IndexState): Promise<number> {
  return sdb.transaction('rw', [sdb.docs, sdb.state], async () => {
    const removed = await sdb.docs.where('conversationId').anyOf([...conversationIds]).delete();
    await sdb.state.put(next(await readState(sdb)));
    return removed;
  });
}

/** Forget the whole index (the cache was reset and is downloaded again). */
export async function clearIndex(sdb: SearchDb, next: (state: IndexState) => IndexState): Promise<void> {
  await sdb.transaction('rw', [sdb.docs, sdb.postings, sdb.terms, sdb.state], async () => {
    const state = await readState(sdb);
    await Promise.all([sdb.docs.clear(), sdb.postings.clear(), sdb.terms.clear()]);
    // Ords keep increasing: an ord is never reused, even across a reset.
    await sdb.state.put(next({ ...INITIAL_STATE, nextOrd: state.nextOrd, indexed: state.indexed, backfillAfter: null }));
  });
}

/** A prefix stands for at most this many words (the most frequent of the first ones in key order). */
const PREFIX_TERMS = 48;
const PREFIX_SCAN = 400;
/** Candidates checked in the first round trip (the limit and a few for removed messages), doubling per round up to {@link MAX_CHUNK}. */
const FIRST_CHUNK_EXTRA = 8;
const MAX_CHUNK = 2048;
/** Blocks read per word: one at first (a prefix may stand for dozens of words), then more. */
const FIRST_BLOCKS = 1;
const MORE_BLOCKS = 4;

export interface IndexHit {
  ord: number;
  messageId: string;
  conversationId: string;
}

export interface IndexQueryResult {
  hits: IndexHit[];
  /** Candidates checked. */
  scanned: number;
  /** Stopped at `maxScan` before the postings were exhausted: more matches may exist. */
  truncated: boolean;
}

/**
 * The most recently indexed messages that contain every token, newest first.
 *
 * Plan: the token with the fewest postings drives; its postings are read backwards from the
 * newest block (merging the words a prefix stands for), and each chunk of candidates is checked
 * against the `docs` rows — a missing row is a removed or re-indexed message, and the other
 * tokens must be among the row's terms. It stops at `limit` hits, so a query for common words
 * reads a few blocks, not the whole postings list. `maxScan` bounds a query whose words are
 * common but rarely together.
 */
export async function queryIndex(sdb: SearchDb, tokens: readonly QueryToken[], limit: number, maxScan = 40_000, isStale: () => boolean = () => false): Promise<IndexQueryResult> {
  if (tokens.length === 0) return { hits: [], scanned: 0, truncated: false };
  return sdb.transaction('r', [sdb.docs, sdb.postings, sdb.terms], async () => {
    const plans = await Promise.all(tokens.map((t) => planToken(sdb, t)));
    if (plans.some((p) => p.count === 0)) return { hits: [], scanned: 0, truncated: false };
    let driver = 0;
    plans.forEach((p, i) => {
      if (p.count < plans[driver]!.count) driver = i;
    });
    const others = tokens.filter((_, i) => i !== driver);
    const exact = others.filter((t): t is Extract<QueryToken, { kind: 'exact' }> => t.kind === 'exact').map((t) => t.term);
    const prefixes = others.filter((t) => t.kind === 'prefix');
    const stream = new NewestFirst(sdb, plans[driver]!.terms);
    const hits: IndexHit[] = [];
    let scanned = 0;
    let chunk = limit + FIRST_CHUNK_EXTRA;
    for (;;) {
      if (isStale()) return { hits, scanned, truncated: true };
      const ords = await stream.take(chunk);
      chunk = Math.min(chunk * 2, MAX_CHUNK);
      if (ords.length === 0) return { hits, scanned, truncated: false };
      scanned += ords.length;
      const docs = await sdb.docs.bulkGet(ords);
      for (const doc of docs) {
        if (!doc) continue;
        if (exact.length && !exact.every((term) => binaryHas(doc.terms, term))) continue;
        if (prefixes.length && !prefixes.every((t) => doc.terms.some((term) => termMatches(term, t)))) continue;
        hits.push({ ord: doc.ord, messageId: doc.id, conversationId: doc.conversationId });
        if (hits.length >= limit) return { hits, scanned, truncated: false };
      }
      if (scanned >= maxScan) return { hits, scanned, truncated: true };
    }
  });
}

/** A doc's terms are stored sorted. */
function binaryHas(sorted: readonly string[], term: string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === term) return true;
    if (v < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The words a token stands for, and their postings in all. */
async function planToken(sdb: SearchDb, token: QueryToken): Promise<{ terms: string[]; count: number }> {
  if (token.kind === 'exact') {
    const row = await sdb.terms.get(token.term);
    return row ? { terms: [row.term], count: row.count } : { terms: [], count: 0 };
  }
  const rows = await sdb.terms.where('term').startsWith(token.prefix).limit(PREFIX_SCAN).toArray();
  rows.sort((a, b) => b.count - a.count);
  const picked = rows.slice(0, PREFIX_TERMS);
  return { terms: picked.map((r) => r.term), count: picked.reduce((s, r) => s + r.count, 0) };
}

interface Lane {
  term: string;
  /** Ascending; the newest at the end. */
  buffer: number[];
  /** The next read takes blocks starting below this ord. */
  below: number;
  done: boolean;
  reads: number;
}

/** The ords of some terms merged, newest (highest) first, without repeats. */
class NewestFirst {
  private readonly lanes: Lane[];
  private readonly seen = new Set<number>();

  constructor(
    private readonly sdb: SearchDb,
    terms: readonly string[],
  ) {
    this.lanes = terms.map((term) => ({ term, buffer: [], below: Number.POSITIVE_INFINITY, done: false, reads: 0 }));
  }

  /** Up to `n` further ords. */
  async take(n: number): Promise<number[]> {
    const out: number[] = [];
    while (out.length < n) {
      await Promise.all(this.lanes.filter((l) => l.buffer.length === 0 && !l.done).map((l) => this.fill(l)));
      let best: Lane | null = null;
      for (const lane of this.lanes) {
        if (lane.buffer.length && (!best || lane.buffer[lane.buffer.length - 1]! > best.buffer[best.buffer.length - 1]!)) best = lane;
      }
      if (!best) break;
      // Buffers hold ascending ords: the newest is at the end. Take from the best lane until
      // another lane's newest is higher.
      const ord = best.buffer.pop()!;
      if (!this.seen.has(ord)) {
        this.seen.add(ord);
        out.push(ord);
      }
    }
    return out;
  }

  private async fill(lane: Lane): Promise<void> {
    const blocks = await this.sdb.postings
      .where('[term+first]')
      .between([lane.term, Dexie.minKey], [lane.term, lane.below], true, false)
      .reverse()
      .limit(lane.reads++ === 0 ? FIRST_BLOCKS : MORE_BLOCKS)
      .toArray();
    if (blocks.length === 0) {
      lane.done = true;
      return;
    }
    lane.below = blocks[blocks.length - 1]!.first;
    // Oldest block first, so the buffer stays ascending.
    for (let i = blocks.length - 1; i >= 0; i--) lane.buffer.push(...blocks[i]!.ords);
  }
}
