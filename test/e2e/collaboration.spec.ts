import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, injectCustomerMessage, transfer, unassign, type TestSocket } from './hub-client.js';
import { DEMO_PASSWORD as PASSWORD, signIn, signedIn } from './session.js';

/** Collaboration in the conversation view (issue 5): internal notes with @mentions and #hashtags. */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

test('a note’s @mention reaches the colleague in-app and natively; its #hashtags tag the conversation and can be removed', async ({ browser }) => {
  test.setTimeout(90_000);
  // Service is a team of both Anna and Ben, so both may see it.
  const { conversationId } = await injectCustomerMessage(lead, 'chat');
  await transfer(lead, conversationId, 'service');
  await unassign(lead, conversationId);

  // Ben works in the desktop console. The Electron binary is not available here: a recording
  // stand-in for the preload's typed `window.desktop` bridge (the real one is unit-tested).
  const benContext = await browser.newContext();
  await benContext.addInitScript(() => {
    const calls: { kind: string; arg: unknown }[] = [];
    Object.assign(window, {
      bridgeCalls: calls,
      desktop: {
        app: { info: async () => ({ version: 'test', platform: 'linux', hubUrl: null }) },
        notifications: {
          show: async (request: unknown) => void calls.push({ kind: 'notification', arg: request }),
          // Kept so the test can click the notification as the OS would report it.
          onClick: (cb: (conversationId: string) => void) => Object.assign(window, { clickNotification: cb }),
        },
        shell: { openExternal: async () => ({ ok: true }) },
        window: { setBadgeCount: async () => undefined },
      },
    });
  });
  const ben = await signIn(benContext, 'ben@switchboard.demo');
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  const badge = ben.page.getByTestId('mentions-badge');
  const before = Number((/\((\d+)\)/.exec((await badge.textContent()) ?? '') ?? [])[1] ?? 0);

  await anna.open(conversationId);
  await anna.page.getByRole('radio', { name: 'Internal note' }).check();
  // Generated messages may continue a conversation other specs already tagged: this run's tags carry
  // their own suffix, and only they are compared.
  const run = `x${Math.random().toString(36).slice(2, 8)}`;
  const ours = (tags: ReturnType<typeof anna.conversation>) => tags.getByRole('listitem').filter({ hasText: run });
  const note = `@Ben Mitchell can you check the refund? #Refund${run} #vip${run} (${Date.now()})`;
  await anna.page.getByRole('textbox', { name: 'Internal note' }).fill(note);
  await anna.page.getByRole('button', { name: 'Add note' }).click();
  await anna.expectMessageState(note, 'sent');

  // The tags show in the header of both consoles.
  const annaTags = anna.conversation().getByRole('list', { name: 'Tags' });
  await expect(ours(annaTags)).toHaveText([`#refund${run}×`, `#vip${run}×`]);

  // Ben: the badge counts the new mention, and the bridge showed a native notification.
  await expect(badge).toHaveText(`Mentions (${before + 1})`);
  const calls = () => ben.page.evaluate(() => (window as unknown as { bridgeCalls: { kind: string; arg: unknown }[] }).bridgeCalls);
  await expect
    .poll(calls)
    .toContainEqual({ kind: 'notification', arg: { title: 'Anna Schmidt mentioned you', body: note, conversationId } });
  // The list shows the note, unread.
  await badge.click();
  const list = ben.page.getByRole('region', { name: 'Mentions' });
  await expect(list.getByRole('button', { name: /Anna Schmidt on/ }).filter({ hasText: note })).toContainText('(new)');
  await badge.click();
  // Clicking the native notification opens the conversation, which reads the mention.
  await ben.page.evaluate((id) => (window as unknown as { clickNotification: (id: string) => void }).clickNotification(id), conversationId);
  await expect(ben.messageWithText(note)).toBeVisible();
  await expect(badge).toHaveText(before > 0 ? `Mentions (${before})` : 'Mentions');
  await badge.click();
  await expect(list.getByRole('button', { name: /Anna Schmidt on/ }).filter({ hasText: note })).not.toContainText('(new)');
  await list.getByRole('button', { name: /Anna Schmidt on/ }).filter({ hasText: note }).click();
  await expect(ben.conversation()).toBeVisible();

  // Ben removes a tag; Anna's header follows through the hub.
  const benTags = ben.conversation().getByRole('list', { name: 'Tags' });
  await expect(ours(benTags)).toHaveText([`#refund${run}×`, `#vip${run}×`]);
  await benTags.getByRole('button', { name: `Remove tag vip${run}` }).click();
  await expect(ours(benTags)).toHaveText([`#refund${run}×`]);
  await expect(ours(annaTags)).toHaveText([`#refund${run}×`]);
  await expect(ben.outboxPending()).toHaveCount(0);
});
