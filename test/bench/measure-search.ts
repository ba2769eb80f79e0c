/**
 * Offline full-text search over the cached history (issue 5).
 *
 * With the dataset cached, wait until the search worker has indexed it (the top bar's search box
 * reports the worker's backlog), then type each query into the search box and time the key
 * event → the result list for exactly that query painted (React render and paint included), in
 * the page, so no Playwright round trip counts. The queries mix single words, two words, German
 * words with umlauts and prefixes of the dataset's vocabulary (test/bench/content.ts); each is
 * run twice (cold and warm IndexedDB caches), and every sample counts.
 *
 * Also reported: the main thread's JS heap with the full dataset cached and indexed (the index
 * lives in the worker and IndexedDB, not in the page), how long after the history download the
 * index caught up, and (below scale 0.5, or with BENCH_SEARCH_REBUILD=1) the time to index the
 * whole cache from scratch (the index deleted, the console reloaded: the worker's one-time scan;
 * informational).
 */
import type { Page } from 'playwright-core';
import { atMost, type BenchResult } from './results.js';
import { jsHeapMb, waitStatus } from './bench-browser.js';
import type { BenchEnv, WarmConsole } from './bench-env.js';
import { summarize, p95 } from './stats.js';

export const SEARCH_QUERIES = [
  // single words
  'Bestellung', 'invoice', 'Rechnung', 'refund', 'Kundennummer', 'Paket', 'subscription',
  // two words
  'Rechnung Betrag', 'order arrived', 'Vertrag kündigen', 'charged twice', 'Paket geliefert', 'address account',
  // German words with umlauts (and their transcriptions)
  'Rückerstattung', 'Grüßen', 'zurückgerufen', 'möglich', 'Kaffeevollautomat', 'Gerät Update', 'kuemmern',
  // prefixes: the last word is still being typed
  'Bestell', 'Rückerst', 'deliv', 'Kündig', 'Smartw', 'schnelle Hil',
];

const INDEX_TIMEOUT_MS = 3_600_000;
/** The from-scratch re-index runs below this scale, or with BENCH_SEARCH_REBUILD=1 (it takes minutes at full size). */
const REBUILD_BELOW_SCALE = 0.5;

interface Timed {
  ms: number;
  workerMs: number;
  indexMs: number;
  hydrateMs: number;
  scanned: number;
  results: number;
}

interface Progress {
  indexed: number;
  session: number;
  backlog: number;
}

async function readProgress(page: Page): Promise<Progress | null> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="search"]');
    const backlog = el?.getAttribute('data-backlog');
    if (!el || backlog === null || backlog === undefined || backlog === '') return null;
    return { indexed: Number(el.getAttribute('data-indexed')), session: Number(el.getAttribute('data-indexed-session')), backlog: Number(backlog) };
  });
}

/** Wait until the worker reports an empty backlog twice in a row (it reports about once a second while busy). */
async function waitIndexed(page: Page, env: BenchEnv, since: number): Promise<Progress> {
  const deadline = Date.now() + INDEX_TIMEOUT_MS;
  let lastLog = Date.now();
  let idle = 0;
  for (;;) {
    const p = await readProgress(page);
    idle = p && p.backlog === 0 && p.indexed > 0 ? idle + 1 : 0;
    if (idle >= 2) return p!;
    if (Date.now() > deadline) throw new Error(`search index not complete after ${INDEX_TIMEOUT_MS / 1000} s (${JSON.stringify(p)})`);
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      env.log(`  search index: ${p?.indexed ?? 0} indexed, ~${p?.backlog ?? '?'} left (${((Date.now() - since) / 1000).toFixed(0)} s)`);
    }
    await page.waitForTimeout(500);
  }
}

/** Type `query` into the search box; ms from the input event to its results painted, and the worker's own time. */
async function timeQuery(page: Page, query: string): Promise<Timed> {
  return page.evaluate(
    (q) =>
      new Promise<Timed>((resolve, reject) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="search"] input[type="search"]');
        if (!input) return reject(new Error('no search box'));
        const timer = setTimeout(() => reject(new Error(`no results for "${q}" within 30 s`)), 30_000);
        const done = (start: number) => {
          const section = document.querySelector('[data-testid="search-results"]');
          if (section?.getAttribute('data-query') !== q) return false;
          observer.disconnect();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              clearTimeout(timer);
              const n = (name: string) => Number(section.getAttribute(name));
              resolve({ ms: performance.now() - start, workerMs: n('data-ms'), indexMs: n('data-index-ms'), hydrateMs: n('data-hydrate-ms'), scanned: n('data-scanned'), results: section.querySelectorAll('[data-testid="search-result"]').length });
            };
            channel.port2.postMessage(null);
          });
          return true;
        };
        let start = 0;
        const observer = new MutationObserver(() => void done(start));
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-query'] });
        input.focus();
        start = performance.now();
        // React listens for the input event; set the value the way typing does.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, q);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    query,
  );
}

export async function measureSearch(env: BenchEnv, warm: WarmConsole): Promise<{ results: BenchResult[]; details: string[] }> {
  const { page } = warm;
  const details: string[] = [];
  const since = Date.now();
  const indexed = await waitIndexed(page, env, since);
  details.push(`search index caught up ${((Date.now() - since) / 1000).toFixed(1)} s after the history download (it indexes alongside the download at a third duty): ${indexed.indexed} messages indexed`);
  const heapMb = await jsHeapMb(page);

  const samples: number[] = [];
  const worker: number[] = [];
  const perQuery: string[] = [];
  for (let round = 0; round < 2; round++) {
    for (const q of SEARCH_QUERIES) {
      const r = await timeQuery(page, q);
      samples.push(r.ms);
      worker.push(r.workerMs);
      perQuery.push(`${q}${round ? ' (again)' : ''}: ${r.results} results, ${r.ms.toFixed(0)} ms (worker ${r.workerMs}: index ${r.indexMs} for ${r.scanned} candidates, cache ${r.hydrateMs})`);
    }
  }
  details.push(`offline search: key → results painted ${summarize(samples)} ms; in the worker ${summarize(worker)} ms`);
  details.push(`offline search per query (at most 20 results): ${perQuery.join('; ')}`);
  details.push(`renderer (main thread) JS heap with the dataset cached and indexed: ${heapMb.toFixed(1)} MB`);

  if (env.scale >= REBUILD_BELOW_SCALE && process.env.BENCH_SEARCH_REBUILD !== '1') {
    details.push('search index from scratch: skipped at this scale (BENCH_SEARCH_REBUILD=1 runs it)');
    return { results: searchResults(samples, heapMb, env.scale), details };
  }
  // From scratch: delete the index and reload; the worker scans the whole cache once.
  await page.evaluate(async (name) => {
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(`${name}:search`);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
  }, warm.dbName);
  const rebuildStart = Date.now();
  await page.reload();
  await waitStatus(page, 'online', 120_000);
  const rebuilt = await waitIndexed(page, env, rebuildStart);
  const rebuildS = (Date.now() - rebuildStart) / 1000;
  details.push(`search index from scratch (index deleted, console reloaded): ${rebuilt.session} messages in ${rebuildS.toFixed(1)} s (${(rebuilt.session / rebuildS).toFixed(0)} messages/s)`);

  return { results: searchResults(samples, heapMb, env.scale), details };
}

function searchResults(samples: number[], heapMb: number, scale: number): BenchResult[] {
  return [
    atMost('offline search: query → results painted (p95)', 100, p95(samples), 'ms', samples.length, scale),
    atMost('offline search: renderer JS heap, dataset cached and indexed', 150, heapMb, 'MB', 1, scale),
  ];
}
