/**
 * Signing agents in for end-to-end tests: each browser context is one computer (its own
 * IndexedDB cache and stored session); each page in it is one Switchboard window.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { WorkspacePage } from './pages/workspace-page.js';

/** The documented password of every demo account. */
export const DEMO_PASSWORD = 'switchboard-demo';

/** Sign in in a new window of `context` and wait until the console is in step with the hub. */
export async function signIn(context: BrowserContext, email: string): Promise<WorkspacePage> {
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(email, DEMO_PASSWORD);
  const workspace = new WorkspacePage(page);
  // Fresh computer: the first bootstrap (late in a full run on a loaded CI machine it took over 15 s).
  await workspace.waitOnline(30_000);
  return workspace;
}

/** Sign in on a computer of its own (a fresh browser context). */
export async function signedIn(browser: Browser, email: string): Promise<WorkspacePage> {
  return signIn(await browser.newContext(), email);
}

/**
 * Open one more window of an already signed-in profile: same context, so the same origin, stored
 * session and IndexedDB cache. It signs in from the stored session without the login screen.
 */
export async function anotherWindow(workspace: WorkspacePage): Promise<WorkspacePage> {
  const page = await workspace.page.context().newPage();
  await page.goto('/');
  return new WorkspacePage(page);
}
