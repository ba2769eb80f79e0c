import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, unassign, type TestSocket } from './hub-client.js';
import { DEMO_PASSWORD as PASSWORD, signedIn } from './session.js';

let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('a reply the channel accepts shows as sent; one it cannot take shows why, in words', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const { conversationId } = await injectCustomerMessage(lead, 'whatsapp');
  await unassign(lead, conversationId);
  await anna.open(conversationId);

  // Through the demo's WhatsApp stand-in: the real sender delivers it.
  const fine = `Gern geschehen! (${Date.now()})`;
  await anna.reply(fine);
  await anna.expectDelivery(fine, 'sent');
  await expect(anna.messageWithText(fine)).toContainText('Sent to the customer');

  // WhatsApp takes at most 4,096 characters: the hub's sender refuses it before any call, for good.
  const marker = `Too long for WhatsApp (${Date.now()})`;
  const tooLong = `${marker} ${'x'.repeat(4_200)}`;
  await anna.reply(tooLong);
  await anna.expectDelivery(marker, 'failed');
  await expect(anna.messageWithText(marker)).toContainText('Not delivered');
  await expect(anna.deliveryError(marker)).toContainText('at most 4096 characters');
  // The outbox part went fine: the hub stored the reply; only the channel refused it.
  await expect(anna.messageWithText(marker)).toHaveAttribute('data-state', 'sent');
});
