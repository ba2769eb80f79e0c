/**
 * Offline work: replies written without a link to the hub wait in the outbox (IndexedDB), survive a
 * reload, and go out exactly once when the link returns — unless the conversation moved on in the
 * meantime, in which case the stale-send guard holds them for the agent's review.
 */
import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, injectFollowUp, replyAs, storedMessagesWithBody, unassign, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { DEMO_PASSWORD, signIn, signedIn } from './session.js';

/** Socket.io's reconnect backoff in the console reaches 10 s ± 50 %; the first try after the link returns may wait that long. */
const RECONNECT_MS = 30_000;

let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

/** A new customer message in the queue, handed back so any agent may answer it. */
async function newUnassignedConversation(channel: string): Promise<{ conversationId: string; messageId: string }> {
  const injected = await injectCustomerMessage(lead, channel);
  await unassign(lead, injected.conversationId);
  return injected;
}

test('replies written offline are delivered exactly once after a reload', async ({ browser }) => {
  test.setTimeout(120_000);
  const annaComputer = await browser.newContext();
  const link = OfflineLink.attach(annaComputer);
  const anna = await signIn(annaComputer, 'anna@switchboard.demo');
  const ben = await signedIn(browser, 'ben@switchboard.demo');

  // Three customers write on different channels (so three different conversations).
  const tag = Date.now();
  const conversations: { conversationId: string; messageId: string; reply: string }[] = [];
  for (const [i, channel] of ['email', 'whatsapp', 'chat'].entries()) {
    const injected = await newUnassignedConversation(channel);
    conversations.push({ ...injected, reply: `Offline reply ${i + 1} on ${channel} (${tag})` });
  }
  expect(new Set(conversations.map((c) => c.conversationId)).size).toBe(3);
  // Anna has each one in her cache, with the customer's message and as unassigned.
  for (const c of conversations) {
    await anna.open(c.conversationId);
    await expect(anna.message(c.messageId)).toBeVisible();
    await anna.expectUnassigned();
  }

  await link.goOffline();
  await anna.waitStatus('offline');

  for (const c of conversations) {
    await anna.open(c.conversationId);
    await anna.reply(c.reply);
    await anna.expectMessageState(c.reply, 'pending');
  }
  await expect(anna.outboxPending()).toHaveText('3 waiting to send');

  // A reload while still offline: the replies come back from IndexedDB, still waiting.
  await anna.page.reload();
  await anna.waitStatus('offline');
  await expect(anna.outboxPending()).toHaveText('3 waiting to send');
  for (const c of conversations) {
    await anna.open(c.conversationId);
    await anna.expectMessageState(c.reply, 'pending');
  }
  for (const c of conversations) expect(await storedMessagesWithBody(lead, c.reply)).toHaveLength(0);

  await link.goOnline();
  for (const c of conversations) {
    await anna.open(c.conversationId);
    await anna.expectMessageState(c.reply, 'sent', { timeout: RECONNECT_MS });
    // The hub's copy replaced the optimistic row (same id): one row, not two.
    await expect(anna.messageWithText(c.reply)).toHaveCount(1);
  }
  await expect(anna.outboxPending()).toBeHidden();

  for (const c of conversations) {
    // Stored exactly once by the hub (every send is acknowledged by now, so nothing more can land)…
    const stored = await storedMessagesWithBody(lead, c.reply);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.conversationId).toBe(c.conversationId);
    // …and shown exactly once to a colleague.
    await ben.open(c.conversationId);
    await expect(ben.messageWithText(c.reply)).toBeVisible();
    await expect(ben.messageWithText(c.reply)).toHaveCount(1);
    await expect(ben.messageWithText(c.reply)).toContainText('Anna Schmidt');
  }
});

