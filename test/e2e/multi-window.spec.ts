/**
 * One sync runner per profile: of several windows showing the same cache, only the holder of the
 * Web Lock talks to the hub; the others stand by on the shared IndexedDB and take over when it goes.
 */
import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, injectFollowUp, storedMessagesWithBody, unassign, type TestSocket } from './hub-client.js';
import { anotherWindow, DEMO_PASSWORD, signedIn } from './session.js';

let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('a second window stands by, sends through the syncing window, and takes over when that one closes', async ({ browser }) => {
  const leader = await signedIn(browser, 'anna@switchboard.demo');
  const second = await anotherWindow(leader);

  await second.waitStatus('standby');
  await expect(second.status()).toHaveText('Synced by another Switchboard window');
  await expect(leader.status()).toHaveAttribute('data-status', 'online');

  // The standby window shows what the leader syncs into the shared cache…
  const injected = await injectCustomerMessage(lead, 'chat');
  await unassign(lead, injected.conversationId);
  await second.open(injected.conversationId);
  await expect(second.message(injected.messageId)).toBeVisible();
  await second.expectUnassigned();

  // …and a reply written there goes out through the leader, once.
  const text = `Written in the second window (${Date.now()})`;
  await second.reply(text);
  await second.expectMessageState(text, 'sent');
  await leader.open(injected.conversationId);
  await leader.expectMessageState(text, 'sent');
  await expect(second.messageWithText(text)).toHaveCount(1);
  expect(await storedMessagesWithBody(lead, text)).toHaveLength(1);
  await expect(second.status()).toHaveAttribute('data-status', 'standby');

  // Closing the leader releases the lock; the other window takes over the sync…
  await leader.page.close();
  await second.waitOnline();

  // …and keeps receiving live messages.
  const followUp = await injectFollowUp(lead, injected.conversationId);
  await expect(second.message(followUp.messageId)).toBeVisible();
});
