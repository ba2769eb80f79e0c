import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import { connectAs, injectFollowUp, mailNewConversation, type TestSocket } from './hub-client.js';
import { ChannelsPage } from './pages/channels-page.js';
import { CustomerPanelPage } from './pages/customer-panel-page.js';
import { LeadDashboardPage } from './pages/lead-dashboard-page.js';
import { LoginPage } from './pages/login-page.js';
import { WorkspacePage } from './pages/workspace-page.js';
import { DEMO_PASSWORD } from './session.js';

/**
 * axe-core on the main screens in light and dark: no serious or critical WCAG 2.1 A/AA violation
 * (contrast, names, roles, landmarks). The email body frame is excluded: it is the customer's own
 * HTML in a sandbox that allows no scripts, so axe cannot run in it and its contents are not ours.
 */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

/** Serious and critical violations on the page as it is now, as readable lines. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('iframe.email-frame')
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`main screens have no serious or critical axe violations (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const stamp = Date.now();
    const conversationId = await mailNewConversation(lead, smtpPort, {
      from: `Greta Vogel <greta.${stamp}@example.test>`,
      subject: `Order question ${stamp}`,
      text: 'Hello, where is my parcel? Kind regards, Greta',
    });
    const context = await browser.newContext({ locale: 'en-US', colorScheme });
    const page = await context.newPage();
    const found: Record<string, string[]> = {};

    const login = new LoginPage(page);
    await login.open();
    await expect(login.demoAccounts()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    found['login'] = await violations(page);

    await login.signIn('admin@switchboard.demo', DEMO_PASSWORD);
    const workspace = new WorkspacePage(page);
    await workspace.waitOnline();
    found['workspace'] = await violations(page);

    await workspace.open(conversationId);
    await expect(workspace.thread()).toContainText('where is my parcel');
    const customer = new CustomerPanelPage(page);
    await expect(customer.root()).toBeVisible();
    await expect(customer.masterData()).toBeVisible();
    found['conversation and customer panel'] = await violations(page);

    await page.getByRole('button', { name: 'Display' }).click();
    await expect(page.getByLabel('Theme')).toBeVisible();
    found['display menu'] = await violations(page);
    await page.keyboard.press('Escape');

    // The two modal dialogs (focus-trapped; see queue-keyboard.spec.ts for the keyboard).
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    found['shortcut list'] = await violations(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('combobox', { name: 'Type a command or view' })).toBeFocused();
    found['command palette'] = await violations(page);
    await page.keyboard.press('Escape');

    const dashboard = new LeadDashboardPage(page);
    await dashboard.open();
    found['lead dashboard'] = await violations(page);

    const channels = new ChannelsPage(page);
    await channels.open();
    await expect(channels.table()).toBeVisible();
    found['settings · channels'] = await violations(page);

    expect(found).toEqual({
      login: [],
      workspace: [],
      'conversation and customer panel': [],
      'display menu': [],
      'shortcut list': [],
      'command palette': [],
      'lead dashboard': [],
      'settings · channels': [],
    });
    await context.close();
  });
}

test('control: the same axe run reports low contrast and an unnamed control when they are there', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.innerHTML = '<p style="color:#bbb;background:#fff">faint text</p><button type="button"></button>';
    document.querySelector('main')!.append(box);
  });
  const found = await violations(page);
  expect(found.some((v) => v.startsWith('color-contrast'))).toBe(true);
  expect(found.some((v) => v.startsWith('button-name'))).toBe(true);
});

test('a new customer message in the open conversation is announced to screen readers, in the UI language', async ({ browser }) => {
  const stamp = Date.now();
  const conversationId = await mailNewConversation(lead, smtpPort, {
    from: `Jonas Keller <jonas.${stamp}@example.test>`,
    subject: `Delivery ${stamp}`,
    text: 'Hello, my delivery has not arrived.',
  });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin@switchboard.demo', DEMO_PASSWORD);
  const workspace = new WorkspacePage(page);
  await workspace.waitOnline();
  await workspace.open(conversationId);
  // The page models speak English; the announcement is checked after a live switch to German.
  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByLabel('Language').selectOption('de');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  const log = page.getByTestId('new-message-announcer');
  await expect(log).toHaveAttribute('aria-live', 'polite');
  // What was there when the conversation opened is not announced.
  await expect(log).toHaveText('');
  await injectFollowUp(lead, conversationId);
  await expect(log).toHaveText('Neue Nachricht von Jonas Keller');
  await context.close();
});
