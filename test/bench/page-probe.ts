/**
 * Measuring the console from outside: an init script that every bench page runs before the app,
 * and a Web Worker that watches the IndexedDB cache. Nothing in the app is changed or imported.
 *
 * - Queue paint marks: a MutationObserver counts `[role="option"]` rows in the queue listbox; when
 *   a threshold is reached, the time after the next frame (requestAnimationFrame, then a
 *   MessageChannel task, i.e. after style, layout and paint ran) is recorded, in ms since
 *   navigation start.
 * - Frame sampler: requestAnimationFrame deltas between `startFrames()` and `stopFrames()`.
 * - Interaction latency: for every click, `event.timeStamp` (when the browser received the input)
 *   → the same after-next-frame time, so input delay, handlers, React render and paint count.
 * - Socket opens: WebSocket is wrapped to record when each socket was created and opened (wall
 *   clock), so "since the link came back" can be measured without app hooks.
 * - Cache probe: a dedicated worker opens the console's IndexedDB read-only every few ms and logs
 *   each change of the sync cursor, pending outbox count and backfill state with `Date.now()`.
 *   It runs off the main thread, but on two cores its reads still take CPU and IndexedDB time from
 *   the page, so the measurements that time the page itself pause it (`CacheProbe.paused`). Because the console writes
 *   changes and the cursor in one transaction, "cursor ≥ s" means "every change up to s is in
 *   IndexedDB". Blob workers need the bench contexts' `bypassCSP` (the console's CSP allows only
 *   'self' scripts); the CSP has no other effect on what is measured.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface ProbeRecord {
  /** Date.now() in the worker after the read transaction completed. */
  t: number;
  cursor: number;
  pending: number;
  backfillDone: number;
  backfillComplete: boolean;
}

export interface ClickRecord {
  wall: number;
  latency: number;
}

export interface SyncStep {
  name: string;
  /** Wall clock at the step's end. */
  wall: number;
  duration: number;
  changes: number;
}

export interface SocketRecord {
  created: number;
  opened: number | null;
  closed: number | null;
}

export interface PaintMarks {
  loginSubmit?: number;
  loginSubmitWall?: number;
  firstRow?: number;
  firstRowWall?: number;
  rowTarget?: number;
  rowTargetWall?: number;
}

interface BenchGlobal {
  marks: PaintMarks;
  clicks: ClickRecord[];
  sockets: SocketRecord[];
  longTasks: { start: number; duration: number; wall: number }[];
  /** The console's own User Timing entries for its sync steps (`sync:*`, see src-renderer/sync/timings.ts). */
  syncSteps: SyncStep[];
  startFrames(): void;
  stopFrames(): number[];
  startProbe(dbName: string, intervalMs: number): Promise<void>;
  /** Stop / restart the probe's IndexedDB reads (records kept). */
  pauseProbe(paused: boolean): void;
  collectProbe(from: number): Promise<ProbeRecord[]>;
}

declare global {
  interface Window {
    __bench?: BenchGlobal;
  }
}

