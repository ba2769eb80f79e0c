/**
 * Switch to phone (issue 7): from an email conversation the agent calls the customer, logs the
 * call, schedules a callback, is reminded when it falls due, calls back and completes it — all in
 * the same thread — once online and once offline (through the outbox, synced afterwards).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import type { Ack, CallbackResult, Snapshot, TelephonySettingsView } from '../../src-shared/index.js';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, mailNewConversation, unassign, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { DEMO_PASSWORD, signIn } from './session.js';
import type { WorkspacePage } from './pages/workspace-page.js';

const RECONNECT_MS = 30_000;
let lead: TestSocket;
let admin: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
  admin = await connectAs(hubUrl, 'admin@switchboard.demo', DEMO_PASSWORD);
  // Round-the-clock service without holidays, so a callback a few seconds ahead is allowed
  // whenever the suite runs (the hours themselves are unit-tested).
  await saveSettings(30);
});

const allDay = () => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

async function saveSettings(escalateAfterMinutes: number, clickToDial: { urlTemplate: string; method: 'GET' | 'POST' } | null = null): Promise<void> {
  const ack = (await admin.timeout(10_000).emitWithAck('telephony:save-settings', {
    serviceHours: { timeZone: 'Europe/Berlin', days: allDay(), holidays: [] },
    escalateAfterMinutes,
    clickToDial,
  })) as Ack<TelephonySettingsView>;
  if (!ack.ok) throw new Error(ack.error.message);
}

test.afterAll(() => {
  lead?.close();
  admin?.close();
});

async function thread(conversationId: string): Promise<Snapshot> {
  const ack = (await lead.timeout(10_000).emitWithAck('sync:conversation', { conversationId })) as Ack<Snapshot>;
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}

/** A `datetime-local` value `seconds` from now in the page's own zone. */
async function localInSeconds(page: Page, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const at = new Date(Date.now() + s * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  }, seconds);
}

/**
 * Plays the operating system's softphone: a `tel:` link click is recorded instead of handed to
 * the OS (headless Chromium has no handler, and its external-protocol prompt would swallow the
 * clicks after it). The console's own click handler — the timer — still runs.
 */
async function stubSoftphone(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { dialled: string[] };
    w.dialled = [];
    document.addEventListener(
      'click',
      (event) => {
        const link = (event.target as Element | null)?.closest?.('a[href^="tel:"]');
        if (!link) return;
        event.preventDefault();
        w.dialled.push(link.getAttribute('href')!);
      },
      true,
    );
  });
}

