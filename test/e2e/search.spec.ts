import { expect, test } from '@playwright/test';
import type { Snapshot } from '../../src-shared/index.js';
import { hubUrl, smtpPort } from '../../playwright.config.js';
import { connectAs, mailNewConversation, transfer, unassign, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { SearchBox } from './pages/search-box.js';
import { WorkspacePage } from './pages/workspace-page.js';
import { DEMO_PASSWORD as PASSWORD, signIn } from './session.js';

/**
 * Offline full-text search (issue 5): the console indexes its cached history in a worker,
 * searches it offline, keeps the index across a reload (no re-indexing) and forgets what an
 * erase or a purge removed.
 */
let lead: TestSocket;

test.beforeAll(async () => {
  lead = await connectAs(hubUrl, 'lead@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  lead?.close();
});

type Ack<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

async function customerOf(conversationId: string): Promise<{ id: string; name: string }> {
  const ack = (await lead.timeout(10_000).emitWithAck('sync:bootstrap', { phase: 'queue', limit: 2000 })) as Ack<Snapshot>;
  if (!ack.ok) throw new Error(ack.error.message);
  const conversation = ack.data.conversations.find((c) => c.id === conversationId);
  const customer = ack.data.customers.find((c) => c.id === conversation?.customerId);
  if (!customer) throw new Error(`no customer for ${conversationId}`);
  return { id: customer.id, name: customer.name };
}

test('an agent finds cached mail offline; a reload does not re-index; erase and purge remove results', async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  // Words no generated demo message contains.
  const code = `zq${stamp}`;
  const mailA = {
    from: `Jörg Größmann <joerg.${stamp}@example.test>`,
    subject: `Reklamation ${stamp}`,
    text: `Grüße aus Köln! Die Kaffeemühle ${code} ist nach zwei Wochen defekt.`,
    // The HTML part's markup must not be searchable; the index reads the text part.
    html: `<p style="font-family:Verdanaquirk${stamp}">Grüße aus Köln! Die Kaffeemühle ${code} ist nach zwei Wochen defekt.</p>`,
  };
  const a = await mailNewConversation(lead, smtpPort, mailA as { from: string; subject: string; text: string });
  const b = await mailNewConversation(lead, smtpPort, {
    from: `Vera Wolf <vera.${stamp}@example.test>`,
    subject: `Vertrag ${stamp}`,
    text: `Bitte kündigen Sie meinen Vertrag ${code}b zum Monatsende.`,
  });
  for (const id of [a, b]) {
    await transfer(lead, id, 'sales');
    await unassign(lead, id);
  }

  const computer = await browser.newContext();
  const link = OfflineLink.attach(computer);
  const anna = await signIn(computer, 'anna@switchboard.demo');
  const search = new SearchBox(anna.page);

  // Ctrl+F and `/` both focus the box.
  await anna.page.keyboard.press('Control+f');
  await expect(search.input()).toBeFocused();
  await search.input().blur();
  await anna.page.keyboard.press('/');
  await expect(search.input()).toBeFocused();
  await expect(search.input()).toHaveValue('');

  await search.searchUntilFound(code, a);

  await link.goOffline();
  await anna.waitStatus('offline');
  // Umlauts folded or transcribed, a word still being typed as a prefix, every word required.
  await search.search(`koln ${code}`);
  await expect(search.result(a)).toBeVisible();
  await search.search(`kaffeemuehle ${code}`);
  await expect(search.result(a)).toBeVisible();
  await search.search(`${code} kaffeem`);
  await expect(search.result(a)).toBeVisible();
  await expect(search.result(a).locator('mark')).toHaveText(['Kaffeemühle', code]);
  await search.search(`kündigen ${code}b`);
  await expect(search.result(b)).toBeVisible();
  await expect(search.result(a)).toHaveCount(0);
  await search.search(`verdanaquirk${stamp}`);
  await expect(search.results()).toContainText('No cached message matches');
  // Choosing a result opens its conversation.
  await search.search(`koln ${code}`);
  await search.result(a).click();
  // The conversation opens; its queue row (virtualized: rendered only once scrolled to) is the selected one.
  await expect(anna.conversation()).toHaveAccessibleName('Conversation with Jörg Größmann');
  await anna.reveal(a);
  await expect(anna.queueRow(a)).toHaveAttribute('aria-selected', 'true');
  // The mail has an HTML part: the thread shows it in the sandboxed email frame.
  await expect(anna.thread().getByTestId('email-html')).toBeVisible();

  // A reload (still offline): the index is where it was — the worker re-indexes nothing. First let it
  // finish what the cache already holds (earlier specs leave the shared hub with history to index).
  await expect(search.root()).toHaveAttribute('data-indexing', 'false', { timeout: 60_000 });
  await expect(search.root()).toHaveAttribute('data-backlog', '0');
  await anna.page.reload();
  const reloaded = new WorkspacePage(anna.page);
  await reloaded.waitStatus('offline');
  const after = new SearchBox(anna.page);
  // Once the worker reports itself idle, count what it indexed since it started: nothing.
  await expect(after.root()).toHaveAttribute('data-indexing', 'false');
  expect(await after.root().getAttribute('data-indexed-session')).toBe('0');
  await expect(after.root()).toHaveAttribute('data-backlog', '0');
  expect(Number(await after.root().getAttribute('data-indexed'))).toBeGreaterThanOrEqual(2);
  await after.search(`koln ${code}`);
  await expect(after.result(a)).toBeVisible();

  // Back online: B moves to a team Anna is not in (purged from her cache), A's customer is erased.
  await link.goOnline();
  await reloaded.waitStatus('online', { timeout: 30_000 });
  await transfer(lead, b, 'marketing');
  await after.searchUntilGone(`${code}b`, b);
  const customer = await customerOf(a);
  const erase = (await lead.timeout(10_000).emitWithAck('customer:erase', { customerId: customer.id, confirmName: customer.name })) as Ack<unknown>;
  expect(erase.ok).toBe(true);
  await after.searchUntilGone(`kaffeemuhle ${code}`, a);
  await after.search(`${code} `);
  await expect(after.results()).toContainText('No cached message matches');
  await computer.close();
});
