import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, unassign, whatsappConversationsOutsideWindow, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { DEMO_PASSWORD as PASSWORD, signIn, signedIn } from './session.js';

let lead: TestSocket;
let admin: TestSocket;
let outside: string[];

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
  admin = await connectAs(hubUrl, 'admin@switchboard.demo', PASSWORD);
  // Customers who wrote 30 hours ago and not since (the demo history changes as other tests run).
  outside = await whatsappConversationsOutsideWindow(hubUrl, admin, lead, 2);
});

test.afterAll(() => {
  lead?.close();
  admin?.close();
});

test('outside WhatsApp’s 24-hour window the composer says why, blocks free text, and sends a template', async ({ browser }) => {
  const conversationId = outside[0]!;
  await unassign(lead, conversationId);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);

  // Before she types: why, and since when.
  await expect(anna.replyWindowNotice()).toContainText('Free-form replies are closed on WhatsApp');
  // The time in the agent's zone and language (the hub's own message says UTC).
  await expect(anna.replyWindowNotice()).toContainText(/within 24 hours after the customer last wrote; that window closed at .+\. Only a template message/);
  // In German, the same reason in German.
  await anna.page.getByRole('button', { name: 'Display' }).click();
  // The display menu's language select, by its German choice (the template form has a language field too).
  const language = anna.page.locator('select').filter({ has: anna.page.locator('option[value="de"]') });
  await language.selectOption('de');
  await expect(anna.page.getByTestId('reply-window-closed')).toContainText(/WhatsApp erlaubt freie Antworten nur innerhalb von 24 Stunden.*dieses Fenster hat sich am .*\d\d:\d\d geschlossen/);
  await language.selectOption('system');
  await anna.page.keyboard.press('Escape');
  await expect(anna.page.getByLabel('Reply', { exact: true })).toBeDisabled();
  await expect(anna.page.getByRole('button', { name: 'Send reply' })).toBeDisabled();

  // A bad template name is caught in the form, before anything is queued.
  await anna.sendTemplate({ name: 'Order Update', language: 'de', parameters: [] });
  await expect(anna.replyWindowNotice().getByRole('alert')).toContainText('lower-case');

  const tag = String(Date.now());
  await anna.sendTemplate({ name: 'order_update', language: 'de', parameters: ['Lena', tag] });
  const shown = `WhatsApp template "order_update" (de): Lena · ${tag}`;
  // Accepted by the hub and sent by the real WhatsApp sender (to the demo's Graph API stand-in).
  await anna.expectMessageState(shown, 'sent');
  await anna.expectDelivery(shown, 'sent');

  // Internal notes are not affected by the window.
  await anna.page.getByRole('radio', { name: 'Internal note' }).check();
  await expect(anna.replyWindowNotice()).toHaveCount(0);
  await expect(anna.page.getByRole('textbox', { name: 'Internal note' })).toBeEnabled();
});

test('a template written offline waits in the outbox and is delivered after reconnecting', async ({ browser }) => {
  test.setTimeout(120_000);
  const conversationId = outside[1]!;
  await unassign(lead, conversationId);
  const context = await browser.newContext();
  const link = OfflineLink.attach(context);
  const ben = await signIn(context, 'ben@switchboard.demo');
  await ben.open(conversationId);
  await expect(ben.replyWindowNotice()).toBeVisible();

  await link.goOffline();
  await ben.waitStatus('offline');
  const tag = String(Date.now());
  await ben.sendTemplate({ name: 'appointment_reminder', language: 'en_US', parameters: [tag] });
  const shown = `WhatsApp template "appointment_reminder" (en_US): ${tag}`;
  await ben.expectMessageState(shown, 'pending');

  await link.goOnline();
  await ben.waitStatus('online', { timeout: 30_000 });
  await ben.expectMessageState(shown, 'sent');
  await ben.expectDelivery(shown, 'sent');
});
