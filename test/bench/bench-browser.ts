/**
 * Debian's Chromium driven by playwright-core, the way the e2e tests launch it: each browser
 * context is one agent's computer (its own IndexedDB and stored session), each page one window.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { User } from '../../src-shared/index.js';
import { databaseName } from '../../src-renderer/db/database.js';
import { installProbe } from './page-probe.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** A usual desktop window. */
export const NORMAL_VIEWPORT = { width: 1440, height: 900 } as const;
/** A window tall enough that the virtualized queue renders 50 rows (72 px each) at once. */
export const TALL_VIEWPORT = { width: 1440, height: 4000 } as const;
/** Rows that must be painted for "the first 50 queue rows". */
export const ROW_TARGET = 50;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** A fresh profile with the bench instrumentation installed. */
export async function newComputer(browser: Browser, hubUrl: string, rowTarget = ROW_TARGET): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: hubUrl, viewport: NORMAL_VIEWPORT, bypassCSP: true });
  await installProbe(context, rowTarget);
  return context;
}

/** Sign in through the login screen, as an agent does. */
export async function signInViaUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function waitStatus(page: Page, status: string, timeoutMs = 60_000): Promise<void> {
  await page.locator(`[data-status="${status}"]`).waitFor({ timeout: timeoutMs });
}

export function cacheName(hubUrl: string, user: User): string {
  return databaseName(hubUrl, user.id);
}

/** The renderer's used JS heap after a full garbage collection, in MB (CDP, not performance.memory). */
export async function jsHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    return used / 1_048_576;
  } finally {
    await cdp.detach();
  }
}
