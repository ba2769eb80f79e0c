import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronFake from './fake-electron.js';
import { FakeNotification } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { getAppInfo, readHubUrl } = await import('../../../src-main/app-info.js');
const { setBadgeCount } = await import('../../../src-main/badge.js');
const { openExternalUrl } = await import('../../../src-main/shell.js');
const { setupNotifications } = await import('../../../src-main/notifications.js');
type MainWindow = import('../../../src-main/window.js').MainWindow;

beforeEach(() => electronFake.resetElectronFake());

describe('app info', () => {
  it('reports version, platform and the hub URL from the environment', () => {
    expect(getAppInfo({ SWITCHBOARD_HUB_URL: 'http://127.0.0.1:4000/' })).toEqual({
      version: '1.2.3',
      platform: process.platform,
      hubUrl: 'http://127.0.0.1:4000',
      languages: ['de-DE', 'en-US', 'de'],
    });
  });

  it('passes only language tags from the OS, without duplicates', () => {
    const app = electronFake.app as unknown as { getPreferredSystemLanguages: { mockReturnValue(v: string[]): void }; getLocale: { mockReturnValue(v: string): void } };
    app.getPreferredSystemLanguages.mockReturnValue(['en-GB', '<img src=x>', 'en-GB', '']);
    app.getLocale.mockReturnValue('en-GB');
    expect(getAppInfo({}).languages).toEqual(['en-GB']);
  });

  it.each([
    [undefined, null],
    ['', null],
    ['  https://hub.example.com  ', 'https://hub.example.com'],
    ['https://hub.example.com/base/', 'https://hub.example.com/base'],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['https://user:pw@hub.example.com', null],
    ['not a url', null],
  ])('hub URL %j → %j', (raw, expected) => {
    expect(readHubUrl(raw === undefined ? {} : { SWITCHBOARD_HUB_URL: raw })).toBe(expected);
  });
});

describe('badge', () => {
  it('sets the app badge count', () => {
    setBadgeCount(5);
    expect(electronFake.app.setBadgeCount).toHaveBeenCalledWith(5);
  });
});

describe('openExternalUrl', () => {
  it('opens the normalized URL when allowed', async () => {
    await expect(openExternalUrl('HTTPS://Example.com')).resolves.toEqual({ ok: true });
    expect(electronFake.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('refuses without calling the OS', async () => {
    await expect(openExternalUrl('file:///etc/passwd')).resolves.toEqual({ ok: false, reason: 'scheme-not-allowed' });
    await expect(openExternalUrl('tel:x;javascript:alert(1)')).resolves.toEqual({ ok: false, reason: 'invalid-address' });
    expect(electronFake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('reports an OS failure as open-failed', async () => {
    electronFake.shell.openExternal.mockRejectedValueOnce(new Error('no handler for sip'));
    await expect(openExternalUrl('sip:alice@pbx.example.com')).resolves.toEqual({ ok: false, reason: 'open-failed' });
  });
});

describe('notifications', () => {
  function fakeWindow() {
    return { focus: vi.fn(), get: vi.fn(), open: vi.fn(), events: { send: vi.fn() } } satisfies MainWindow;
  }

  it('shows a native notification; a click focuses the window and reports the conversation', () => {
    const window = fakeWindow();
    setupNotifications(window).show({ title: 'New chat', body: 'Hi', conversationId: 'conv-9' });
    const [notification] = FakeNotification.instances;
    expect(notification?.options).toEqual({ title: 'New chat', body: 'Hi' });
    expect(notification?.show).toHaveBeenCalledOnce();
    expect(window.focus).not.toHaveBeenCalled();
    notification!.emit('click');
    expect(window.focus).toHaveBeenCalledOnce();
    expect(window.events.send).toHaveBeenCalledWith('notifications:clicked', { conversationId: 'conv-9' });
  });

  it('only focuses when there is no conversation', () => {
    const window = fakeWindow();
    setupNotifications(window).show({ title: 'Queue', body: '3 waiting' });
    FakeNotification.instances[0]!.emit('click');
    expect(window.focus).toHaveBeenCalledOnce();
    expect(window.events.send).not.toHaveBeenCalled();
  });

  it('does nothing where notifications are unsupported', () => {
    FakeNotification.supported = false;
    setupNotifications(fakeWindow()).show({ title: 't', body: 'b' });
    expect(FakeNotification.instances).toHaveLength(0);
  });
});