test('after reconnecting, an agent sees everything that happened while offline, and her queued reply lands in Needs attention', async ({ browser }) => {
  test.setTimeout(120_000);
  const annaComputer = await browser.newContext();
  const link = OfflineLink.attach(annaComputer);
  const anna = await signIn(annaComputer, 'anna@switchboard.demo');
  const ben = await signedIn(browser, 'ben@switchboard.demo');

  const first = await newUnassignedConversation('whatsapp');
  const { conversationId } = first;
  await anna.open(conversationId);
  await expect(anna.message(first.messageId)).toBeVisible();
  await anna.expectUnassigned();
  // Anna takes the conversation; Ben, watching, sees the hub has it as hers before she drops off.
  await anna.assignToMe();
  await ben.open(conversationId);
  await expect(ben.message(first.messageId)).toBeVisible();
  await expect(ben.conversation().getByText('Assigned to Anna Schmidt', { exact: true })).toBeVisible();

  await link.goOffline();
  await anna.waitStatus('offline');

  // While she is away, the team lead answers the customer and the customer writes again. (A lead
  // keeps Anna as the assignee; an agent's reply would take the conversation over — see the next test.)
  const tag = Date.now();
  const colleagueReply = `Martin here, I have checked your order (${tag})`;
  const { messageId: colleagueMessageId } = await replyAs(lead, conversationId, colleagueReply);
  const followUp = await injectFollowUp(lead, conversationId);
  await expect(ben.message(colleagueMessageId)).toBeVisible();
  await expect(ben.message(followUp.messageId)).toBeVisible();

  // Anna, still offline, answers what she last saw — twice.
  const kept = `Anna: let me look into it (${tag})`;
  const dropped = `Anna: one more thing (${tag})`;
  await anna.reply(kept);
  await anna.reply(dropped);
  await anna.expectMessageState(kept, 'pending');
  await anna.expectMessageState(dropped, 'pending');
  await expect(anna.outboxPending()).toHaveText('2 waiting to send');
  await expect(anna.message(colleagueMessageId)).toHaveCount(0);
  await expect(anna.message(followUp.messageId)).toHaveCount(0);

  // Back online, without a reload: she catches up on what happened…
  await link.goOnline();
  await expect(anna.message(colleagueMessageId)).toBeVisible({ timeout: RECONNECT_MS });
  await expect(anna.message(followUp.messageId)).toBeVisible();
  await expect(anna.message(colleagueMessageId)).toContainText('Martin Vogel');

  // …and her replies are held for review, with the reason, instead of going out.
  for (const text of [kept, dropped]) {
    await anna.expectMessageState(text, 'needs-attention');
    const reason = anna.messageWithText(text).getByRole('alert');
    await expect(reason).toContainText('the customer wrote 1 new message');
    await expect(reason).toContainText('a colleague replied 1 time');
  }
  await expect(anna.needsAttention()).toHaveText('2 need attention');
  await expect(anna.outboxPending()).toBeHidden();
  expect(await storedMessagesWithBody(lead, kept)).toHaveLength(0);
  expect(await storedMessagesWithBody(lead, dropped)).toHaveLength(0);
  await expect(ben.messageWithText(kept)).toHaveCount(0);

  // The badge leads to the Needs attention view, which lists the conversation.
  await anna.needsAttention().click();
  await expect(anna.page.getByRole('tab', { name: 'Needs attention' })).toHaveAttribute('aria-selected', 'true');
  await anna.reveal(conversationId);

  // Reviewed: one reply goes out anyway, exactly once…
  await anna.sendAnyway(kept);
  await anna.expectMessageState(kept, 'sent');
  await expect(anna.needsAttention()).toHaveText('1 need attention');
  await expect(ben.messageWithText(kept)).toBeVisible();
  await expect(ben.messageWithText(kept)).toHaveCount(1);
  expect(await storedMessagesWithBody(lead, kept)).toHaveLength(1);

  // …and the other is discarded: gone from the thread, never stored.
  await anna.discard(dropped);
  await expect(anna.messageWithText(dropped)).toHaveCount(0);
  await expect(anna.needsAttention()).toBeHidden();
  expect(await storedMessagesWithBody(lead, dropped)).toHaveLength(0);
  await expect(ben.messageWithText(dropped)).toHaveCount(0);
});

