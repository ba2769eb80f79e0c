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
 *   covers the event's change (cursor and rows are committed together). Each event enters through
 *   the hub's real ingest path (`hub.ingest`, as a channel calls it, without waiting for earlier
 *   ones), which group-commits concurrent arrivals and pokes consoles; its own lag is reported
 *   separately.
 */
import { headSyncId } from '../../src-hub/store/changes.js';
import type { InboundMessage } from '../../src-hub/ingest/ingest.js';
import { makeEvents, type InboundEvent } from './bench-hub.js';
import { sleep, type BenchEnv, type WarmConsole } from './bench-env.js';
import { atMost, type BenchResult } from './results.js';
import { p95, summarize } from './stats.js';

const SECONDS = 20;
const BASE_RATE = 500;
const BURST_RATE = 2000;
const BURST_SECONDS = [5, 15];

function arrivalOffsets(): number[] {
  const offsets: number[] = [];
  for (let s = 0; s < SECONDS; s++) {
    const rate = BURST_SECONDS.includes(s) ? BURST_RATE : BASE_RATE;
    for (let k = 0; k < rate; k++) offsets.push(s * 1000 + (k * 1000) / rate);
  }
  return offsets;
}

interface Stored {
  head: number;
  commitAt: number;
  arrival: number;
}

/** Who wrote each target conversation: what a channel hands to `hub.ingest`. */
async function sendersOf(env: BenchEnv): Promise<Map<string, { providerUserId: string; handle: string; kind: InboundMessage['kind'] }>> {
  const rows = await env.bench.hub.db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.id', 'conversations.identity_id')
    .select(['conversations.id', 'identities.provider_user_id', 'identities.handle', 'conversations.kind'])
    .where('conversations.status', '!=', 'closed')
    .execute();
  return new Map(rows.map((r) => [r.id, { providerUserId: r.provider_user_id, handle: r.handle, kind: r.kind }]));
}

function toInbound(e: InboundEvent, sender: { providerUserId: string; handle: string; kind: InboundMessage['kind'] }, n: number): InboundMessage {
  return {
    channel: e.channel,
    kind: sender.kind,
    providerMessageId: `bench-live-${n}-${e.at.getTime()}`,
    from: { providerUserId: sender.providerUserId, handle: sender.handle, displayName: null },
    body: e.body,
    channelMeta: e.html ? { contentType: 'text/html' } : {},
    receivedAt: e.at,
  };
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
  const senders = await sendersOf(env);
  const events = makeEvents(env.rng, env.dataset.notClosed, offsets.length, () => new Date(0));
  const inFlight: Promise<Stored>[] = [];
  await page.evaluate(() => window.__bench!.startFrames());
  const start = Date.now() + 100;
  // Every event is handed to the hub at its arrival time, as a channel would, without waiting for
  // the ones before it: the hub's ingest path batches what arrives while it writes.
  for (let i = 0; i < events.length; ) {
    const now = Date.now();
    if (start + offsets[i]! > now) {
      await sleep(start + offsets[i]! - now);
      continue;
    }
    for (; i < events.length && start + offsets[i]! <= now; i++) {
      const e = events[i]!;
      const arrival = start + offsets[i]!;
      e.at = new Date(arrival);
      const sender = senders.get(e.conversationId);
      if (!sender) throw new Error(`live: no sender for conversation ${e.conversationId}`);
      inFlight.push(
        hub.ingest(toInbound(e, sender, i)).then((r) => {
          if (r.status !== 'stored') throw new Error(`live: event ${i} was not stored (${r.status})`);
          return { head: r.head, commitAt: Date.now(), arrival };
        }),
      );
    }
  }
  const stored = (await Promise.all(inFlight)).sort((x, y) => x.head - y.head || x.arrival - y.arrival);
  const lastHead = stored.at(-1)!.head;
  const reached = await warm.probe.until((r) => r.cursor >= lastHead, 120_000, 100);
  const frames = await page.evaluate(() => window.__bench!.stopFrames());
  const longTasks = await page.evaluate((from) => window.__bench!.longTasks.filter((t) => t.wall >= from), start);
  const applies = await page.evaluate((from) => window.__bench!.syncSteps.filter((t) => t.wall >= from && t.name === 'sync:apply'), start);

  // Whole display frames: the refresh interval is the idle mean (hiccups over 1.5 frames excluded).
  const steady = idleFrames.filter((f) => f < 25);
  const interval = steady.length > 10 ? steady.reduce((a, b) => a + b, 0) / steady.length : 1000 / 60;
  const frameTimes = frames.map((f) => Math.max(1, Math.round(f / interval)) * interval);

  // Each event is persisted at the first probe read whose cursor covers its commit's head.
  const records = warm.probe.records;
  const latencies: number[] = [];
  const consoleSide: number[] = [];
  const hubLag: number[] = [];
  const commits = new Set<number>();
  let r = 0;
  for (const event of stored) {
    while (r < records.length && records[r]!.cursor < event.head) r++;
    const persistedAt = r < records.length ? records[r]!.t : Number.POSITIVE_INFINITY;
    latencies.push(persistedAt - event.arrival);
    hubLag.push(event.commitAt - event.arrival);
    if (!commits.has(event.head)) consoleSide.push(persistedAt - event.commitAt);
    commits.add(event.head);
  }
  const hubSeconds = (Math.max(...stored.map((e) => e.commitAt)) - start) / 1000;
  const consoleSeconds = ((reached?.t ?? Date.now()) - start) / 1000;
  const note = reached ? undefined : 'console did not catch up within 120 s';
  return {
    results: [
      atMost('live ingest: frame time (p95)', 16.7, p95(frameTimes), 'ms', frameTimes.length, env.scale, note),
      atMost('live ingest: event → persisted in IndexedDB (p95)', 50, p95(latencies), 'ms', latencies.length, env.scale, note),
    ],
    details: [
      `live: ${events.length} events in ${SECONDS} s (${BASE_RATE}/s, bursts of ${BURST_RATE}/s in seconds ${BURST_SECONDS.join(' and ')}) through hub.ingest; the hub committed them in ${hubSeconds.toFixed(1)} s in ${commits.size} group commits`,
      `live: frame time during ingest in whole frames of ${interval.toFixed(2)} ms: ${summarize(frameTimes, 1)} ms; raw rAF deltas: ${summarize(frames, 1)} ms; idle baseline raw: ${summarize(idleFrames, 1)} ms`,
      `live: frames that missed a vsync: ${frameTimes.filter((f) => f > interval * 1.5).length} of ${frames.length}; over 50 ms: ${frames.filter((f) => f > 50).length}; long tasks: ${longTasks.length}, ${longTasks.reduce((s, t) => s + t.duration, 0).toFixed(0)} ms in total, longest ${Math.max(0, ...longTasks.map((t) => t.duration)).toFixed(0)} ms`,
      `live: the console stored ${lastHead - before} changes in ${consoleSeconds.toFixed(1)} s (${((lastHead - before) / consoleSeconds).toFixed(0)} changes/s; arriving: ${((lastHead - before) / hubSeconds).toFixed(0)}/s)`,
      `live: the console's IndexedDB transactions (sync:apply): ${applies.length}, ${summarize(applies.map((a) => a.duration), 0)} ms each, ${summarize(applies.map((a) => a.changes), 0)} changes each`,
      `live: event → persisted ${summarize(latencies, 0)} ms = hub arrival → commit ${summarize(hubLag, 0)} ms + commit → persisted (per commit) ${summarize(consoleSide, 0)} ms`,
    ],
  };
}
