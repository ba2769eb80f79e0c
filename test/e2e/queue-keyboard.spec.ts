import { expect, test, type Page } from '@playwright/test';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import type { Ack, Conversation, Snapshot } from '../../src-shared/index.js';
import { connectAs, mailNewConversation, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { DEMO_PASSWORD as PASSWORD, signIn, signedIn } from './session.js';
import type { WorkspacePage } from './pages/workspace-page.js';

/**
 * Queue views, snooze and the keyboard (issue 5): an agent works a conversation with the keyboard
 * alone (navigate, open, assign, snooze, palette, close), rebinds a shortcut, and snoozes offline.
 */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

/** A new service mail whose conversation carries a tag of its own (a lead's note), so a tag filter shows only it. */
async function taggedConversation(run: string): Promise<string> {
  const conversationId = await mailNewConversation(lead, smtpPort, {
    from: `queue-${run}@customer.example`,
    subject: `Keyboard ${run}`,
    text: `Where is my parcel? (${run})`,
  });
  const ack = (await lead.timeout(10_000).emitWithAck('message:send', {
    clientId: 'e2e-lead-client',
    mutationId: crypto.randomUUID(),
    conversationId,
    messageId: crypto.randomUUID(),
    body: `Please look at this #${run}`,
    direction: 'note',
  })) as Ack<unknown>;
  if (!ack.ok) throw new Error(`note failed: ${ack.error.message}`);
  return conversationId;
}

/** The hub's own copy of a conversation (the authority), as the lead reads it. */
async function hubConversation(id: string): Promise<Conversation> {
  const ack = (await lead.timeout(10_000).emitWithAck('sync:conversation', { conversationId: id })) as Ack<Snapshot>;
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data.conversations.find((c) => c.id === id)!;
}

const press = (page: Page, key: string) => page.keyboard.press(key);

/** Run a command through Ctrl+K: type to filter, Enter runs the active option. */
async function palette(page: Page, text: string, expected: string): Promise<void> {
  await press(page, 'Control+k');
  const input = page.getByRole('combobox', { name: 'Type a command or view' });
  await expect(input).toBeFocused();
  await page.keyboard.type(text);
  await expect(page.getByRole('listbox', { name: 'Commands' }).getByRole('option').first()).toContainText(expected);
  await expect(input).toHaveAttribute('aria-activedescendant', /.+/);
  await press(page, 'Enter');
  await expect(input).toBeHidden();
}

async function filterByTag(ws: WorkspacePage, tag: string): Promise<void> {
  const field = ws.page.getByRole('searchbox', { name: 'Tag' });
  await field.focus();
  await ws.page.keyboard.type(`#${tag}`);
  await expect(ws.page.getByTestId('queue-count')).toHaveText(/^1 /);
  // Shortcuts wait while a field has the focus; Escape leaves the filters for the list.
  await ws.page.keyboard.press('Escape');
  await expect(ws.page.getByTestId('queue-scroll')).toBeFocused();
}

test('keyboard only: palette to a view, j and Enter to open, a to assign, s to snooze, close with e; shortcuts wait while typing', async ({ browser }) => {
  test.setTimeout(120_000);
  const run = `kb${Math.random().toString(36).slice(2, 8)}`;
  const id = await taggedConversation(run);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const page = anna.page;

  // The palette switches views; the tab shows its live count.
  await palette(page, 'unassig', 'Go to Unassigned');
  await expect(page.getByRole('tab', { name: /^Unassigned/ })).toHaveAttribute('aria-selected', 'true');
  await palette(page, 'all', 'Go to All');
  await expect(page.getByRole('tab', { name: /^All open/ })).toHaveAttribute('aria-selected', 'true');
  await filterByTag(anna, run);

  // j puts the cursor on the (only) row, Enter opens it.
  await press(page, 'j');
  await expect(anna.queueRow(id)).toBeFocused();
  await expect(anna.queueRow(id)).toHaveAttribute('aria-selected', 'false');
  await press(page, 'Enter');
  await expect(anna.queueRow(id)).toHaveAttribute('aria-selected', 'true');
  await expect(anna.conversation()).toContainText(`Keyboard ${run}`);

  // Typing in the composer never runs a shortcut.
  const composer = page.getByRole('textbox', { name: /Reply/ }).first();
  await composer.focus();
  await page.keyboard.type('a e s j k');
  await expect(composer).toHaveValue('a e s j k');
  await expect(anna.conversation().getByText('Unassigned', { exact: true })).toBeVisible();
  await composer.fill('');
  await anna.queueRow(id).focus();

  // a: assign to me — in the console at once, and on the hub.
  await press(page, 'a');
  await expect(anna.conversation().getByText('Assigned to you')).toBeVisible();
  await expect.poll(async () => (await hubConversation(id)).assigneeId).not.toBeNull();

  // s: the snooze menu opens on its first choice; ↓ and Enter pick "This evening" or "Tomorrow".
  await press(page, 's');
  const menu = page.getByRole('menu', { name: 'Snooze until' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await press(page, 'Enter');
  await expect(menu).toBeHidden();
  await expect(anna.conversation().getByTestId('snoozed-until')).toBeVisible();
  // It left All for Snoozed; the hub stores the wake time, about an hour ahead ("In 1 hour").
  await expect(page.getByTestId('queue-count')).toHaveText(/^0 /);
  await expect.poll(async () => (await hubConversation(id)).snoozedUntil ?? null).not.toBeNull();
  const wake = Date.parse((await hubConversation(id)).snoozedUntil!);
  expect(Math.abs(wake - (Date.now() + 3_600_000))).toBeLessThan(120_000);
  await palette(page, 'snoozed', 'Go to Snoozed');
  await expect(anna.queueRow(id)).toContainText('⏰');

  // Unsnooze (from the palette), back in All, then e closes it.
  await palette(page, 'unsnooze', 'Unsnooze');
  await expect(page.getByTestId('queue-count')).toHaveText(/^0 /);
  await palette(page, 'go to all', 'Go to All');
  await expect(anna.queueRow(id)).toBeVisible();
  await anna.queueRow(id).focus();
  await press(page, 'e');
  await expect(anna.conversation().getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect.poll(async () => (await hubConversation(id)).status).toBe('closed');
  expect((await hubConversation(id)).snoozedUntil ?? null).toBeNull();

  // The status filter finds it among the closed ones.
  await page.getByRole('combobox', { name: 'Status' }).selectOption('closed');
  await expect(anna.queueRow(id)).toBeVisible();
  await page.getByRole('combobox', { name: 'Status' }).selectOption('open');
});

test('shortcuts are listed with ?, can be rebound (conflicts refused, reset), and the binding is kept per user', async ({ browser }) => {
  test.setTimeout(90_000);
  const run = `rb${Math.random().toString(36).slice(2, 8)}`;
  const id = await taggedConversation(run);
  const context = await browser.newContext();
  const ben = await signIn(context, 'ben@switchboard.demo');
  const page = ben.page;
  await ben.open(id);

  await press(page, '?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  const closeRow = dialog.locator('tr[data-action="conversation.close"]');
  await expect(closeRow).toContainText('Close conversation');
  await expect(closeRow.locator('kbd')).toHaveText('e');
  await expect(dialog.locator('tr[data-action="palette.open"] kbd')).toHaveText('Ctrl+K');

  // Rebind Close to c.
  await closeRow.getByRole('button', { name: 'Change shortcut for Close conversation' }).click();
  await expect(closeRow).toContainText('Press a key');
  await press(page, 'c');
  await expect(closeRow.locator('kbd')).toHaveText('c');
  // j belongs to Next conversation: refused, naming it.
  const snoozeRow = dialog.locator('tr[data-action="conversation.snooze"]');
  await snoozeRow.getByRole('button', { name: 'Change shortcut for Snooze…' }).click();
  await press(page, 'j');
  await expect(snoozeRow.getByRole('status')).toHaveText('j already runs “Next conversation”');
  await expect(snoozeRow.locator('kbd')).toHaveText('s');
  await press(page, 'Escape');
  await expect(dialog).toBeHidden();

  // e does nothing now; c closes. A reload keeps the binding.
  await page.reload();
  await ben.waitOnline();
  await ben.open(id);
  await ben.queueRow(id).focus();
  await press(page, 'e');
  await expect(ben.conversation().getByRole('button', { name: 'Close' })).toBeVisible();
  await press(page, 'c');
  await expect(ben.conversation().getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect.poll(async () => (await hubConversation(id)).status).toBe('closed');

  // Reset brings e back.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await dialog.locator('tr[data-action="conversation.close"]').getByRole('button', { name: 'Reset shortcut for Close conversation' }).click();
  await expect(dialog.locator('tr[data-action="conversation.close"] kbd')).toHaveText('e');
  // Another agent on this computer keeps the defaults: bindings are per user (checked in storage).
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('switchboard.shortcuts') ?? '{}') as { state?: { byUser?: Record<string, unknown> } });
  expect(Object.keys(stored.state?.byUser ?? {})).toHaveLength(1);
});

test('the palette and the shortcut list are modal: Tab stays inside, Escape closes, focus goes back where it was', async ({ browser }) => {
  const run = `ft${Math.random().toString(36).slice(2, 8)}`;
  const id = await taggedConversation(run);
  const context = await browser.newContext();
  const anna = await signIn(context, 'anna@switchboard.demo');
  const page = anna.page;
  await anna.reveal(id);
  const row = anna.queueRow(id);
  await row.focus();
  /** Whether the focused element is inside the open dialog. */
  const focusInDialog = () => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);

  // The palette: its input is its only stop, so Tab and Shift+Tab keep the focus there.
  await press(page, 'Control+k');
  const input = page.getByRole('combobox', { name: 'Type a command or view' });
  await expect(input).toBeFocused();
  await press(page, 'Tab');
  await expect(input).toBeFocused();
  await press(page, 'Shift+Tab');
  await expect(input).toBeFocused();
  await press(page, 'Escape');
  await expect(input).toBeHidden();
  await expect(row).toBeFocused();

  // The shortcut list: Close first; Shift+Tab wraps to the last button, Tab back to Close.
  await press(page, '?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const close = dialog.getByRole('button', { name: 'Close', exact: true });
  await expect(close).toBeFocused();
  const buttons = await dialog.getByRole('button').count();
  await press(page, 'Shift+Tab');
  await expect(dialog.getByRole('button').last()).toBeFocused();
  await press(page, 'Tab');
  await expect(close).toBeFocused();
  // A whole round of Tab never leaves the dialog and comes back to Close.
  for (let i = 0; i < buttons; i++) {
    await press(page, 'Tab');
    expect(await focusInDialog()).toBe(true);
  }
  await expect(close).toBeFocused();
  // A click on the dialog's text keeps the focus inside; Tab goes on from there.
  await dialog.getByRole('heading', { name: 'Keyboard shortcuts' }).click();
  await press(page, 'Tab');
  expect(await focusInDialog()).toBe(true);
  // Escape while "Change" waits for a key only cancels the change; the next one closes.
  await dialog.locator('tr[data-action="conversation.close"]').getByRole('button', { name: 'Change shortcut for Close conversation' }).click();
  await expect(dialog.locator('tr[data-action="conversation.close"]')).toContainText('Press a key');
  await press(page, 'Escape');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('tr[data-action="conversation.close"] kbd')).toHaveText('e');
  await press(page, 'Escape');
  await expect(dialog).toBeHidden();
  await expect(row).toBeFocused();

  // Opened with the mouse, it gives the focus back to its button.
  const opener = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await opener.click();
  await expect(close).toBeFocused();
  await press(page, 'Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await context.close();
});

test('snoozed offline: hidden at once, a snooze whose time passes offline shows again, and the hub has the final say once online', async ({ browser }) => {
  test.setTimeout(120_000);
  const run = `off${Math.random().toString(36).slice(2, 8)}`;
  const later = await taggedConversation(`${run}a`);
  const soon = await taggedConversation(`${run}b`);
  const context = await browser.newContext();
  const link = OfflineLink.attach(context);
  const anna = await signIn(context, 'anna@switchboard.demo');
  const page = anna.page;
  await anna.reveal(later);
  await anna.reveal(soon);

  await link.goOffline();
  await anna.waitStatus('offline');

  // "In 1 hour" for one.
  await anna.open(later);
  await anna.conversation().getByRole('button', { name: 'Snooze' }).click();
  await page.getByRole('menuitem', { name: /In 1 hour/ }).click();
  await expect(anna.queueRow(later)).toHaveCount(0);
  // A custom time a few seconds ahead for the other (the input takes the browser's local time).
  await anna.open(soon);
  await anna.conversation().getByRole('button', { name: 'Snooze' }).click();
  const soonAt = await page.evaluate(() => {
    const d = new Date(Date.now() + 6_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  });
  await page.getByRole('textbox', { name: 'Custom', exact: true }).fill(soonAt);
  await page.getByRole('button', { name: 'Snooze until then' }).click();
  await expect(anna.queueRow(soon)).toHaveCount(0);
  await expect(anna.outboxPending()).toContainText('2');
  await page.getByRole('tab', { name: /^Snoozed/ }).click();
  await expect(anna.queueRow(later)).toBeVisible();
  await expect(anna.queueRow(soon)).toBeVisible();

  // Still offline: the console's clock wakes the second one.
  await expect(anna.queueRow(soon)).toHaveCount(0, { timeout: 20_000 });
  await page.getByRole('tab', { name: /^All open/ }).click();
  await anna.reveal(soon);

  // Online: the outbox drains; the hub keeps the hour-long snooze, and the other stays awake.
  await link.goOnline();
  await anna.waitStatus('online', { timeout: 30_000 });
  await expect(anna.outboxPending()).toHaveCount(0);
  await expect.poll(async () => (await hubConversation(later)).snoozedUntil ?? null).not.toBeNull();
  expect((await hubConversation(soon)).snoozedUntil ?? null).toBeNull();
  await expect(anna.queueRow(later)).toHaveCount(0);
  await anna.reveal(soon);
});

test('in German, the queue filters, the shortcut list and the palette speak German', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('E-Mail').fill('anna@switchboard.demo');
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('tab', { name: /^Zurückgestellt/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Sortierung' })).toContainText('Längste Wartezeit');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Tastenkürzel' });
  await expect(dialog.locator('tr[data-action="conversation.close"]')).toContainText('Konversation schließen');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('zurückg');
  await expect(page.getByRole('listbox', { name: 'Befehle' }).getByRole('option').first()).toContainText('Zu „Zurückgestellt“');
});