/** Runs in the page before any app script. Must be self-contained: Playwright serializes it. */
function benchInit(opts: { rowTarget: number }): void {
  if (window.__bench) return;
  const marks: PaintMarks = {};
  const clicks: ClickRecord[] = [];
  const sockets: SocketRecord[] = [];
  const longTasks: BenchGlobal['longTasks'] = [];
  const syncSteps: SyncStep[] = [];

  /** Calls back with performance.now() after the next frame has been produced. */
  const afterNextPaint = (cb: (t: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb(performance.now());
      channel.port2.postMessage(null);
    });

  const countRows = () => document.querySelectorAll('[role="listbox"] [role="option"]').length;
  let firstScheduled = false;
  const observer = new MutationObserver(() => {
    const rows = countRows();
    if (rows >= 1 && !firstScheduled) {
      firstScheduled = true;
      afterNextPaint((t) => {
        marks.firstRow = t;
        marks.firstRowWall = Date.now();
      });
    }
    if (rows >= opts.rowTarget && marks.rowTarget === undefined) {
      observer.disconnect();
      afterNextPaint((t) => {
        marks.rowTarget = t;
        marks.rowTargetWall = Date.now();
      });
    }
  });
  observer.observe(document, { childList: true, subtree: true });

  document.addEventListener(
    'submit',
    (e) => {
      marks.loginSubmit = e.timeStamp;
      marks.loginSubmitWall = Date.now() - (performance.now() - e.timeStamp);
    },
    { capture: true },
  );
  document.addEventListener(
    'click',
    (e) => {
      const at = e.timeStamp;
      afterNextPaint((t) => clicks.push({ wall: Date.now(), latency: t - at }));
    },
    { capture: true },
  );

  const Native = window.WebSocket;
  class RecordedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const record: SocketRecord = { created: Date.now(), opened: null, closed: null };
      sockets.push(record);
      this.addEventListener('open', () => (record.opened = Date.now()));
      this.addEventListener('close', () => (record.closed = Date.now()));
    }
  }
  window.WebSocket = RecordedWebSocket;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration, wall: performance.timeOrigin + e.startTime });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Long tasks are diagnostics only.
  }

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.name.startsWith('sync:')) continue;
        const detail = (e as PerformanceMeasure).detail as { changes?: number } | null;
        syncSteps.push({ name: e.name, wall: performance.timeOrigin + e.startTime + e.duration, duration: e.duration, changes: detail?.changes ?? 0 });
      }
    }).observe({ type: 'measure' });
  } catch {
    // Diagnostics only.
  }

  let frames: number[] = [];
  let sampling = false;
  const frame = (prev: number) => (t: number) => {
    if (!sampling) return;
    frames.push(t - prev);
    requestAnimationFrame(frame(t));
  };

  // The cache probe, as worker source: IndexedDB reads every `interval` ms, records on change.
  const workerSource = `
    let db = null; const recs = []; let last = ''; let paused = false; let ticking = false; let every = 5;
    function tick(interval) {
      if (paused) { ticking = false; return; }
      ticking = true;
      let tx;
      try { tx = db.transaction(['meta', 'outbox'], 'readonly'); } catch (e) { setTimeout(() => tick(interval), interval); return; }
      const meta = tx.objectStore('meta');
      const cursor = meta.get('cursor');
      const backfill = meta.get('backfill');
      const pending = tx.objectStore('outbox').index('status').count('pending');
      tx.oncomplete = () => {
        const b = backfill.result ? backfill.result.value : null;
        const rec = { t: Date.now(), cursor: cursor.result ? cursor.result.value : 0, pending: pending.result,
          backfillDone: b ? b.done : 0, backfillComplete: b ? !!b.complete : false };
        const key = rec.cursor + '|' + rec.pending + '|' + rec.backfillDone + '|' + rec.backfillComplete;
        if (key !== last) { recs.push(rec); last = key; }
        setTimeout(() => tick(interval), interval);
      };
      tx.onerror = () => setTimeout(() => tick(interval), interval);
    }
    onmessage = (e) => {
      const m = e.data;
      if (m.cmd === 'start') {
        every = m.interval;
        const req = indexedDB.open(m.dbName);
        req.onsuccess = () => { db = req.result; db.onversionchange = () => db.close(); postMessage({ started: true }); tick(m.interval); };
      } else if (m.cmd === 'pause') {
        paused = true;
      } else if (m.cmd === 'resume') {
        paused = false;
        if (!ticking && db) tick(every);
        req.onerror = () => postMessage({ error: String(req.error) });
      } else if (m.cmd === 'collect') {
        postMessage({ id: m.id, recs: recs.slice(m.from) });
      }
    };`;
  let worker: Worker | null = null;
  let collectId = 0;

  window.__bench = {
    marks,
    clicks,
    sockets,
    longTasks,
    syncSteps,
    startFrames() {
      frames = [];
      sampling = true;
      requestAnimationFrame((t) => requestAnimationFrame(frame(t)));
    },
    stopFrames() {
      sampling = false;
      return frames;
    },
    startProbe(dbName, intervalMs) {
      if (worker) return Promise.resolve();
      worker = new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
      const w = worker;
      return new Promise((resolve, reject) => {
        const onStart = (e: MessageEvent) => {
          w.removeEventListener('message', onStart);
          if (e.data.error) reject(new Error(e.data.error));
          else resolve();
        };
        w.addEventListener('message', onStart);
        w.postMessage({ cmd: 'start', dbName, interval: intervalMs });
      });
    },
    pauseProbe(paused) {
      worker?.postMessage({ cmd: paused ? 'pause' : 'resume' });
    },
    collectProbe(from) {
      const w = worker;
      if (!w) return Promise.reject(new Error('probe not started'));
      const id = ++collectId;
      return new Promise((resolve) => {
        const onData = (e: MessageEvent) => {
          if (e.data.id !== id) return;
          w.removeEventListener('message', onData);
          resolve(e.data.recs as ProbeRecord[]);
        };
        w.addEventListener('message', onData);
        w.postMessage({ cmd: 'collect', id, from });
      });
    },
  };
}

