import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Ack, Snapshot } from '../../src-shared/index.js';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, mailNewConversation, unassign, type TestSocket } from './hub-client.js';
import { DEMO_PASSWORD as PASSWORD, signedIn } from './session.js';

/**
 * The composer per channel (issue 5): an email reply with subject, cc and the quoted mail; a
 * forward; public vs private replies with the channel's length limit. Replies of the demo mailbox
 * are captured as .eml files in the hub's data directory (no relay), so the test reads the real mail.
 */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

/** The mail the hub sent for message `id` (demo mode writes it to <data dir>/email-outbox). */
async function capturedMail(id: string) {
  const file = join(process.env.E2E_DATA_DIR!, 'email-outbox', `${id}.eml`);
  return simpleParser(await readFile(file));
}

const addresses = (a: AddressObject | AddressObject[] | undefined) => (a ? (Array.isArray(a) ? a : [a]).flatMap((x) => x.value.map((v) => v.address)) : []);

test('an email reply with subject, cc and the quoted mail goes out as a threaded reply', async ({ browser }) => {
  const stamp = Date.now();
  const originalId = `kettle-${stamp}@example.test`;
  const conversationId = await mailNewConversation(lead, smtpPort, {
    from: `Tom Berger <tom.${stamp}@example.test>`,
    subject: `Leaking kettle ${stamp}`,
    text: 'My kettle leaks from the bottom.',
    messageId: `<${originalId}>`,
  });
  await unassign(lead, conversationId);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);
  const page = anna.page;
  await expect(page.getByRole('textbox', { name: 'To' })).toHaveValue(`tom.${stamp}@example.test`);
  await expect(page.getByRole('textbox', { name: 'Subject' })).toHaveValue(`Re: Leaking kettle ${stamp}`);

  await anna.messageWithText('My kettle leaks').getByRole('button', { name: 'Quote in reply' }).click();
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await expect(reply).toHaveValue(/wrote:\n> My kettle leaks from the bottom\./);
  await expect(page.getByTestId('composer-answering')).toContainText('Answers the mail of');
  await reply.fill(`We send a new one today ${stamp}.\n\n${await reply.inputValue()}`);

  // A bad cc blocks sending and says which address is wrong.
  const cc = page.getByRole('textbox', { name: 'Cc' });
  await cc.fill('warehouse@brightline.example, not-an-address');
  await expect(page.getByTestId('cc-error')).toContainText('not-an-address');
  await expect(page.getByRole('button', { name: 'Send reply' })).toBeDisabled();
  await cc.fill('warehouse@brightline.example; quality@brightline.example');
  await expect(page.getByTestId('cc-error')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Subject' }).fill(`Your new kettle ${stamp}`);
  await page.getByRole('button', { name: 'Send reply' }).click();

  const row = anna.messageWithText(`We send a new one today ${stamp}`);
  await expect(row).toHaveAttribute('data-delivery', 'sent', { timeout: 30_000 });
  await expect(row.getByTestId('outbound-meta')).toContainText('Cc: warehouse@brightline.example, quality@brightline.example');
  const mail = await capturedMail((await row.getAttribute('data-message-id'))!);
  expect(mail.subject).toBe(`Your new kettle ${stamp}`);
  expect(addresses(mail.to)).toEqual([`tom.${stamp}@example.test`]);
  expect(addresses(mail.cc)).toEqual(['warehouse@brightline.example', 'quality@brightline.example']);
  expect(mail.inReplyTo).toBe(`<${originalId}>`);
  expect(mail.text).toContain('> My kettle leaks from the bottom.');
  expect(mail.html).toBe(false);
  await anna.page.context().close();
});

