import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, transfer, unassign, type TestSocket } from './hub-client.js';
import { DEMO_PASSWORD as PASSWORD, signedIn } from './session.js';

/** Collision (issue 5): who else is viewing or typing in a conversation, live. */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('two agents in one conversation see each other viewing and typing, and the other leaving', async ({ browser }) => {
  test.setTimeout(90_000);
  const { conversationId } = await injectCustomerMessage(lead, 'email');
  await transfer(lead, conversationId, 'service');
  await unassign(lead, conversationId);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const ben = await signedIn(browser, 'ben@switchboard.demo');

  await ben.open(conversationId);
  const benSees = ben.page.getByTestId('collision');
  await expect(benSees).toHaveText('');
  await anna.open(conversationId);
  await expect(benSees).toHaveText('Also viewing: Anna Schmidt');
  await expect(anna.page.getByTestId('collision')).toHaveText('Also viewing: Ben Mitchell');

  // Anna writes a note: Ben sees her typing, and that it stopped once she added it.
  await anna.page.getByRole('radio', { name: 'Internal note' }).check();
  await anna.page.getByRole('textbox', { name: 'Internal note' }).pressSequentially('Looking into it', { delay: 20 });
  await expect(benSees).toHaveText('Anna Schmidt is typing…');
  await anna.page.getByRole('button', { name: 'Add note' }).click();
  await expect(benSees).toHaveText('Also viewing: Anna Schmidt');

  // Offline, Ben's console shows no one rather than what it heard last; back online, Anna again.
  await ben.page.context().setOffline(true);
  await ben.waitStatus('offline', { timeout: 30_000 });
  await expect(benSees).toHaveText('');
  await ben.page.context().setOffline(false);
  await ben.waitStatus('online', { timeout: 30_000 });
  await expect(benSees).toHaveText('Also viewing: Anna Schmidt');

  // Anna closes her console: Ben sees her gone.
  await anna.page.close();
  await expect(benSees).toHaveText('', { timeout: 15_000 });
});
