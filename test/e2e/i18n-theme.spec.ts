import { expect, test, type Page } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { DEMO_PASSWORD } from './session.js';

/** The sign-in screen's main button, by its label in either language. */
function signInButton(page: Page) {
  return page.getByRole('button', { name: /^(Sign in|Anmelden)$/ });
}

test('a German browser gets the German console, an English one the English console', async ({ browser }) => {
  const german = await browser.newContext({ locale: 'de-DE' });
  const dePage = await german.newPage();
  await dePage.goto('/');
  await expect(dePage.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  await expect(dePage.getByLabel('Passwort')).toBeVisible();
  await expect(dePage.locator('html')).toHaveAttribute('lang', 'de');

  const english = await browser.newContext({ locale: 'en-US' });
  const enPage = await english.newPage();
  await enPage.goto('/');
  await expect(enPage.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(enPage.getByLabel('Password')).toBeVisible();
  await expect(enPage.locator('html')).toHaveAttribute('lang', 'en');

  // Signed in, the workspace speaks German too (top bar and queue views).
  await dePage.getByLabel('E-Mail').fill('anna@switchboard.demo');
  await dePage.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await dePage.getByRole('button', { name: 'Anmelden' }).click();
  await expect(dePage.locator('[data-status]')).toHaveAttribute('data-status', 'online');
  await expect(dePage.locator('[data-status]')).toHaveText('Online');
  await expect(dePage.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await expect(dePage.getByRole('tab', { name: 'Meine' })).toBeVisible();
  await german.close();
  await english.close();
});

test('the language override switches live and persists over a reload', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(signInButton(page)).toHaveText('Sign in');

  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByLabel('Language').selectOption('de');
  // No reload: the same page now speaks German.
  await expect(signInButton(page)).toHaveText('Anmelden');
  await expect(page.getByLabel('Sprache')).toHaveValue('de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await page.reload();
  await expect(signInButton(page)).toHaveText('Anmelden');

  // Back to the system language (English here).
  await page.getByRole('button', { name: 'Anzeige' }).click();
  await page.getByLabel('Sprache').selectOption('system');
  await expect(signInButton(page)).toHaveText('Sign in');
  await context.close();
});

test('a console whose session ends elsewhere says why on the sign-in screen, in the UI language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('E-Mail').fill('ben@switchboard.demo');
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await signInButton(page).click();
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'online');

  // The same session signed out from another window (or by a script with its token).
  const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('switchboard.session') ?? '{}') as { state?: { session?: { token?: string } } }).state?.session?.token);
  expect(token, 'the console keeps its session token').toBeTruthy();
  const response = await fetch(`${hubUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(204);

  await expect(signInButton(page)).toHaveText('Anmelden');
  const notice = page.getByRole('status').filter({ hasText: 'abgemeldet' });
  await expect(notice).toHaveText('Du hast dich abgemeldet (in diesem oder einem anderen Fenster).');
  // Worded when shown: switching the language on the sign-in screen re-words it.
  await page.getByRole('button', { name: 'Anzeige' }).click();
  await page.getByLabel('Sprache').selectOption('en');
  await expect(page.getByRole('status').filter({ hasText: 'signed out' })).toHaveText('You signed out (in this or another window).');
  await context.close();
});

test('waiting times and message dates follow the language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('E-Mail').fill('anna@switchboard.demo');
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'online');
  // Queue rows: German units ("12 T.", "3 Std. 5 Min."), not "12 d".
  const queue = page.getByRole('listbox', { name: 'Konversationen' });
  await expect(queue).toContainText(/\d+ (Min\.|Std\.|T\.)/);
  await expect(queue).not.toContainText(/\d+ d\b/);
  // A message's time: the German short date ("23.11.26, 18:05"), not "11/23/26, 6:05 PM".
  await queue.getByRole('option').first().click();
  const stamp = page.locator('.message time').first();
  await expect(stamp).toHaveText(/^\d{2}\.\d{2}\.\d{2}, \d{2}:\d{2}$/);
  // The conversation header and the composer speak German too.
  const conversation = page.getByRole('region', { name: /^Konversation mit / });
  await expect(conversation.getByRole('button', { name: 'Anrufen' })).toBeVisible();
  await expect(conversation.getByRole('combobox', { name: 'Abteilung' })).toBeVisible();
  await expect(conversation.getByRole('list', { name: 'Nachrichten' })).toBeVisible();
  await expect(conversation.getByRole('radio', { name: 'Interne Notiz' })).toBeVisible();
  await expect(conversation.getByRole('button', { name: 'Antwort senden' })).toBeVisible();
  await context.close();
});

test('the dark theme follows the colour scheme and the override, and persists', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await background()).toBe('rgb(18, 21, 27)');

  // The OS switches to light while the console runs.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(246, 247, 249)');

  // The agent forces dark regardless of the OS; it survives a reload.
  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByLabel('Theme').selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(18, 21, 27)');

  // Escape closes the display panel and gives focus back to its button.
  await page.getByRole('button', { name: 'Display' }).click();
  await expect(page.getByLabel('Theme')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Theme')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Display' })).toBeFocused();
  await context.close();
});
