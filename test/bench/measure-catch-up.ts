/**
 * Target 2, reconnect catch-up: the console goes offline (Chromium's network emulation closes its
 * socket), 20,000 changes happen in the hub — 10,000 customer messages, each a message and a
 * conversation change in the real change log — and the console comes back.
 *
 * - catch-up: the new WebSocket opened → the probe reads a cursor ≥ the hub's head in IndexedDB.
 *   (The time socket.io waits before reconnecting — its backoff — is reported, not counted.)
 * - interaction latency: meanwhile the bench clicks queue rows every ~100 ms; each click's
 *   `event.timeStamp` → after the next frame was painted. The clicks open conversations, which the
 *   console reads from IndexedDB while it applies the catch-up: that load is part of the scenario.
 */
import type { Page } from 'playwright-core';
import { headSyncId } from '../../src-hub/store/changes.js';
import { makeEvents, writeInbound } from './bench-hub.js';
import { waitStatus } from './bench-browser.js';
import { sleep, type BenchEnv, type WarmConsole } from './bench-env.js';
import { connectAgent, timePulls } from './node-client.js';
import { atMost, type BenchResult } from './results.js';
import { p95, summarize } from './stats.js';

export const CATCH_UP_CHANGES = 20_000;
const BATCH = 500;
const CATCH_UP_TIMEOUT_MS = 180_000;

async function queueRowPoints(page: Page): Promise<{ x: number; y: number }[]> {
  const box = await page.getByRole('listbox', { name: 'Conversations' }).boundingBox();
  if (!box) throw new Error('catch-up: the queue list is not visible');
  const rows = Math.max(1, Math.min(8, Math.floor(box.height / 72)));
  return Array.from({ length: rows }, (_, i) => ({ x: box.x + box.width / 2, y: box.y + 36 + i * 72 }));
}

