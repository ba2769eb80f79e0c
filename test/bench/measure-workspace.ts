/**
 * Workspace interactions (issue 5) on the fully cached dataset: selecting a conversation, changing
 * a queue filter and assigning to me, each measured with the Event Timing API (PerformanceObserver
 * `event`, durationThreshold 16: input received → handlers → next paint), and scrolling the
 * virtualized queue (requestAnimationFrame frame times while the list scrolls every frame).
 *
 * An interaction's latency is the longest Event Timing entry it produced (pointerdown, pointerup,
 * click, keydown…). Entries under 16 ms are not reported at that threshold: such an interaction
 * counts as 16 ms, an upper bound, so the p95 is never flattered.
 */
import type { Page } from 'playwright-core';
import { atMost, type BenchResult } from './results.js';
import type { BenchEnv, WarmConsole } from './bench-env.js';
import { p95, summarize } from './stats.js';

const RUNS = 20;
const SCROLL_FRAMES = 300;
const SCROLL_STEP_PX = 240;
const THRESHOLD_MS = 16;
/** One frame of headless Chromium's 60 Hz begin-frame source. */
const FRAME_MS = 1000 / 60;
/**
 * rAF timestamps are coarsened (100 µs without cross-origin isolation) and jitter, so a frame that
 * came exactly on time reads 16.6–16.8 ms; a smooth scroll (max 16.8) failed the 16.7 ms target.
 * Within this much of one frame a delta counts as that frame; every other delta stays as measured,
 * so a late frame (17 ms and up) still counts in full.
 */
const CLOCK_SLACK_MS = 0.2;

/** A frame delta as judged: one on-time frame within the clock's resolution, else as measured. */
export function judgedFrame(delta: number): number {
  return Math.abs(delta - FRAME_MS) <= CLOCK_SLACK_MS ? FRAME_MS : delta;
}

interface EventEntry {
  name: string;
  start: number;
  duration: number;
  interactionId: number;
}

declare global {
  interface Window {
    __eventTiming?: EventEntry[];
  }
}

async function observeEventTiming(page: Page): Promise<void> {
  await page.evaluate((threshold) => {
    if (window.__eventTiming) return;
    const entries: EventEntry[] = [];
    window.__eventTiming = entries;
    new PerformanceObserver((list) => {
      // interactionId is not in every TypeScript DOM lib yet.
      for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[]) {
        entries.push({ name: e.name, start: e.startTime, duration: e.duration, interactionId: e.interactionId ?? 0 });
      }
    }).observe({ type: 'event', durationThreshold: threshold, buffered: false } as PerformanceObserverInit);
  }, THRESHOLD_MS);
}

/** Name the step that failed: a bare locator timeout says nothing about where it happened. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
}

/** performance.now() in the page. */
const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** Two frames and a task later: the Event Timing entries of what happened before are delivered. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 30)))));

/** The latency of the interaction(s) that started after `from`: the longest entry, at least the threshold. */
async function latencySince(page: Page, from: number): Promise<number> {
  await settle(page);
  const entries = await page.evaluate((since) => (window.__eventTiming ?? []).filter((e) => e.start >= since), from);
  return Math.max(THRESHOLD_MS, ...entries.map((e) => e.duration));
}

/** Run `act` (one trusted input) and return its Event Timing latency. */
async function timed(page: Page, act: () => Promise<void>): Promise<number> {
  const from = await pageNow(page);
  await act();
  return latencySince(page, from);
}

