import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, transfer, unassign, type TestSocket } from './hub-client.js';
import { LoginPage } from './pages/login-page.js';
import { DEMO_PASSWORD as PASSWORD, signedIn } from './session.js';

let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('the login screen lists the demo accounts and rejects a wrong password', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await expect(login.demoAccounts()).toContainText('anna@switchboard.demo');
  await expect(login.demoAccounts()).toContainText('lead@switchboard.demo');
  await login.signIn('anna@switchboard.demo', 'wrong-password');
  await expect(login.error()).toHaveText('Wrong email or password');
});

test('a generated customer message appears live; a reply is stored and a second agent sees it live', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const ben = await signedIn(browser, 'ben@switchboard.demo');

  // The traffic generator writes through the real ingest path; both queues show it without a reload.
  const { conversationId } = await injectCustomerMessage(lead, 'whatsapp');
  await unassign(lead, conversationId);
  await anna.reveal(conversationId);
  await ben.reveal(conversationId);

  await anna.open(conversationId);
  await ben.open(conversationId);
  const replyText = `Hallo! Wir kümmern uns sofort darum. (${Date.now()})`;
  await anna.reply(replyText);

  // Anna sees her reply confirmed by the hub (not just the optimistic copy)…
  const annaMessage = anna.thread().locator('li', { hasText: replyText });
  await expect(annaMessage).toHaveAttribute('data-state', 'sent');
  // …and Ben sees it arrive, attributed to Anna, with the conversation now hers.
  const benMessage = ben.thread().locator('li', { hasText: replyText });
  await expect(benMessage).toBeVisible();
  await expect(benMessage).toContainText('Anna Schmidt');
  await expect(ben.page.getByText('Assigned to Anna Schmidt')).toBeVisible();
  // Answered conversations move down the queue; Ben finds it there with Anna's reply as snippet.
  await ben.reveal(conversationId);
  await expect(ben.queueRow(conversationId)).toContainText(replyText.slice(0, 40));

  // A further customer message lands in the same conversation for both.
  const again = await injectCustomerMessage(lead, 'whatsapp');
  if (again.conversationId === conversationId) {
    await expect(anna.message(again.messageId)).toBeVisible();
    await expect(ben.message(again.messageId)).toBeVisible();
  } else {
    // A new conversation may belong to a team Ben is not in (the generator picks at random).
    await unassign(lead, again.conversationId);
    await ben.reveal(again.conversationId);
  }
});

test('the reply survives a reload and signing out ends the session', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const { conversationId } = await injectCustomerMessage(lead, 'email');
  await unassign(lead, conversationId);
  await anna.open(conversationId);
  const text = `Thanks, we are on it (${Date.now()})`;
  await anna.reply(text);
  await expect(anna.thread().locator('li', { hasText: text })).toHaveAttribute('data-state', 'sent');

  await anna.page.reload();
  await anna.waitOnline();
  await anna.open(conversationId);
  await expect(anna.thread().locator('li', { hasText: text })).toBeVisible();

  await anna.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(anna.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a conversation moved to a team the agent is not in disappears from her cache', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo'); // Sales and Service
  const { conversationId, messageId } = await injectCustomerMessage(lead, 'chat');
  await unassign(lead, conversationId);
  await anna.open(conversationId);
  await expect(anna.message(messageId)).toBeVisible();

  await transfer(lead, conversationId, 'support');
  await expect(anna.page.getByText('This conversation is no longer available.')).toBeVisible();
  await expect(anna.queueRow(conversationId)).toHaveCount(0);
  // Purged from IndexedDB too, not just hidden.
  const cached = await anna.page.evaluate(
    async ([id, mid]) => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('switchboard:'));
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(names[0]!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const get = (store: string, key: string) =>
        new Promise<unknown>((resolve) => {
          const r = db.transaction(store).objectStore(store).get(key);
          r.onsuccess = () => resolve(r.result);
        });
      const result = { conversation: await get('conversations', id), message: await get('messages', mid) };
      db.close();
      return result;
    },
    [conversationId, messageId] as const,
  );
  expect(cached).toEqual({ conversation: undefined, message: undefined });

  // Back in her team's queue, it comes back.
  await transfer(lead, conversationId, 'service');
  await anna.reveal(conversationId);
});