export async function measureCatchUp(
  env: BenchEnv,
  warm: WarmConsole,
  options: { runs: number; budgetMs: number },
): Promise<{ results: BenchResult[]; details: string[] }> {
  const { page, context } = warm;
  const db = env.bench.hub.db;
  const durations: number[] = [];
  const latencies: number[] = [];
  const reconnectWaits: number[] = [];
  const longTaskMs: number[] = [];
  const pageGaps: number[] = [];
  const applyMs: number[] = [];
  const waitMs: number[] = [];
  const hubPageMs: number[] = [];
  const hubPageBytes: number[] = [];
  const extraChanges: number[] = [];
  const nodeClient = await connectAgent(env.hubUrl, env.staff.agent.email, env.staff.password);
  let timedOut = false;
  const budgetEnd = Date.now() + options.budgetMs;

  for (let run = 0; run < options.runs && (run < 3 || Date.now() < budgetEnd); run++) {
    const start = await headSyncId(db);
    if (!(await warm.probe.until((r) => r.cursor >= start, 120_000))) throw new Error('catch-up: the console did not reach the head before going offline');
    const points = await queueRowPoints(page);

    await context.setOffline(true);
    await waitStatus(page, 'offline', 30_000);
    const socketsBefore = await page.evaluate(() => window.__bench!.sockets.length);
    let head = start;
    for (let n = 0; n < CATCH_UP_CHANGES / 2; n += BATCH) {
      head = await writeInbound(env.bench.hub, makeEvents(env.rng, env.dataset.notClosed, BATCH, () => new Date()));
    }
    // The hub's own sweeps (the score sweep every 5 min, SLA) may add changes meanwhile, more
    // likely on a loaded machine where a run takes longer: those are caught up with too, and counted.
    head = await headSyncId(db);
    if (head - start < CATCH_UP_CHANGES) throw new Error(`catch-up: expected ${CATCH_UP_CHANGES} new changes, the log grew by ${head - start}`);
    extraChanges.push(head - start - CATCH_UP_CHANGES);

    await context.setOffline(false);
    const onlineAt = Date.now();
    let done = false;
    const clicking = (async () => {
      // Click only once the link is back: the catch-up window is what is measured.
      while (!done && !(await page.evaluate((i) => window.__bench!.sockets.slice(i).some((s) => s.opened !== null), socketsBefore))) await sleep(20);
      for (let i = 0; !done; i++) {
        const p = points[i % points.length]!;
        await page.mouse.click(p.x, p.y);
        await sleep(100);
      }
    })();
    const reached = await warm.probe.until((r) => r.cursor >= head, CATCH_UP_TIMEOUT_MS, 50);
    done = true;
    await clicking;

    const { sockets, clicks, longTasks, syncSteps } = await page.evaluate(() => ({
      sockets: window.__bench!.sockets,
      clicks: window.__bench!.clicks,
      longTasks: window.__bench!.longTasks,
      syncSteps: window.__bench!.syncSteps,
    }));
    const opened = sockets.slice(socketsBefore).find((s) => s.opened !== null)?.opened ?? onlineAt;
    const end = reached?.t ?? Date.now();
    durations.push(end - opened);
    reconnectWaits.push(opened - onlineAt);
    latencies.push(...clicks.filter((c) => c.wall >= opened && c.wall <= end + 200).map((c) => c.latency));
    longTaskMs.push(longTasks.filter((t) => t.wall >= opened && t.wall <= end).reduce((s, t) => s + t.duration, 0));
    const measured = syncSteps.filter((s) => s.wall >= opened && s.wall <= end + 50);
    applyMs.push(measured.filter((s) => s.name === 'sync:apply').reduce((n, s) => n + s.duration, 0));
    waitMs.push(measured.filter((s) => s.name === 'sync:pull-wait').reduce((n, s) => n + s.duration, 0));
    // Where the time goes: the cursor advances once per applied page; and what the same pages cost
    // the hub and the wire alone, pulled by a socket.io client in this process after the run.
    const steps = warm.probe.records.filter((r) => r.t >= opened && r.t <= end && r.cursor > start);
    for (let i = 1; i < steps.length; i++) pageGaps.push(steps[i]!.t - steps[i - 1]!.t);
    const pulls = await timePulls(nodeClient, start, head);
    hubPageMs.push(...pulls.ms);
    hubPageBytes.push(...pulls.bytes);
    env.log(`  run ${run + 1}: caught up with ${CATCH_UP_CHANGES} changes in ${(end - opened).toFixed(0)} ms${reached ? '' : ' (TIMED OUT)'}`);
    if (!reached) {
      timedOut = true;
      break;
    }
  }

  nodeClient.close();
  return {
    results: [
      atMost(`catch-up: ${CATCH_UP_CHANGES.toLocaleString('en')} missed changes (p95)`, 2500, p95(durations), 'ms', durations.length, env.scale, timedOut ? 'timed out, > this' : undefined),
      atMost('catch-up: interaction latency meanwhile (p95)', 200, p95(latencies), 'ms', latencies.length, env.scale),
    ],
    details: [
      `catch-up durations (socket open → cursor at head): ${summarize(durations, 0)} ms`,
      `catch-up: socket.io reconnect wait after the network returned (not counted): ${summarize(reconnectWaits, 0)} ms`,
      `catch-up: time between applied pages (probe): ${summarize(pageGaps, 0)} ms; the same pages pulled by a Node socket.io client (hub + wire only): ${summarize(hubPageMs, 0)} ms, ${(hubPageBytes.reduce((a, b) => a + b, 0) / Math.max(1, hubPageBytes.length) / 1_048_576).toFixed(2)} MB per page`,
      `catch-up: main-thread long tasks per run: ${summarize(longTaskMs, 0)} ms`,
      `catch-up: per run, the console's IndexedDB transactions (sync:apply) took ${summarize(applyMs, 0)} ms and it waited for pulled pages (sync:pull-wait) ${summarize(waitMs, 0)} ms`,
      `catch-up: click → next paint: ${summarize(latencies, 0)} ms (${latencies.length} clicks over ${durations.length} runs)`,
      `catch-up: changes the hub's own sweeps added per run on top (caught up with too): ${summarize(extraChanges, 0)}`,
      `catch-up: each run added ${CATCH_UP_CHANGES / 2} messages to the hub (${(durations.length * CATCH_UP_CHANGES) / 2} in total)`,
    ],
  };
}
