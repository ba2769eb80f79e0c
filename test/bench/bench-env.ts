/**
 * What every measurement gets: the hub with the loaded dataset, the browser, and the signed-in
 * agent's computer once the first bootstrap has filled its cache.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BenchHub } from './bench-hub.js';
import type { DatasetSummary, Staff } from './dataset.js';
import type { CacheProbe } from './page-probe.js';
import type { Random } from './stats.js';

export interface BenchEnv {
  bench: BenchHub;
  hubUrl: string;
  browser: Browser;
  staff: Staff;
  dataset: DatasetSummary;
  scale: number;
  /** Seeded: the generated traffic is the same on every run of the bench. */
  rng: Random;
  log(msg: string): void;
}

/** The agent's computer with a warm cache (after the first bootstrap). */
export interface WarmConsole {
  context: BrowserContext;
  page: Page;
  dbName: string;
  probe: CacheProbe;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
