import { expect, test } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';
import { connectAs, type TestSocket } from './hub-client.js';
import { OfflineLink } from './offline-link.js';
import { ChannelsPage } from './pages/channels-page.js';
import { DEMO_PASSWORD as PASSWORD, signIn, signedIn } from './session.js';

let admin: TestSocket;

test.beforeAll(async () => {
  admin = await connectAs(hubUrl, 'admin@switchboard.demo', PASSWORD);
});

test.afterAll(() => {
  admin?.close();
});

test('an admin adds a mailbox, edits it without ever seeing its password, disables and removes it', async ({ browser }) => {
  const workspace = await signedIn(browser, 'admin@switchboard.demo');
  const channels = new ChannelsPage(workspace.page);
  await channels.open();
  // The demo's own accounts are listed (the seeded chat widget among them).
  await expect(channels.table().getByRole('cell', { name: 'demo-widget', exact: true })).toHaveCount(1);

  const tag = Date.now();
  const name = `Returns ${tag}`;
  const address = `returns-${tag}@company.example`;
  const password = `relay-pw-${tag}-Secret`;

  await channels.startNew('Email mailbox');
  await channels.field('Name').fill(name);
  await channels.field('Mailbox address').fill(address);
  await channels.field('Team').selectOption({ label: 'Support' });
  await channels.field('Relay host').fill('smtp.company.example');
  await channels.field('Relay port').fill('587');
  await channels.field('Relay user').fill('returns');
  await channels.field('Relay password').fill(password);
  await channels.save();
  await expect(channels.row(name)).toContainText(address);
  await expect(channels.row(name)).toContainText('Support');

  // The hub stored it, with the password as a set secret (and only its name comes back).
  const listed = await admin.timeout(10_000).emitWithAck('channels:list', { channel: 'email' });
  if (!listed.ok) throw new Error(listed.error.message);
  const stored = listed.data.accounts.find((a: { address: string }) => a.address === address);
  expect(stored?.secretsSet).toEqual(['relayPassword']);
  expect(stored?.settings).toEqual({ relay: { host: 'smtp.company.example', port: 587, secure: false, user: 'returns' } });
  expect(JSON.stringify(listed.data)).not.toContain(password);

  // Editing shows that the password is set, never what it is.
  await channels.edit(name);
  await expect(channels.secretState('relayPassword')).toHaveText('set');
  await expect(channels.secretState('imapPassword')).toHaveText('not set');
  await expect(channels.field('Replace relay password')).toHaveValue('');
  await expect(channels.field('Relay host')).toHaveValue('smtp.company.example');
  expect(await workspace.page.content()).not.toContain(password);
  await channels.field('Team').selectOption({ label: 'Sales' });
  await channels.save();
  await expect(channels.row(name)).toContainText('Sales');
  const after = await admin.timeout(10_000).emitWithAck('channels:list', { channel: 'email' });
  if (!after.ok) throw new Error(after.error.message);
  expect(after.data.accounts.find((a: { address: string }) => a.address === address)).toMatchObject({ departmentId: 'sales', secretsSet: ['relayPassword'] });

  // Replacing and removing a credential, still without seeing it.
  await channels.edit(name);
  await channels.field('Replace relay password').fill(`${password}-2`);
  await channels.save();
  await expect(channels.row(name)).toBeVisible();
  await channels.edit(name);
  await expect(channels.secretState('relayPassword')).toHaveText('set');
  expect(await workspace.page.content()).not.toContain(`${password}-2`);
  await channels.form().getByLabel('Remove the stored relay password').check();
  await channels.save();
  await expect(channels.row(name)).toBeVisible();
  const cleared = await admin.timeout(10_000).emitWithAck('channels:list', { channel: 'email' });
  if (!cleared.ok) throw new Error(cleared.error.message);
  expect(cleared.data.accounts.find((a: { address: string }) => a.address === address)?.secretsSet).toEqual([]);
  await channels.edit(name);
  await expect(channels.secretState('relayPassword')).toHaveText('not set');
  await channels.form().getByRole('button', { name: 'Cancel' }).click();

  // The hub's refusal is shown as it says it: a second mailbox with the same address.
  await channels.startNew('Email mailbox');
  await channels.field('Name').fill(`Duplicate ${tag}`);
  await channels.field('Mailbox address').fill(address);
  await channels.save();
  // Worded by the console from the hub's reason: the channel by its display name.
  await expect(channels.saveError()).toContainText(`Another Email account already uses ${address}`);
  await channels.form().getByRole('button', { name: 'Cancel' }).click();

  // Disable, then remove after confirming.
  await channels.row(name).getByRole('button', { name: `Disable ${name}` }).click();
  await expect(channels.row(name)).toContainText('Disabled');
  await channels.row(name).getByRole('button', { name: `Remove ${name}` }).click();
  await expect(channels.row(name)).toContainText('Its conversations stay');
  await channels.row(name).getByRole('button', { name: 'Remove for good' }).click();
  await expect(channels.row(name)).toHaveCount(0);
});

