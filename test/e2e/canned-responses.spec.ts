import { expect, test } from '@playwright/test';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import { connectAs, mailNewConversation, transfer, unassign, type TestSocket } from './hub-client.js';
import { DEMO_PASSWORD as PASSWORD, signedIn } from './session.js';

/** Canned responses (issue 5): a lead maintains them, an agent inserts them — offline too. */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('a lead saves a canned response; an agent inserts it offline with customer, agent and order number filled', async ({ browser }) => {
  test.setTimeout(90_000);
  // A conversation whose every word the test wrote: a generated one may already name an order.
  const stamp = Date.now();
  const conversationId = await mailNewConversation(lead, smtpPort, {
    from: `Hannah Weber <hannah.${stamp}@example.test>`,
    subject: `Refund please ${stamp}`,
    text: 'Hello, I sent the parcel back two weeks ago. When do I get my money?',
  });
  await transfer(lead, conversationId, 'sales');
  await unassign(lead, conversationId);
  const title = `Refund started ${Date.now()}`;

  // The lead writes it in the composer's picker (online: it lives on the hub).
  const martin = await signedIn(browser, 'lead@switchboard.demo');
  await martin.open(conversationId);
  await martin.page.getByRole('button', { name: 'Canned responses' }).click();
  await martin.page.getByRole('button', { name: 'Manage canned responses' }).click();
  const editor = martin.page.getByRole('region', { name: 'Manage canned responses' });
  await editor.getByLabel('Title').fill(title);
  await editor.getByLabel('Text').fill('Hi {{customer.name}}, the refund for order {{order.number}} is on its way. {{agent.name}}');
  await editor.getByRole('button', { name: 'Save response' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved');

  // Anna's console has it cached; she works offline.
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await anna.open(conversationId);
  const customerName = (await anna.conversation().getByRole('heading', { level: 2 }).textContent())!;
  await anna.page.getByRole('button', { name: 'Canned responses' }).click();
  const picker = anna.page.getByRole('region', { name: 'Canned responses' });
  await expect(picker.getByRole('button', { name: `Insert ${title}` })).toBeVisible();
  await anna.page.context().setOffline(true);
  await anna.waitStatus('offline', { timeout: 30_000 });

  // No order number in the conversation: the placeholder stays visible.
  await picker.getByRole('button', { name: `Insert ${title}` }).click();
  const reply = anna.page.getByRole('textbox', { name: 'Reply' });
  await expect(reply).toHaveValue(`Hi ${customerName}, the refund for order {{order.number}} is on its way. Anna Schmidt`);

  // A number found in the conversation (here in a colleague's note) fills it.
  await reply.fill('');
  await anna.page.getByRole('radio', { name: 'Internal note' }).check();
  await anna.page.getByRole('textbox', { name: 'Internal note' }).fill('Customer said: order #A-55555');
  await anna.page.getByRole('button', { name: 'Add note' }).click();
  await anna.page.getByRole('radio', { name: 'Reply to customer' }).check();
  await anna.page.getByRole('button', { name: 'Canned responses' }).click();
  await picker.getByRole('button', { name: `Insert ${title}` }).click();
  await expect(reply).toHaveValue(`Hi ${customerName}, the refund for order A-55555 is on its way. Anna Schmidt`);

  // What the agent types wins.
  await reply.fill('');
  await anna.page.getByRole('button', { name: 'Canned responses' }).click();
  await picker.getByLabel('Order number').fill('B-777');
  await picker.getByRole('button', { name: `Insert ${title}` }).click();
  await expect(reply).toHaveValue(`Hi ${customerName}, the refund for order B-777 is on its way. Anna Schmidt`);
  await anna.page.context().setOffline(false);

  // Deleted by the lead: gone from Anna's cache too.
  await martin.page.getByRole('region', { name: 'Manage canned responses' }).getByRole('button', { name: `Delete ${title}` }).click();
  await anna.waitStatus('online', { timeout: 30_000 });
  await anna.page.getByRole('button', { name: 'Canned responses' }).click();
  await expect(picker.getByRole('button', { name: `Insert ${title}` })).toHaveCount(0);
});
