import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import type { Ack, Dashboard } from '../../src-shared/index.js';
import { connectAs, injectCustomerMessage, unassign, type TestSocket } from './hub-client.js';
import { LeadDashboardPage } from './pages/lead-dashboard-page.js';
import { DEMO_PASSWORD, signedIn } from './session.js';

let traffic: TestSocket;

test.beforeAll(async () => {
  // The demo traffic generator, driven through the lead-only demo:inject event.
  traffic = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
});

test.afterAll(() => {
  traffic?.close();
});

test('a lead watches the dashboard react to a burst of demo traffic and reassigns work', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const leadConsole = await signedIn(browser, 'lead@switchboard.demo');
  const dashboard = new LeadDashboardPage(leadConsole.page);
  await dashboard.open();
  // Anna's console is connected: the hub shows her as available.
  await expect(dashboard.agentRow('Anna Schmidt')).toContainText('Available');
  const inboundBefore = await dashboard.kpiValue('inbound');

  // A burst of customer messages through the real ingest path.
  const burst = [];
  for (let i = 0; i < 12; i++) burst.push(await injectCustomerMessage(traffic));
  // The figures move without a reload.
  await expect.poll(() => dashboard.kpiValue('inbound')).toBeGreaterThanOrEqual(inboundBefore + 12);

  // One of them, waiting unassigned in Service, shows in the waiting list with its position…
  const { conversationId } = burst.at(-1)!;
  await unassign(traffic, conversationId);
  await expect(dashboard.waitingRow(conversationId)).toBeVisible();
  // …and the lead gives it to Anna from the dashboard; it moves to her row.
  await dashboard.assignWaiting(conversationId, 'Anna Schmidt');
  await expect(dashboard.agentRow('Anna Schmidt').locator(`li[data-conversation="${conversationId}"]`)).toBeVisible();
  await expect(dashboard.waitingRow(conversationId)).toHaveCount(0);
  // Anna's console sees it as hers.
  await anna.reveal(conversationId);
  await anna.open(conversationId);
  await expect(anna.page.getByText('Assigned to you')).toBeVisible();

  // Reassigning from Anna to Ben moves it between the agents' rows.
  await dashboard.reassign('Anna Schmidt', conversationId, 'Ben Mitchell');
  await expect(dashboard.agentRow('Ben Mitchell').locator(`li[data-conversation="${conversationId}"]`)).toBeVisible();
  await expect(dashboard.agentRow('Anna Schmidt').locator(`li[data-conversation="${conversationId}"]`)).toHaveCount(0);

  // When Anna's console goes away, the hub shows her offline (after its short grace).
  await anna.page.context().close();
  await expect(dashboard.agentRow('Anna Schmidt')).toContainText('Offline', { timeout: 30_000 });
});

test('agents have no dashboard: no entry in the console, and the hub refuses them', async ({ browser }) => {
  const ben = await signedIn(browser, 'ben@switchboard.demo');
  await expect(ben.page.getByRole('button', { name: 'Team dashboard' })).toHaveCount(0);
  const socket = await connectAs(hubUrl, 'ben@switchboard.demo', DEMO_PASSWORD);
  try {
    const ack = (await socket.timeout(10_000).emitWithAck('lead:dashboard', {})) as Ack<unknown>;
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('forbidden');
  } finally {
    socket.close();
  }
});

test('an agent sets her status, sees her teams’ queue with positions and ends her shift with a hand-over note', async ({ browser }) => {
  const { conversationId } = await injectCustomerMessage(traffic);
  await unassign(traffic, conversationId);
  const ben = await signedIn(browser, 'ben@switchboard.demo');
  const page = ben.page;
  await page.getByRole('button', { name: 'Status & shift' }).click();
  const panel = page.getByTestId('presence');
  // Starting a shift makes her available; then she is busy for a while.
  await panel.getByRole('button', { name: 'Start shift' }).click();
  await expect(panel.getByRole('button', { name: 'End shift' })).toBeVisible();
  await expect(panel.getByRole('combobox', { name: 'Your status' })).toHaveValue('available');
  await panel.getByRole('combobox', { name: 'Your status' }).selectOption('busy');
  // Service's waiting conversations, with their places in the routing order.
  const queue = page.getByTestId('routing-queue');
  await queue.locator('summary').click();
  await expect(queue.getByRole('button').first()).toContainText('#');

  const dashboardOf = async () => {
    const ack = (await traffic.timeout(10_000).emitWithAck('lead:dashboard', {})) as Ack<Dashboard>;
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data.agents.find((a) => a.name === 'Ben Mitchell');
  };
  await expect.poll(async () => (await dashboardOf())?.state).toBe('busy');

  await panel.getByRole('button', { name: 'End shift' }).click();
  await page.getByLabel('Hand-over note').fill('Two refund cases wait for the finance team.');
  await page.locator('.handover-form').getByRole('button', { name: 'End shift' }).click();
  await expect(panel.getByRole('button', { name: 'Start shift' })).toBeVisible();
  await expect.poll(async () => (await dashboardOf())?.state).toBe('away');
});
