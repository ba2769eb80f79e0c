import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, storedMessagesWithBody, unassign, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { ChatPanel } from './pages/chat-widget-page.js';
import { CustomerPanelPage } from './pages/customer-panel-page.js';
import { DEMO_PASSWORD, signIn, signedIn } from './session.js';

/**
 * Customer 360 in the console: a chat visitor writes an address the CRM knows; the panel
 * suggests the CRM customer with that reason; the lead merges with a per-field choice and every
 * console follows; unmerge puts both back.
 */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

async function adminToken(): Promise<string> {
  const response = await fetch(`${hubUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@switchboard.demo', password: DEMO_PASSWORD }),
  });
  return ((await response.json()) as { token: string }).token;
}

test('suggestion → merge with a per-field choice → unmerge, seen live by a second console', async ({ browser }) => {
  const tag = randomUUID().slice(0, 8);
  const address = `erika.${tag}@example.de`;
  const number = `K-E2E-${tag}`;
  // The CRM knows Erika with her address and customer number.
  const push = await fetch(`${hubUrl}/api/crm/customers/${number}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Erika Mustermann', segment: 'premium', emails: [address] }),
  });
  expect(push.status).toBe(200);

  // She chats on the website under her new name and writes her address into the message.
  const visitor = await ChatPanel.open(await (await browser.newContext()).newPage(), 'demo-widget');
  await visitor.start('Erika Mustermann-Berg');
  const text = `Hallo, meine Mail ist ${address} (${tag})`;
  await visitor.send(text);
  let conversationId = '';
  await expect(async () => {
    const found = await storedMessagesWithBody(lead, text);
    expect(found).toHaveLength(1);
    conversationId = found[0]!.conversationId;
  }).toPass();

  const martin = await signedIn(browser, 'lead@switchboard.demo');
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await martin.open(conversationId);
  await anna.open(conversationId);
  const panel = new CustomerPanelPage(martin.page);
  const annasPanel = new CustomerPanelPage(anna.page);
  await panel.expectName('Erika Mustermann-Berg');

  // The suggestion says why.
  const suggestion = panel.suggestion('Erika Mustermann');
  await expect(suggestion).toContainText(`Email: ${address} (written in a message)`);
  await suggestion.getByRole('button', { name: 'Review merge' }).click();

  // Keep the CRM record (it has the customer number), but take the new name from the chat.
  await expect(panel.mergeDialog().getByRole('radio', { name: /Erika Mustermann$/ })).toBeChecked();
  await panel.chooseField('Name', 'Erika Mustermann-Berg');
  await panel.mergeDialog().getByRole('button', { name: 'Merge' }).click();

  // Both consoles now show one customer: the CRM record with the chosen name, both identities.
  for (const p of [panel, annasPanel]) {
    await p.expectName('Erika Mustermann-Berg');
    await expect(p.masterData()).toContainText(number);
    await expect(p.identities()).toHaveCount(2);
    await expect(p.identities().filter({ hasText: address }).first()).toBeVisible();
  }
  await expect(panel.history()).toContainText('Merged Erika Mustermann-Berg into this customer');

  // Unmerge restores both as they were.
  await panel.unmergeButton('Erika Mustermann-Berg').click();
  for (const p of [panel, annasPanel]) {
    await p.expectName('Erika Mustermann-Berg');
    await expect(p.masterData()).not.toContainText(number);
    await expect(p.identities()).toHaveCount(1);
    await expect(p.identities().first()).toContainText('chat');
  }
  // And the suggestion is back, ready for a better decision.
  await panel.root().getByRole('button', { name: 'Refresh' }).click();
  await expect(panel.suggestion('Erika Mustermann')).toBeVisible();
});

test('offline, the panel still shows the customer; a coupon and a consent wait in the outbox and are saved once back online', async ({ browser }) => {
  test.setTimeout(90_000);
  const injected = await injectCustomerMessage(lead, 'email');
  await unassign(lead, injected.conversationId);
  const annaComputer = await browser.newContext();
  const link = OfflineLink.attach(annaComputer);
  const anna = await signIn(annaComputer, 'anna@switchboard.demo');
  await anna.open(injected.conversationId);
  const panel = new CustomerPanelPage(anna.page);
  await expect(panel.root().getByRole('region', { name: 'Identities' })).toContainText('email');

  await link.goOffline();
  await anna.waitStatus('offline');
  await expect(panel.root()).toContainText('Needs a connection to the hub');
  await expect(panel.history().getByRole('listitem').first()).toBeVisible();

  const tag = randomUUID().slice(0, 8);
  await panel.root().getByLabel('Reward note').fill(`Thanks for the review ${tag}`);
  await panel.root().getByRole('button', { name: 'Grant coupon' }).click();
  const code = (await panel.root().getByRole('status').filter({ hasText: 'Coupon' }).locator('code').textContent())!;
  expect(code).toMatch(/^SB-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  const consentForm = panel.root().getByRole('form', { name: 'Record consent' });
  await consentForm.getByLabel('Source').fill(`Phone call ${tag}`);
  await consentForm.getByRole('button', { name: 'Record consent' }).click();
  const waiting = panel.root().getByRole('region', { name: 'Waiting to send' });
  await expect(waiting).toContainText(`Coupon ${code} — waiting to send`);
  await expect(waiting).toContainText(`Phone call ${tag}`);

  await link.goOnline();
  await anna.waitStatus('online', { timeout: 30_000 });
  await expect(panel.history()).toContainText(`Coupon ${code} issued — Thanks for the review ${tag}`);
  await expect(panel.root().getByRole('region', { name: 'Consent' })).toContainText(`Phone call ${tag}`);
  await expect(waiting).toHaveCount(0);
});