/**
 * Install the instrumentation in every page of the context, before the app's own scripts.
 *
 * tsx (esbuild with keepNames) wraps named functions in this file in `__name(fn, "name")` calls;
 * serialized into the page, those would throw. The shim gives the page an identity `__name`, for
 * the init script and for every `page.evaluate` callback of the bench.
 */
export async function installProbe(context: BrowserContext, rowTarget: number): Promise<void> {
  const shim = 'globalThis.__name = globalThis.__name || ((fn) => fn);';
  await context.addInitScript({ content: `${shim}\n(${benchInit.toString()})(${JSON.stringify({ rowTarget })});` });
}

/** The in-page bench object; throws when the init script did not run. */
export async function marks(page: Page): Promise<PaintMarks> {
  return page.evaluate(() => ({ ...window.__bench!.marks }));
}

/**
 * Follows the cache probe of one page: `poll()` fetches new records, `until()` waits for a
 * condition on the newest record and returns the first record that met it.
 */
export class CacheProbe {
  readonly records: ProbeRecord[] = [];

  private constructor(private readonly page: Page) {}

  static async start(page: Page, dbName: string, intervalMs = 5): Promise<CacheProbe> {
    await page.evaluate(([name, interval]) => window.__bench!.startProbe(name, interval), [dbName, intervalMs] as const);
    const probe = new CacheProbe(page);
    await probe.poll();
    return probe;
  }

  async poll(): Promise<ProbeRecord[]> {
    const fresh = await this.page.evaluate((from) => window.__bench!.collectProbe(from), this.records.length);
    this.records.push(...fresh);
    return fresh;
  }

  /**
   * Run `fn` with the probe's reads stopped. For measurements that do not use the probe and time
   * the page itself (frames, interaction latency, paint): the probe reads IndexedDB every few ms
   * from a worker, which on a two-core machine takes CPU and IndexedDB time from the page it
   * measures, a load no agent's console carries.
   */
  async paused<T>(fn: () => Promise<T>): Promise<T> {
    await this.page.evaluate(() => window.__bench!.pauseProbe(true));
    try {
      return await fn();
    } finally {
      await this.page.evaluate(() => window.__bench!.pauseProbe(false)).catch(() => undefined);
    }
  }

  latest(): ProbeRecord | undefined {
    return this.records.at(-1);
  }

  /**
   * Poll until the current state or a later one satisfies `test`: the first such record, or null
   * after `timeoutMs`. Records older than the latest one at the call are not considered.
   */
  async until(test: (r: ProbeRecord) => boolean, timeoutMs: number, everyMs = 50): Promise<ProbeRecord | null> {
    const deadline = Date.now() + timeoutMs;
    let seen = Math.max(0, this.records.length - 1);
    for (;;) {
      await this.poll();
      for (; seen < this.records.length; seen++) if (test(this.records[seen]!)) return this.records[seen]!;
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
