/**
 * Detecting payloads that ran: dialogs (alert/prompt/confirm) and console messages that start with
 * the marked payloads' MARK, from every frame of a page. Dialogs are dismissed so a run never hangs.
 */
import type { Page } from '@playwright/test';
import { MARK } from './payloads.js';

export interface Detector {
  /** One entry per execution seen: `dialog: …` or `console: …`. */
  readonly hits: string[];
}

/** Start watching a page for executed payloads. */
export function watchForExecutions(page: Page): Detector {
  const hits: string[] = [];
  page.on('dialog', (dialog) => {
    hits.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => {
    if (message.text().startsWith(MARK)) hits.push(`console: ${message.text()}`);
  });
  return { hits };
}

/** Let pending image errors, load events and timers run, then one more frame. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(() => requestAnimationFrame(() => resolve()), 20))));
}
