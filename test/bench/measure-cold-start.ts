/**
 * Target 1, cold start from the cache: reload the signed-in console with a warm IndexedDB and
 * measure navigation start → 50 `[role="option"]` queue rows present and painted.
 *
 * The window is 4,000 px tall so the virtualized list renders 50 rows at once (a normal window
 * shows about a dozen). Between runs the console is left to reach "online" so runs do not overlap.
 */
import { atMost, type BenchResult } from './results.js';
import { ROW_TARGET, TALL_VIEWPORT, NORMAL_VIEWPORT, jsHeapMb, waitStatus } from './bench-browser.js';
import type { BenchEnv, WarmConsole } from './bench-env.js';
import { marks } from './page-probe.js';
import { p95, summarize } from './stats.js';

export async function measureColdStart(env: BenchEnv, warm: WarmConsole, runs: number): Promise<{ results: BenchResult[]; details: string[]; heapMb: number }> {
  const { page } = warm;
  await page.setViewportSize(TALL_VIEWPORT);
  const samples: number[] = [];
  const firstRow: number[] = [];
  const bundleLoaded: number[] = [];
  const entry: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.reload();
    await page.waitForFunction(() => window.__bench?.marks.rowTarget !== undefined, null, { timeout: 120_000, polling: 50 });
    const m = await marks(page);
    samples.push(m.rowTarget!);
    firstRow.push(m.firstRow!);
    // Where a start goes: the script fetched (from the hub or Electron's protocol), every module
    // evaluated (the console's own 'app:entry' mark), then the cache read and the first render.
    const phases = await page.evaluate(() => ({
      script: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => /\/assets\/index-[^/]*\.js$/.test(e.name))?.responseEnd ?? NaN,
      entry: performance.getEntriesByName('app:entry')[0]?.startTime ?? NaN,
    }));
    bundleLoaded.push(phases.script);
    entry.push(phases.entry);
    await waitStatus(page, 'online');
  }
  const rendered = await page.locator('[role="listbox"] [role="option"]').count();
  const heapMb = await jsHeapMb(page);
  await page.setViewportSize(NORMAL_VIEWPORT);
  return {
    results: [atMost(`cold start: reload → ${ROW_TARGET} queue rows painted (p95)`, 400, p95(samples), 'ms', samples.length, env.scale)],
    details: [
      `cold start → script loaded: ${summarize(bundleLoaded, 0)} ms; → modules evaluated: ${summarize(entry, 0)} ms`,
      `cold start → first row painted: ${summarize(firstRow, 0)} ms`,
      `cold start → ${ROW_TARGET} rows painted: ${summarize(samples, 0)} ms (the tall window renders ${rendered} rows)`,
    ],
    heapMb,
  };
}