test('a chat widget shows its script tag; secrets of the demo accounts stay hidden', async ({ browser }) => {
  const workspace = await signedIn(browser, 'admin@switchboard.demo');
  const channels = new ChannelsPage(workspace.page);
  await channels.open();
  const widget = channels.table().getByRole('row').filter({ hasText: 'demo-widget' });
  await widget.getByRole('button', { name: /^Edit / }).click();
  await expect(channels.field('Script tag for the website')).toHaveValue(
    `<script src="${hubUrl}/chat/widget.js" data-widget="demo-widget" async></script>`,
  );
  await channels.form().getByRole('button', { name: 'Cancel' }).click();

  const whatsapp = channels.table().getByRole('row').filter({ hasText: 'WhatsApp' }).first();
  await whatsapp.getByRole('button', { name: /^Edit / }).click();
  await expect(channels.secretState('accessToken')).toHaveText('set');
  await expect(channels.field('Replace access token')).toHaveValue('');
});

test('an agent has no channel settings', async ({ browser }) => {
  const anna = await signedIn(browser, 'anna@switchboard.demo');
  await expect(anna.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(new ChannelsPage(anna.page).entry()).toHaveCount(0);
  // The hub refuses the events to her as well.
  const socket = await connectAs(hubUrl, 'anna@switchboard.demo', PASSWORD);
  try {
    const ack = await socket.timeout(10_000).emitWithAck('channels:list', {});
    expect(ack.ok ? 'ok' : ack.error.code).toBe('forbidden');
  } finally {
    socket.close();
  }
});

test('offline, the Channels screen says it needs a connection and comes back by itself', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext();
  const link = OfflineLink.attach(context);
  const workspace = await signIn(context, 'admin@switchboard.demo');
  const channels = new ChannelsPage(workspace.page);
  await channels.open();
  await expect(channels.table()).toBeVisible();

  await link.goOffline();
  await expect(channels.linkNotice()).toHaveAttribute('data-link', 'offline');
  await expect(channels.linkNotice()).toContainText('need a connection to the hub');
  await expect(channels.table()).toHaveCount(0);

  // Meanwhile another admin adds an account; the screen shows it after reconnecting (no stale list).
  const name = `Added while offline ${Date.now()}`;
  const saved = await admin.timeout(10_000).emitWithAck('channels:save', { channel: 'x', name, address: `${Date.now()}`, departmentId: 'support' });
  if (!saved.ok) throw new Error(saved.error.message);

  await link.goOnline();
  await expect(channels.table()).toBeVisible({ timeout: 30_000 });
  await expect(channels.linkNotice()).toHaveCount(0);
  await expect(channels.row(name)).toBeVisible();
  await admin.timeout(10_000).emitWithAck('channels:remove', { id: saved.data.account.id });
});
