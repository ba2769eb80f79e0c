/**
 * Target 4, live ingest: customer messages arrive at 500/s for 20 s, with two one-second bursts
 * at 2,000/s (13,000 events), while the console is open on the queue with a conversation shown.
 *
 * - frame time: requestAnimationFrame deltas in the page from the first event until the console
 *   has stored the last one. The page clock is coarsened to 0.1 ms (no cross-origin isolation), so
 *   an on-time frame reads 16.6–16.8 ms; each delta is therefore counted in whole display frames
 *   (rounded to a multiple of the refresh interval measured in a 3 s idle baseline). A frame that
 *   missed one vsync counts as 33.3 ms. The raw deltas are reported alongside.
 * - event → persisted: the event's arrival time at the hub → the first probe read whose cursor
 *   covers the event's change (cursor and rows are committed together). The hub stores arrivals
 *   in group-committed batches (see `writeInbound`); its own lag is reported separately.
 */
import { headSyncId } from '../../src-hub/store/changes.js';
import { makeEvents, writeInbound } from './bench-hub.js';
import { sleep, type BenchEnv, type WarmConsole } from './bench-env.js';
import { atMost, type BenchResult } from './results.js';
import { p95, summarize } from './stats.js';

const SECONDS = 20;
const BASE_RATE = 500;
const BURST_RATE = 2000;
const BURST_SECONDS = [5, 15];
/** A hub that falls behind still commits at most this many events at once. */
const MAX_BATCH = 400;

function arrivalOffsets(): number[] {
  const offsets: number[] = [];
  for (let s = 0; s < SECONDS; s++) {
    const rate = BURST_SECONDS.includes(s) ? BURST_RATE : BASE_RATE;
    for (let k = 0; k < rate; k++) offsets.push(s * 1000 + (k * 1000) / rate);
  }
  return offsets;
}

interface Batch {
  head: number;
  commitAt: number;
  arrivals: number[];
}

export async function measureLive(env: BenchEnv, warm: WarmConsole): Promise<{ results: BenchResult[]; details: string[] }> {
  const { page } = warm;
  const hub = env.bench.hub;
  const before = await headSyncId(hub.db);
  if (!(await warm.probe.until((r) => r.cursor >= before, 120_000))) throw new Error('live: the console did not reach the head first');
  // A conversation open in the detail pane, as an agent at work has.
  await page.locator('[role="listbox"] [role="option"]').first().click();

  await page.evaluate(() => window.__bench!.startFrames());
  await sleep(3000);
  const idleFrames = await page.evaluate(() => window.__bench!.stopFrames());

  const offsets = arrivalOffsets();
  const events = makeEvents(env.rng, env.dataset.notClosed, offsets.length, () => new Date(0));
  const batches: Batch[] = [];
  await page.evaluate(() => window.__bench!.startFrames());
  const start = Date.now() + 100;
  for (let i = 0; i < events.length; ) {
    const now = Date.now();
    let j = i;
    while (j < events.length && j - i < MAX_BATCH && start + offsets[j]! <= now) {
      events[j]!.at = new Date(start + offsets[j]!);
      j++;
    }
    if (j === i) {
      await sleep(Math.max(0, start + offsets[i]! - now));
      continue;
    }
    const head = await writeInbound(hub, events.slice(i, j));
    const commitAt = Date.now();
    hub.realtime.poke(head);
    batches.push({ head, commitAt, arrivals: offsets.slice(i, j).map((o) => start + o) });
    i = j;
  }
  const lastHead = batches.at(-1)!.head;
  const reached = await warm.probe.until((r) => r.cursor >= lastHead, 120_000, 100);
  const frames = await page.evaluate(() => window.__bench!.stopFrames());
  const longTasks = await page.evaluate((from) => window.__bench!.longTasks.filter((t) => t.wall >= from), start);

  // Whole display frames: the refresh interval is the idle mean (hiccups over 1.5 frames excluded).
  const steady = idleFrames.filter((f) => f < 25);
  const interval = steady.length > 10 ? steady.reduce((a, b) => a + b, 0) / steady.length : 1000 / 60;
  const frameTimes = frames.map((f) => Math.max(1, Math.round(f / interval)) * interval);

  // Each batch is persisted at the first probe read whose cursor covers its head.
  const records = warm.probe.records;
  const latencies: number[] = [];
  const consoleSide: number[] = [];
  const hubLag: number[] = [];
  let r = 0;
  for (const batch of batches) {
    while (r < records.length && records[r]!.cursor < batch.head) r++;
    const persistedAt = r < records.length ? records[r]!.t : Number.POSITIVE_INFINITY;
    for (const arrival of batch.arrivals) {
      latencies.push(persistedAt - arrival);
      hubLag.push(batch.commitAt - arrival);
    }
    consoleSide.push(persistedAt - batch.commitAt);
  }
  const hubSeconds = (batches.at(-1)!.commitAt - start) / 1000;
  const consoleSeconds = ((reached?.t ?? Date.now()) - start) / 1000;
  const note = reached ? undefined : 'console did not catch up within 120 s';
  return {
    results: [
      atMost('live ingest: frame time (p95)', 16.7, p95(frameTimes), 'ms', frameTimes.length, env.scale, note),
      atMost('live ingest: event → persisted in IndexedDB (p95)', 50, p95(latencies), 'ms', latencies.length, env.scale, note),
    ],
    details: [
      `live: ${events.length} events in ${SECONDS} s (${BASE_RATE}/s, bursts of ${BURST_RATE}/s in seconds ${BURST_SECONDS.join(' and ')}); the hub committed them in ${hubSeconds.toFixed(1)} s in ${batches.length} batches`,
      `live: frame time during ingest in whole frames of ${interval.toFixed(2)} ms: ${summarize(frameTimes, 1)} ms; raw rAF deltas: ${summarize(frames, 1)} ms; idle baseline raw: ${summarize(idleFrames, 1)} ms`,
      `live: frames that missed a vsync: ${frameTimes.filter((f) => f > interval * 1.5).length} of ${frames.length}; over 50 ms: ${frames.filter((f) => f > 50).length}; long tasks: ${longTasks.length}, ${longTasks.reduce((s, t) => s + t.duration, 0).toFixed(0)} ms in total, longest ${Math.max(0, ...longTasks.map((t) => t.duration)).toFixed(0)} ms`,
      `live: the console stored ${lastHead - before} changes in ${consoleSeconds.toFixed(1)} s (${((lastHead - before) / consoleSeconds).toFixed(0)} changes/s; arriving: ${((lastHead - before) / hubSeconds).toFixed(0)}/s)`,
      `live: event → persisted ${summarize(latencies, 0)} ms = hub arrival → commit ${summarize(hubLag, 0)} ms + commit → persisted (per batch) ${summarize(consoleSide, 0)} ms`,
    ],
  };
}
