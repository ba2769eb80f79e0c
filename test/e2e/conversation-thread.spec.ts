import { expect, test } from '@playwright/test';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import { connectAs, mailNewConversation, unassign, type TestSocket } from './hub-client.js';
import { DEMO_PASSWORD as PASSWORD, signedIn } from './session.js';

/** The thread (issue 5): system events with who and when, from the hub and cached. */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('assignment, close and reopen show as system rows with who and when, in a colleague’s console and after a reload', async ({ browser }) => {
  const stamp = Date.now();
  const conversationId = await mailNewConversation(lead, smtpPort, { from: `Ida Roth <ida.${stamp}@example.test>`, subject: `Router blinks ${stamp}`, text: 'The router blinks red.' });
  await unassign(lead, conversationId);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);
  const system = anna.thread().locator('.message-system');
  // The lead's transfer to Service (how the test hands it to Anna's team) is the first event.
  await expect(system.filter({ hasText: 'transferred it to Service' })).toHaveCount(1);
  await anna.assignToMe();
  await expect(system.filter({ hasText: 'Anna Schmidt took the conversation' })).toHaveCount(1);
  await anna.conversation().getByRole('button', { name: 'Close' }).click();
  await expect(system.filter({ hasText: 'Anna Schmidt closed the conversation' })).toHaveCount(1);
  await anna.conversation().getByRole('button', { name: 'Reopen' }).click();
  await expect(system.filter({ hasText: 'Anna Schmidt reopened the conversation' })).toHaveCount(1);
  await expect(system.last().locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  // In order, after the customer's mail.
  await expect(system).toHaveText([/transferred it to Service/, /took the conversation/, /closed the conversation/, /reopened the conversation/]);

  // A colleague's console shows the same rows (hub data, not the local console's guess).
  const ben = await signedIn(browser, 'ben@switchboard.demo');
  await ben.open(conversationId);
  await expect(ben.thread().locator('.message-system')).toHaveText([/transferred it to Service/, /Anna Schmidt took the conversation/, /Anna Schmidt closed/, /Anna Schmidt reopened/]);
  // After a reload the console shows them again (from its cache, kept current by the change log).
  await ben.page.reload();
  await ben.open(conversationId);
  await expect(ben.thread().locator('.message-system')).toHaveCount(4);
  await ben.page.context().close();
  await anna.page.context().close();
});

test('a long thread keeps at most 100 rows in the DOM, opens at the newest message and follows new ones', async ({ browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const conversationId = await mailNewConversation(lead, smtpPort, { from: `Olga Long <olga.${stamp}@example.test>`, subject: `Long story ${stamp}`, text: `The first mail of a long thread ${stamp}.` });
  await unassign(lead, conversationId);
  // 400 notes by the lead (notes: nothing leaves for the customer's channel). They go in parallel
  // batches, so within a batch the hub's order (the thread's order) is not the numbering; the
  // last one is sent alone, after the others are stored, so it is the newest message.
  const notes = 400;
  const sendNote = (n: number) =>
    lead.timeout(30_000).emitWithAck('message:send', { clientId: 'e2e-lead-client', mutationId: crypto.randomUUID(), conversationId, messageId: crypto.randomUUID(), body: `Note ${n} of ${notes} (${stamp})${'\n…'.repeat((n - 1) % 4)}`, direction: 'note' });
  for (let i = 0; i < notes - 1; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, notes - 1 - i) }, (_, k) => sendNote(i + k + 1)));
  }
  await new Promise((r) => setTimeout(r, 5));
  await sendNote(notes);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);
  const rows = anna.thread().locator(':scope > li');
  // The newest note is on screen; the first mail is not even in the DOM.
  await expect(anna.messageWithText(`Note ${notes} of ${notes} (${stamp})`)).toBeInViewport();
  await expect(anna.messageWithText(`The first mail of a long thread ${stamp}`)).toHaveCount(0);
  expect(await rows.count()).toBeLessThanOrEqual(100);
  expect(await rows.count()).toBeGreaterThan(5);

  // Scrolled to the top, the first mail is rendered; still at most 100 rows.
  const scroller = anna.page.locator('.thread-scroll');
  await expect(async () => {
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await expect(anna.messageWithText(`The first mail of a long thread ${stamp}`)).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  expect(await rows.count()).toBeLessThanOrEqual(100);

  // Back at the bottom, a new message arrives live and the thread follows it.
  await expect(async () => {
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(anna.messageWithText(`Note ${notes} of ${notes} (${stamp})`)).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await lead.timeout(30_000).emitWithAck('message:send', { clientId: 'e2e-lead-client', mutationId: crypto.randomUUID(), conversationId, messageId: crypto.randomUUID(), body: `One more note ${stamp}`, direction: 'note' });
  await expect(anna.messageWithText(`One more note ${stamp}`)).toBeInViewport();
  expect(await rows.count()).toBeLessThanOrEqual(100);
  await anna.page.context().close();
});