/** Call → log → schedule a callback → reminder → call back → done, in the open conversation. */
async function callLogScheduleRemindComplete(anna: WorkspacePage, tag: string, from: 'conversation' | 'customer'): Promise<void> {
  const page = anna.page;
  await stubSoftphone(page);
  const panel = page.getByRole('region', { name: 'Call the customer' });
  // The Call action is on the conversation and on the customer beside it; both open the same panel.
  if (from === 'conversation') await anna.conversation().getByRole('button', { name: 'Call', exact: true }).click();
  else await page.getByRole('complementary', { name: 'Customer' }).getByRole('button', { name: 'Call customer' }).click();
  await panel.getByLabel('Other number').fill('+49 30 1234567-89');
  await panel.getByRole('button', { name: 'Use number' }).click();
  await expect(panel.getByTestId('chosen-number')).toHaveText('+49 30 123456789');
  await panel.getByLabel('Reason for the call').fill(`Urgent delivery problem ${tag}`);
  // In a browser, dialling is a tel: link handed to the OS; the timer starts with the click.
  const dial = panel.getByRole('link', { name: 'Dial' });
  await expect(dial).toHaveAttribute('href', 'tel:+4930123456789');
  await dial.click();
  expect(await page.evaluate(() => (window as unknown as { dialled: string[] }).dialled)).toEqual(['tel:+4930123456789']);
  await expect(panel.getByTestId('call-timer')).toHaveText(/0:0[1-9]/, { timeout: 5_000 });
  await panel.getByRole('button', { name: 'End call' }).click();
  await panel.getByLabel('Outcome').selectOption('reached');
  await panel.getByLabel('Duration').fill('3:20');
  await panel.getByLabel('Call notes').fill(`Customer confirmed the new address ${tag}`);
  await panel.getByRole('button', { name: 'Save call log' }).click();
  const entry = anna.thread().getByTestId('call-log-entry').filter({ hasText: tag });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByTestId('call-outcome')).toHaveText('Reached');
  await expect(entry.getByTestId('call-duration')).toHaveText('3:20');
  // One step: the summary goes back to the customer on the conversation's own channel (email).
  await panel.getByLabel('Summary').fill(`Summary of our call: new address confirmed ${tag}`);
  await panel.getByRole('button', { name: 'Send summary' }).click();
  await expect(panel.getByRole('button', { name: 'Summary sent' })).toBeDisabled();
  await expect(anna.messageWithText(`Summary of our call: new address confirmed ${tag}`)).toHaveCount(1);

  // The callback: a few seconds ahead, inside round-the-clock service and the customer's hours.
  await panel.getByLabel('Customer time zone').fill('Europe/London');
  await panel.getByLabel('Reachable from').fill('00:00');
  await panel.getByLabel('Reachable to').fill('23:59');
  await panel.getByLabel('Callback due').fill(await localInSeconds(page, 6));
  await panel.getByLabel('Callback note').fill(`Confirm delivery ${tag}`);
  await panel.getByRole('button', { name: 'Schedule callback' }).click();
  await expect(panel.getByRole('status')).toContainText('Callback scheduled');
  await panel.getByRole('button', { name: 'Close' }).click();
  const callback = anna.thread().getByTestId('callback-item').filter({ hasText: tag });
  await expect(callback).toHaveAttribute('data-callback-status', 'open');

  // The reminder comes when it is due (the browser has no desktop bridge: in-app).
  await expect(page.getByTestId('reminder-due')).toBeVisible({ timeout: 20_000 });

  // The callback also sits in the Callbacks view as a queue item with its deadline.
  await page.getByRole('tab', { name: 'Callbacks' }).click();
  const row = page.locator(`[data-testid="callback-row"][data-callback-id="${await callback.getAttribute('data-callback-id')}"]`);
  await expect(row).toContainText('you');
  // Reassignable: handed to the team, the thread says so too.
  await row.getByLabel('Reassign callback').selectOption({ label: 'Anyone in the team' });
  await expect(row).toContainText('anyone in the team');
  await expect(callback).toContainText('anyone in the team');

  await callback.getByRole('button', { name: 'Call back now' }).click();
  await expect(panel.getByTestId('chosen-number')).toHaveText('+49 30 123456789');
  await panel.getByRole('link', { name: 'Dial' }).click();
  await panel.getByLabel('Outcome').selectOption('reached');
  await panel.getByLabel('Call notes').fill(`Callback done ${tag}`);
  await panel.getByRole('button', { name: 'Save call log' }).click();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(callback).toHaveAttribute('data-callback-status', 'done');
  await expect(anna.thread().getByTestId('call-log-entry').filter({ hasText: tag })).toHaveCount(2);
  await expect(page.getByTestId('reminder-due')).toHaveCount(0);
}