test('a reply queued offline while a colleague took the conversation over is held for review, not refused', async ({ browser }) => {
  test.setTimeout(90_000);
  const annaComputer = await browser.newContext();
  const link = OfflineLink.attach(annaComputer);
  const anna = await signIn(annaComputer, 'anna@switchboard.demo');
  const ben = await signedIn(browser, 'ben@switchboard.demo');

  const first = await newUnassignedConversation('email');
  const { conversationId } = first;
  await anna.open(conversationId);
  await ben.open(conversationId);
  await expect(anna.message(first.messageId)).toBeVisible();
  await anna.expectUnassigned();
  await ben.expectUnassigned();

  await link.goOffline();
  await anna.waitStatus('offline');

  const tag = Date.now();
  const benReply = `Ben: I will take this one (${tag})`;
  await ben.reply(benReply);
  await ben.expectMessageState(benReply, 'sent');
  const followUp = await injectFollowUp(lead, conversationId);
  await expect(ben.message(followUp.messageId)).toBeVisible();

  const annaReply = `Anna: written offline (${tag})`;
  await anna.reply(annaReply);
  await anna.expectMessageState(annaReply, 'pending');

  await link.goOnline();
  await expect(anna.messageWithText(benReply)).toBeVisible({ timeout: RECONNECT_MS });
  await expect(anna.message(followUp.messageId)).toBeVisible();
  // Wait for the hub's verdict, then check which one it was (no waiting out a timeout on failure).
  await expect(anna.messageWithText(annaReply)).not.toHaveAttribute('data-state', 'pending');
  expect(await storedMessagesWithBody(lead, annaReply)).toHaveLength(0);
  expect(await anna.messageWithText(annaReply).getAttribute('data-state')).toBe('needs-attention');
  await expect(anna.messageWithText(annaReply).getByRole('alert')).toContainText('a colleague replied 1 time');
  await expect(anna.needsAttention()).toHaveText('1 need attention');
});

test('in a German console, the hub’s refusal of a reply queued offline reads in German, and follows a language switch', async ({ browser }) => {
  test.setTimeout(90_000);
  const annaComputer = await browser.newContext();
  const link = OfflineLink.attach(annaComputer);
  const anna = await signIn(annaComputer, 'anna@switchboard.demo');
  const ben = await signedIn(browser, 'ben@switchboard.demo');

  const first = await newUnassignedConversation('chat');
  const { conversationId } = first;
  await anna.open(conversationId);
  await ben.open(conversationId);
  await anna.expectUnassigned();
  await ben.expectUnassigned();

  await link.goOffline();
  await anna.waitStatus('offline');
  const tag = Date.now();
  const benReply = `Ben: ich übernehme (${tag})`;
  await ben.reply(benReply);
  await ben.expectMessageState(benReply, 'sent');
  const annaReply = `Anna: offline geschrieben (${tag})`;
  await anna.reply(annaReply);
  await anna.expectMessageState(annaReply, 'pending');

  // Anna's console speaks German from here on (the display menu's language choice).
  await anna.page.getByRole('button', { name: 'Display' }).click();
  await anna.page.getByLabel('Language').selectOption('de');
  await expect(anna.page.locator('html')).toHaveAttribute('lang', 'de');
  await anna.page.keyboard.press('Escape');

  await link.goOnline();
  // The thread's name is German now: find the row by its message, not by the list's label.
  const row = anna.page.locator('[data-message-id]').filter({ hasText: annaReply });
  await expect(row).toHaveAttribute('data-state', 'needs-attention', { timeout: RECONNECT_MS });
  const reason = row.getByRole('alert');
  await expect(reason).toContainText('Nicht gesendet: Seit du das geschrieben hast, hat eine Kollegin oder ein Kollege 1-mal geantwortet');
  await expect(reason).toContainText('Prüfen und erneut senden oder verwerfen.');
  await expect(reason).not.toContainText('a colleague replied');

  // Back to English: the same stored refusal is worded anew.
  await anna.page.getByRole('button', { name: 'Anzeige' }).click();
  await anna.page.getByLabel('Sprache').selectOption('en');
  await expect(reason).toContainText('Not sent: since you wrote this, a colleague replied 1 time');
  await annaComputer.close();
});
