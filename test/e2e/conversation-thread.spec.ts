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