/** The hub holds both calls and the completed callback in the one conversation. */
async function expectOnHub(conversationId: string, tag: string): Promise<void> {
  await expect
    .poll(async () => {
      const snapshot = await thread(conversationId);
      const calls = snapshot.messages.filter((m) => (m.channelMeta.call as { notes?: string } | undefined)?.notes?.includes(tag));
      const callbacks = (snapshot.callbacks ?? []).filter((c) => c.note.includes(tag));
      return { calls: calls.length, callbackStatus: callbacks.map((c) => c.status), conversations: snapshot.conversations.map((c) => c.id) };
    }, { timeout: RECONNECT_MS })
    .toEqual({ calls: 2, callbackStatus: ['done'], conversations: [conversationId] });
  const snapshot = await thread(conversationId);
  const first = snapshot.messages.find((m) => (m.channelMeta.call as { notes?: string } | undefined)?.notes === `Customer confirmed the new address ${tag}`);
  expect(first?.direction).toBe('note');
  expect(first?.channelMeta.call).toMatchObject({ fromChannel: 'email', reason: `Urgent delivery problem ${tag}`, outcome: 'reached', durationSeconds: 200, number: '+4930123456789' });
  // The summary is an outbound reply in the same thread, on its way to the customer by email.
  const summary = snapshot.messages.find((m) => m.body === `Summary of our call: new address confirmed ${tag}`);
  expect(summary?.direction).toBe('outbound');
  expect(summary?.delivery?.status).toMatch(/queued|sent/);
  const callback = snapshot.callbacks!.find((c) => c.note.includes(tag))!;
  expect(callback.conversationId).toBe(conversationId);
  expect(callback.assigneeId).toBeNull(); // reassigned to the team in the Callbacks view
  expect(callback.doneCallId).not.toBeNull();
}

async function emailConversation(): Promise<string> {
  const { conversationId } = await injectCustomerMessage(lead, 'email');
  await unassign(lead, conversationId);
  return conversationId;
}

test('an email conversation switches to the phone: call, log, callback, reminder, done — one thread', async ({ browser }) => {
  test.setTimeout(120_000);
  const conversationId = await emailConversation();
  const anna = await signIn(await browser.newContext(), 'anna@switchboard.demo');
  await anna.open(conversationId);
  const tag = `online-${Date.now()}`;
  await callLogScheduleRemindComplete(anna, tag, 'customer');
  await expect(anna.thread().getByTestId('call-log-entry').filter({ hasText: tag }).first()).toHaveAttribute('data-state', 'sent', { timeout: RECONNECT_MS });
  await expectOnHub(conversationId, tag);
});

test('the same while offline goes through the outbox and syncs afterwards', async ({ browser }) => {
  test.setTimeout(150_000);
  const conversationId = await emailConversation();
  const context = await browser.newContext();
  const link = OfflineLink.attach(context);
  const anna = await signIn(context, 'anna@switchboard.demo');
  await anna.open(conversationId);
  await expect(anna.thread().locator('li').first()).toBeVisible();

  await link.goOffline();
  await anna.waitStatus('offline');
  const tag = `offline-${Date.now()}`;
  await callLogScheduleRemindComplete(anna, tag, 'conversation');
  // Nothing reached the hub yet: the first call's log, the summary to the customer, the callback,
  // its reassignment and the callback call's log (which completes it) wait in the outbox.
  await expect(anna.outboxPending()).toHaveText('5 waiting to send');
  expect((await thread(conversationId)).messages.filter((m) => m.body.includes(tag))).toHaveLength(0);

  await link.goOnline();
  await expect(anna.outboxPending()).toHaveCount(0, { timeout: RECONNECT_MS });
  await expectOnHub(conversationId, tag);
  await expect(anna.thread().getByTestId('callback-item').filter({ hasText: tag })).toHaveAttribute('data-callback-status', 'done');
});