export async function measureWorkspace(env: BenchEnv, warm: WarmConsole): Promise<{ results: BenchResult[]; details: string[] }> {
  const { page } = warm;
  await observeEventTiming(page);
  // Test ids and data attributes, not names: the console's texts follow the browser's language.
  const list = page.getByTestId('queue-scroll');
  const tab = (view: string) => page.locator(`[role="tab"][data-view="${view}"]`);
  const channel = page.locator('.queue-filters select').first();
  await step('open the All view', () => tab('all').click());
  await channel.selectOption('');
  await step('first queue row', () => list.locator('[role="option"]').first().waitFor());
  const count = Number(/^(\d+)/.exec((await page.getByTestId('queue-count').textContent()) ?? '')?.[1] ?? 0);

  // 1. Select a conversation: click the n-th visible row.
  const select: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // The clicked conversation by its id: a queue that is still re-sorting (changes of an earlier
    // measurement arriving) may put another row at that position by the time it is checked.
    const nth = list.locator('[role="option"]').nth(run % 8);
    const id = await step('a queue row', async () => {
      await nth.waitFor();
      return nth.getAttribute('data-conversation-id');
    });
    const row = list.locator(`[role="option"][data-conversation-id="${id}"]`);
    select.push(await timed(page, () => row.click()));
    await step('row selected', () => row.and(page.locator('[aria-selected="true"]')).waitFor());
  }

  // 2. Change a filter: ↓ / ↑ on the focused channel select (trusted key input; each changes the filter).
  const filter: number[] = [];
  await channel.focus();
  for (let run = 0; run < RUNS; run++) {
    const before = await channel.inputValue();
    filter.push(await timed(page, () => page.keyboard.press(run % 2 === 0 ? 'ArrowDown' : 'ArrowUp')));
    if ((await channel.inputValue()) === before) throw new Error('the channel filter did not change on a key press');
  }
  await channel.selectOption('');

  // 3. Assign to me: in Unassigned, open the first conversation and click "Assign to me".
  const assign: number[] = [];
  await tab('unassigned').click();
  for (let run = 0; run < RUNS; run++) {
    const row = list.locator('[role="option"]').first();
    const id = await step('an unassigned row', async () => {
      await row.waitFor();
      return row.getAttribute('data-conversation-id');
    });
    await row.click();
    const button = page.getByRole('button', { name: 'Assign to me' });
    await step('the Assign to me button', () => button.waitFor());
    assign.push(await timed(page, () => button.click()));
    // Assigned, it leaves Unassigned.
    await step('the row leaves Unassigned', () => list.locator(`[data-conversation-id="${id}"]`).waitFor({ state: 'detached' }));
  }

  // 4. Scroll the All queue every frame and sample frame times.
  await tab('all').click();
  await step('first row before scrolling', () => list.locator('[role="option"]').first().waitFor());
  const frames = await page.evaluate(
    ({ frames: n, step }) =>
      new Promise<number[]>((resolve) => {
        const el = document.querySelector<HTMLElement>('[data-testid="queue-scroll"]')!;
        const deltas: number[] = [];
        let prev = 0;
        let left = n;
        const tick = (t: number) => {
          if (prev) deltas.push(t - prev);
          prev = t;
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
          el.scrollTop = atEnd ? 0 : el.scrollTop + step;
          if (--left > 0) requestAnimationFrame(tick);
          else resolve(deltas);
        };
        requestAnimationFrame(tick);
      }),
    { frames: SCROLL_FRAMES, step: SCROLL_STEP_PX },
  );
  await list.evaluate((el) => (el.scrollTop = 0));

  return {
    results: [
      atMost('workspace: select a conversation, interaction latency (p95)', 100, p95(select), 'ms', select.length, env.scale),
      atMost('workspace: change a queue filter, interaction latency (p95)', 100, p95(filter), 'ms', filter.length, env.scale),
      atMost('workspace: assign to me, interaction latency (p95)', 100, p95(assign), 'ms', assign.length, env.scale),
      atMost('workspace: queue scrolling frame time (p95)', 16.7, p95(frames.map(judgedFrame)), 'ms', frames.length, env.scale),
    ],
    details: [
      `workspace: the All queue lists ${count} conversations; Event Timing latency (≥ ${THRESHOLD_MS} ms reported): select ${summarize(select, 0)} ms, filter ${summarize(filter, 0)} ms, assign ${summarize(assign, 0)} ms`,
      `workspace: scrolling ${SCROLL_STEP_PX} px per frame for ${SCROLL_FRAMES} frames: ${summarize(frames, 1)} ms per frame as measured, ${frames.filter((d) => judgedFrame(d) > 16.7).length} frames over 16.7 ms once on-time frames are read as ${FRAME_MS.toFixed(3)} ms`,
    ],
  };
}
