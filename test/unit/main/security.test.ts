import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronFake from './fake-electron.js';
import { FakeWebContents } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { guardPermissions, guardWebContents, setupSecurity } = await import('../../../src-main/security.js');

type Navigate = (event: { preventDefault(): void }, url: string) => void;

function guarded(): FakeWebContents {
  const contents = new FakeWebContents();
  guardWebContents(contents as never);
  return contents;
}

function navigate(contents: FakeWebContents, eventName: string, url: string): boolean {
  const event = { preventDefault: vi.fn() };
  for (const listener of contents.listeners(eventName) as Navigate[]) listener(event, url);
  return event.preventDefault.mock.calls.length > 0;
}

beforeEach(() => {
  electronFake.resetElectronFake();
  vi.unstubAllEnvs();
});

describe('navigation guards', () => {
  it.each(['will-navigate', 'will-redirect'])('%s: denies leaving the app origin', (eventName) => {
    const contents = guarded();
    expect(navigate(contents, eventName, 'https://evil.example/')).toBe(true);
    expect(navigate(contents, eventName, 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, eventName, 'app://switchboard.evil/')).toBe(true);
    expect(navigate(contents, eventName, 'javascript:alert(1)')).toBe(true);
    expect(navigate(contents, eventName, 'http://localhost:5173/')).toBe(true);
    expect(navigate(contents, eventName, 'app://switchboard/index.html')).toBe(false);
  });

  it('allows the dev server only in dev', () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/');
    expect(navigate(guarded(), 'will-navigate', 'http://localhost:5173/')).toBe(false);
    expect(navigate(guarded(), 'will-navigate', 'http://localhost:5174/')).toBe(true);
  });

  it('blocks webview attachment', () => {
    const contents = guarded();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('window.open', () => {
  it('always denies, and opens only allowlisted URLs externally', async () => {
    const contents = guarded();
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://example.com/doc' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://switchboard/index.html' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'tel:+15551234567' })).toEqual({ action: 'deny' });
    expect(electronFake.shell.openExternal.mock.calls).toEqual([['https://example.com/doc'], ['tel:+15551234567']]);
  });
});

describe('permissions', () => {
  function handlers() {
    const target = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    guardPermissions(target as never);
    const request = target.setPermissionRequestHandler.mock.calls[0]![0] as (
      wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string },
    ) => void;
    const check = target.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, permission: string, origin: string) => boolean;
    const ask = (permission: string, requestingUrl: string): boolean => {
      const cb = vi.fn();
      request(null, permission, cb, { requestingUrl });
      expect(cb).toHaveBeenCalledOnce();
      return cb.mock.calls[0]![0] as boolean;
    };
    return { ask, check };
  }

  it('grants notifications to the app and denies everything else', () => {
    const { ask, check } = handlers();
    expect(ask('notifications', 'app://switchboard/index.html')).toBe(true);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'display-capture', 'unknown']) {
      expect(ask(permission, 'app://switchboard/index.html')).toBe(false);
    }
    expect(check(null, 'notifications', 'app://switchboard')).toBe(true);
    expect(check(null, 'notifications', 'https://evil.example')).toBe(false);
    expect(check(null, 'media', 'app://switchboard')).toBe(false);
  });
});

describe('setupSecurity', () => {
  it('enables the global sandbox, guards every new web contents and the default session', async () => {
    setupSecurity();
    expect(electronFake.app.enableSandbox).toHaveBeenCalledOnce();
    const contents = new FakeWebContents();
    electronFake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    await electronFake.app.ready;
    await Promise.resolve();
    expect(electronFake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electronFake.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
  });
});