test('an overdue callback escalates to the lead, who is told and sees it flagged', async ({ browser }) => {
  test.setTimeout(120_000);
  const conversationId = await emailConversation();
  const tag = `escalate-${Date.now()}`;
  await saveSettings(1);
  try {
    const lena = await signIn(await browser.newContext(), 'lead@switchboard.demo');
    // Promised for two minutes ago (say, scheduled offline and synced late): one minute over the limit.
    const ack = (await lead.timeout(10_000).emitWithAck('callback:schedule', {
      clientId: 'e2e-lead-socket',
      mutationId: crypto.randomUUID(),
      conversationId,
      callbackId: crypto.randomUUID(),
      dueAt: new Date(Date.now() - 120_000).toISOString(),
      number: '+49301234567',
      ext: null,
      assigneeId: null,
      reachable: { timeZone: 'Europe/Berlin', days: allDay() },
      note: tag,
    })) as Ack<CallbackResult>;
    if (!ack.ok) throw new Error(ack.error.message);
    // The hub's sweep (every 30 s) escalates it; the lead's console says so.
    await expect(lena.page.getByTestId('reminder-escalated')).toBeVisible({ timeout: 60_000 });
    await lena.page.getByRole('tab', { name: 'Callbacks' }).click();
    await expect(lena.page.locator(`[data-callback-id="${ack.data.callback.id}"]`).getByTestId('escalated')).toBeVisible();
    // Cancelled, so it reminds nobody in the tests that follow.
    const cancel = (await lead.timeout(10_000).emitWithAck('callback:update', {
      clientId: 'e2e-lead-socket',
      mutationId: crypto.randomUUID(),
      conversationId,
      callbackId: ack.data.callback.id,
      action: { kind: 'cancel' },
    })) as Ack<CallbackResult>;
    expect(cancel.ok).toBe(true);
    await expect(lena.page.getByTestId('reminder-escalated')).toHaveCount(0);
  } finally {
    await saveSettings(30);
  }
});

test('in the desktop console the number goes to the softphone through the bridge and the reminder is a native notification', async ({ browser }) => {
  test.setTimeout(90_000);
  const conversationId = await emailConversation();
  const context = await browser.newContext();
  // The Electron binary is not available here: a recording stand-in for the preload's typed
  // `window.desktop` bridge (its allowlist and IPC are unit-tested in test/unit/main and preload).
  await context.addInitScript(() => {
    const calls: { kind: string; arg: unknown }[] = [];
    Object.assign(window, {
      bridgeCalls: calls,
      desktop: {
        app: { info: async () => ({ version: 'test', platform: 'linux', hubUrl: null }) },
        notifications: { show: async (request: unknown) => void calls.push({ kind: 'notification', arg: request }), onClick: () => undefined },
        shell: { openExternal: async (url: string) => (calls.push({ kind: 'openExternal', arg: url }), { ok: true }) },
        window: { setBadgeCount: async () => undefined },
      },
    });
  });
  const anna = await signIn(context, 'anna@switchboard.demo');
  const page = anna.page;
  const calls = () => page.evaluate(() => (window as unknown as { bridgeCalls: { kind: string; arg: unknown }[] }).bridgeCalls);
  await anna.open(conversationId);
  const panel = page.getByRole('region', { name: 'Call the customer' });
  await anna.conversation().getByRole('button', { name: 'Call', exact: true }).click();
  await panel.getByLabel('Other number').fill('030 1234567 Durchwahl 12');
  await panel.getByRole('button', { name: 'Use number' }).click();
  // The customer's country may be unknown: a national number then needs a +49; the panel says so.
  await expect(panel.getByTestId('chosen-number').or(panel.getByRole('alert'))).toBeVisible();
  if (await panel.getByRole('alert').isVisible()) {
    await panel.getByLabel('Other number').fill('+49 30 1234567 Durchwahl 12');
    await panel.getByRole('button', { name: 'Use number' }).click();
  }
  await panel.getByRole('button', { name: 'Dial' }).click();
  await expect.poll(calls).toContainEqual({ kind: 'openExternal', arg: 'tel:+49301234567;ext=12' });
  await expect(panel.getByTestId('call-timer')).toBeVisible();

  await panel.getByLabel('Customer time zone').fill('Europe/Berlin');
  await panel.getByLabel('Reachable from').fill('00:00');
  await panel.getByLabel('Reachable to').fill('23:59');
  await panel.getByLabel('Callback due').fill(await localInSeconds(page, 3));
  await panel.getByRole('button', { name: 'Schedule callback' }).click();
  await expect
    .poll(async () => (await calls()).filter((c) => c.kind === 'notification'), { timeout: 20_000 })
    .toContainEqual({ kind: 'notification', arg: expect.objectContaining({ title: 'Callback due', conversationId }) });
  // The in-app reminder shows as well, until the callback is done.
  await expect(page.getByTestId('reminder-due').first()).toBeVisible();
});

