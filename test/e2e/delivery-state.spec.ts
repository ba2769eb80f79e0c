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

test('a reply the channel accepts shows as sent; one it cannot take is refused with the reason, in words', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const { conversationId } = await injectCustomerMessage(lead, 'whatsapp');
  await unassign(lead, conversationId);
  await anna.open(conversationId);

  // Through the demo's WhatsApp stand-in: the real sender delivers it.
  const fine = `Gern geschehen! (${Date.now()})`;
  await anna.reply(fine);
  await anna.expectDelivery(fine, 'sent');
  await expect(anna.messageWithText(fine)).toContainText('Sent to the customer');

  // WhatsApp takes at most 4,096 characters: the composer says so in words and does not send it…
  const marker = `Too long for WhatsApp (${Date.now()})`;
  const tooLong = `${marker} ${'x'.repeat(4_200)}`;
  await anna.page.getByLabel('Reply', { exact: true }).fill(tooLong);
  await expect(anna.page.getByTestId('length-error')).toContainText('of at most 4096 characters');
  await expect(anna.page.getByRole('button', { name: 'Send reply' })).toBeDisabled();
  // …and the hub refuses it from any client with the same reason, storing nothing.
  const ack = (await lead.timeout(10_000).emitWithAck('message:send', { clientId: 'e2e-lead-client', mutationId: crypto.randomUUID(), conversationId, messageId: crypto.randomUUID(), body: tooLong, direction: 'outbound' })) as { ok: boolean; error?: { code: string; message: string } };
  expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('at most 4096 characters') } });
  await expect(anna.messageWithText(marker)).toHaveCount(0);
});