test('an agent forwards a customer mail with a note; the forward is recorded in the thread', async ({ browser }) => {
  const stamp = Date.now();
  const conversationId = await mailNewConversation(lead, smtpPort, {
    from: `Lea Kraus <lea.${stamp}@example.test>`,
    subject: `Invoice question ${stamp}`,
    text: 'Invoice 4711 charges me twice.',
  });
  await unassign(lead, conversationId);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);
  const page = anna.page;
  await anna.messageWithText('Invoice 4711').getByRole('button', { name: 'Forward' }).click();
  const form = page.getByRole('form', { name: 'Forward this mail' });
  await expect(form.getByLabel('Forwarded text')).toContainText('---------- Forwarded message ----------');
  await expect(form.getByLabel('Forwarded text')).toContainText('Invoice 4711 charges me twice.');
  await form.getByLabel('Forward to').fill('accounting@');
  await expect(form.getByRole('button', { name: 'Send forward' })).toBeDisabled();
  await form.getByLabel('Forward to').fill('accounting@brightline.example');
  await form.getByLabel('Note (optional)').fill(`Please check the double charge ${stamp}`);
  await form.getByRole('button', { name: 'Send forward' }).click();
  await expect(form).toHaveCount(0);

  const row = anna.messageWithText(`Please check the double charge ${stamp}`);
  await expect(row.getByTestId('outbound-meta')).toContainText('Forwarded to accounting@brightline.example');
  await expect(row).toHaveAttribute('data-delivery', 'sent', { timeout: 30_000 });
  const mail = await capturedMail((await row.getAttribute('data-message-id'))!);
  expect(addresses(mail.to)).toEqual(['accounting@brightline.example']);
  expect(mail.subject).toBe(`Fwd: Invoice question ${stamp}`);
  expect(mail.inReplyTo).toBeUndefined();
  expect(mail.text).toContain(`Please check the double charge ${stamp}`);
  expect(mail.text).toContain('From: Lea Kraus <lea.');
  expect(mail.text).toContain('Invoice 4711 charges me twice.');
  await anna.page.context().close();
});

/** A demo X conversation of the wanted kind (the generator picks mentions and DMs at random). */
async function xConversation(kind: 'mention' | 'message'): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const { conversationId } = await injectCustomerMessage(lead, 'x');
    const ack = (await lead.timeout(10_000).emitWithAck('sync:bootstrap', { phase: 'queue', limit: 2000 })) as Ack<Snapshot>;
    if (ack.ok && ack.data.conversations.find((c) => c.id === conversationId)?.kind === kind) return conversationId;
  }
  throw new Error(`no X ${kind} conversation after 40 demo messages`);
}

test('an X mention: public reply by default with X’s length counting, or a private message', async ({ browser }) => {
  const conversationId = await xConversation('mention');
  await unassign(lead, conversationId);
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);
  const page = anna.page;
  await expect(page.getByRole('radio', { name: 'Reply publicly' })).toBeChecked();
  await expect(page.getByTestId('visibility-hint')).toHaveText(/Public: everyone who can see the post/);

  // 257 letters, a space and a long link: 281 as X counts (a link is 23), so it is blocked.
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await reply.fill(`${'a'.repeat(257)} https://www.example.com/${'x'.repeat(100)}`);
  await expect(page.getByTestId('length-counter')).toHaveText('281 / 280');
  await expect(page.getByTestId('length-error')).toContainText('each link counts as 23');
  await expect(page.getByRole('button', { name: 'Send reply' })).toBeDisabled();

  // As a private message the same text fits (X DMs take 10,000).
  await page.getByRole('radio', { name: 'Send private message' }).check();
  await expect(page.getByTestId('visibility-hint')).toHaveText(/Private: only the customer/);
  await expect(page.getByTestId('length-counter')).toHaveText(/ \/ 10000$/);
  const stamp = Date.now();
  await reply.fill(`Please send us your order number ${stamp}`);
  await page.getByRole('button', { name: 'Send reply' }).click();
  const row = anna.messageWithText(`Please send us your order number ${stamp}`);
  await expect(row.getByTestId('outbound-meta')).toHaveText('Private message');
  await expect(row).toHaveAttribute('data-delivery', 'sent', { timeout: 30_000 });

  // Back to public: a short reply goes out as a public reply tweet.
  await page.getByRole('radio', { name: 'Reply publicly' }).check();
  await reply.fill(`Sorry to hear that ${stamp}`);
  await page.getByRole('button', { name: 'Send reply' }).click();
  const publicRow = anna.messageWithText(`Sorry to hear that ${stamp}`);
  await expect(publicRow.getByTestId('outbound-meta')).toHaveText('Public reply');
  await expect(publicRow).toHaveAttribute('data-delivery', 'sent', { timeout: 30_000 });
  await anna.page.context().close();
});