test('with a click-to-dial system configured, Dial asks the PBX through the hub', async ({ browser }) => {
  test.setTimeout(60_000);
  // A local stand-in for the PBX's HTTP API; the token in the template stays on the hub.
  const requests: string[] = [];
  const pbx = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.end('{"queued":true}');
  });
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  const port = (pbx.address() as AddressInfo).port;
  await saveSettings(30, { urlTemplate: `http://127.0.0.1:${port}/dial?to={number}&ext={ext}&agent={agent}&token=pbx-secret`, method: 'GET' });
  try {
    const conversationId = await emailConversation();
    const anna = await signIn(await browser.newContext(), 'anna@switchboard.demo');
    await anna.open(conversationId);
    const panel = anna.page.getByRole('region', { name: 'Call the customer' });
    await anna.conversation().getByRole('button', { name: 'Call', exact: true }).click();
    await panel.getByLabel('Other number').fill('+44 20 7946 0958 ext. 123');
    await panel.getByRole('button', { name: 'Use number' }).click();
    await panel.getByRole('button', { name: 'Dial via phone system' }).click();
    await expect.poll(() => requests).toEqual(['GET /dial?to=%2B442079460958&ext=123&agent=anna%40switchboard.demo&token=pbx-secret']);
    await expect(panel.getByTestId('call-timer')).toBeVisible();
    await expect(panel.getByRole('alert')).toHaveCount(0);
    // The agent's console never received the template.
    const cached = await anna.page.evaluate(() => JSON.stringify(localStorage) + document.documentElement.outerHTML);
    expect(cached).not.toContain('pbx-secret');
  } finally {
    await saveSettings(30);
    await new Promise<void>((resolve) => pbx.close(() => resolve()));
  }
});

test('a number in the customer’s mail signature is offered and used only after the agent confirms it', async ({ browser }) => {
  test.setTimeout(90_000);
  const tag = `signature-${Date.now()}`;
  const conversationId = await mailNewConversation(lead, smtpPort, {
    from: `Max Mustermann <max.${tag}@example.test>`,
    subject: `Lieferung falsch ${tag}`,
    text: `Hallo, die Lieferung kam an die falsche Adresse. Bitte rufen Sie mich an.\n\n-- \nMax Mustermann\nTel.: +49 (0)30 1234567-89\nBestellnr. 2024-1234 vom 12.03.2024\n${tag}`,
  });
  const anna = await signIn(await browser.newContext(), 'anna@switchboard.demo');
  await stubSoftphone(anna.page);
  await anna.open(conversationId);
  await expect(anna.thread().getByText(tag).first()).toBeVisible();
  const panel = anna.page.getByRole('region', { name: 'Call the customer' });
  await anna.conversation().getByRole('button', { name: 'Call', exact: true }).click();
  const found = panel.getByTestId('found-number');
  // The signature's number, with the text it came from; not the order number or the date.
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('+49 30 123456789');
  await expect(found).toContainText('Tel.: +49 (0)30 1234567-89');
  // Not chosen until the agent confirms it.
  await expect(panel.getByTestId('chosen-number')).toHaveCount(0);
  await found.getByRole('button', { name: 'Use…' }).click();
  await found.getByRole('button', { name: 'Yes, call this number' }).click();
  await expect(panel.getByTestId('chosen-number')).toHaveText('+49 30 123456789');
  await panel.getByRole('link', { name: 'Dial' }).click();
  await panel.getByLabel('Outcome').selectOption('no_answer');
  await panel.getByLabel('Call notes').fill(`No answer ${tag}`);
  await panel.getByRole('button', { name: 'Save call log' }).click();
  await expect
    .poll(async () => (await thread(conversationId)).messages.find((m) => m.body.includes(`No answer ${tag}`))?.channelMeta.call)
    .toMatchObject({ number: '+4930123456789', numberSource: 'message', outcome: 'no_answer', fromChannel: 'email' });
});
