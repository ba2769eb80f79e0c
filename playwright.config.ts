import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium against the real hub serving the real console build.
 * The hub gets a fresh data directory each run and demo mode with the timed generator off;
 * tests ask the generator for customer messages through the lead-only `demo:inject` event.
 */
const port = Number(process.env.E2E_HUB_PORT ?? 5181);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
process.env.E2E_DATA_DIR = dataDir; // workers re-evaluate this file; keep one directory
export const hubUrl = `http://127.0.0.1:${port}`;
/** The hub's inbound SMTP port, derived from the hub's so parallel runs on other ports never collide. */
export const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 10_000);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: hubUrl,
    // The console follows the browser's language (German for de-*); specs read English labels
    // unless they ask for another locale themselves (test/e2e/i18n-theme.spec.ts).
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node --import tsx src-hub/main.ts',
    url: `${hubUrl}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      HUB_HOST: '127.0.0.1',
      HUB_PORT: String(port),
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_DEMO: '1',
      SWITCHBOARD_DEMO_TRAFFIC_MS: '0',
      // Not 2525: parallel runs and a developer's hub must not fight over it. Known to the specs
      // (smtpPort above), so they can deliver mail through the real listener.
      SMTP_PORT: String(smtpPort),
    },
  },
});
