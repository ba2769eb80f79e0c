import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { Ack, Snapshot } from '../../src-shared/index.js';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, storedMessagesWithBody, type TestSocket } from './hub-client.js';
import { ChatPanel, WebsiteWithWidget } from './pages/chat-widget-page.js';
import { DEMO_PASSWORD, signedIn } from './session.js';

/** The demo mode's widget (src-hub/channels/chat/demo.ts); its chats go to the Service team. */
const DEMO_WIDGET = 'demo-widget';

let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', DEMO_PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

/** The conversation the hub stored a message with this exact text in. */
async function conversationWith(text: string): Promise<string> {
  let found: { conversationId: string }[] = [];
  await expect(async () => {
    found = await storedMessagesWithBody(lead, text);
    expect(found).toHaveLength(1);
  }).toPass();
  return found[0]!.conversationId;
}

test('a visitor chats on /chat while an agent answers in the console; typing shows, history comes back', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const visitorPage = await (await browser.newContext()).newPage();
  const chat = await ChatPanel.open(visitorPage, DEMO_WIDGET);

  await chat.start('Vera Visitor');
  const question = `Is the Nova 12 available in blue? (${randomUUID().slice(0, 8)})`;
  await chat.send(question);
  await expect(chat.message(question)).toHaveAttribute('data-state', 'sent');

  // The message entered the Service queue like any channel's; Anna opens it in her console.
  const conversationId = await conversationWith(question);
  await anna.open(conversationId);
  await expect(anna.messageWithText(question)).toBeVisible();
  await expect(anna.conversation()).toHaveAccessibleName('Conversation with Vera Visitor');

  // While Anna types her answer in the console, the visitor sees that she is typing.
  const answer = `Yes, in blue and black <b>both</b> (${randomUUID().slice(0, 8)})`;
  await anna.typeReply(answer);
  await expect(chat.typing()).toHaveText('Anna is typing…');
  await anna.sendReply();
  await anna.expectMessageState(answer, 'sent');
  // The reply appears in the widget as text (markup stays text), from Anna, and typing ends.
  await expect(chat.message(answer)).toContainText('Anna');
  await expect(chat.message(answer).locator('b')).toHaveCount(0);
  await expect(chat.typing()).toBeHidden();

  // The visitor comes back later: the token in localStorage brings the conversation back.
  await visitorPage.reload();
  await expect(chat.message(question)).toBeVisible();
  await expect(chat.message(answer)).toBeVisible();
  await expect(visitorPage.getByRole('form', { name: 'Start the chat' })).toBeHidden();
});

test('on a customer website the launcher opens the chat in an isolated frame; offline, the form becomes an email conversation', async ({ browser }) => {
  const widgetKey = `shop-${randomUUID().slice(0, 8)}`;
  // The customer's website: a real HTTP server on another port (another origin), with its own
  // hostile CSS; only the widget's script comes from the hub.
  const shop = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><style>button, iframe { display: none; } * { font-size: 40px !important; color: red !important; }</style></head>
      <body><h1>Shop</h1><script src="${hubUrl}/chat/widget.js" data-widget="${widgetKey}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  const website = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;

  // An admin sets up an after-hours widget that the website may embed.
  const admin = await connectAs(hubUrl, 'admin@switchboard.demo', DEMO_PASSWORD);
  const saved = (await admin.timeout(5_000).emitWithAck('channels:save', {
    channel: 'chat',
    name: 'Shop after hours',
    address: widgetKey,
    departmentId: 'service',
    settings: { allowedOrigins: [website], businessHours: { timeZone: 'Europe/Berlin', days: {} } },
  })) as Ack<unknown>;
  expect(saved.ok).toBe(true);
  admin.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${website}/`);
  const site = new WebsiteWithWidget(page);
  await expect(site.launcher()).toBeVisible();
  const chat = await site.openChat();

  // The page's scripts cannot reach into the chat: it runs on the hub's origin. (Polled: until the
  // frame has navigated, it holds the initial about:blank document, which the page may read; a frame
  // that stayed readable would fail here.)
  await expect
    .poll(() =>
      page.evaluate(() => {
        const frame = document.querySelector('switchboard-chat')?.shadowRoot?.querySelector('iframe');
        try {
          return frame?.contentDocument ? 'readable' : 'isolated';
        } catch {
          return 'isolated';
        }
      }),
    )
    .toBe('isolated');

  const text = `Please call me back about my order (${randomUUID().slice(0, 8)})`;
  await expect(chat.offlineForm()).toBeVisible();
  await chat.leaveMessage('Olga Offline', 'olga@example.org', text);
  await expect(chat.root.getByText('Thank you! We will answer by email at olga@example.org.')).toBeVisible();

  // It is an email conversation from Olga's address, so the agent's reply goes out by email.
  const conversationId = await conversationWith(text);
  const snapshot = (await lead.timeout(10_000).emitWithAck('sync:conversation', { conversationId })) as Ack<Snapshot>;
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  expect(snapshot.data.conversations[0]).toMatchObject({ channel: 'email', departmentId: 'service' });
  const identity = snapshot.data.identities.find((i) => i.channel === 'email');
  expect(identity?.handle).toBe('olga@example.org');

  // The close button inside the frame closes the panel on the website.
  await chat.root.getByRole('button', { name: 'Close chat' }).click();
  await expect(page.locator('switchboard-chat').getByRole('button', { name: 'Open chat' })).toBeVisible();
  await context.close();
  shop.close();
});

test('a chat link with an unknown widget key says the chat is not available', async ({ page }) => {
  await ChatPanel.open(page, 'no-such-widget');
  await expect(page.getByRole('alert')).toHaveText('This chat is not available (unknown or switched-off widget)');
  await expect(page.getByRole('log', { name: 'Messages' })).toBeHidden();
});
