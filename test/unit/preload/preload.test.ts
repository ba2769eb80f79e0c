import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronFake from '../main/fake-electron.js';

vi.mock('electron', () => import('../main/fake-electron.js'));

type DesktopApi = import('../../../src-preload/contract/desktop-api.js').DesktopApi;

let api: DesktopApi;
let exposeCalls: unknown[][];

beforeAll(async () => {
  electronFake.resetElectronFake();
  await import('../../../src-preload/index.js');
  exposeCalls = electronFake.contextBridge.exposeInMainWorld.mock.calls;
  api = exposeCalls[0]![1] as DesktopApi;
});

beforeEach(() => {
  // Keep contextBridge's record from the import; give each test a fresh ipcRenderer.
  electronFake.ipcRenderer.removeAllListeners();
  electronFake.ipcRenderer.invoke.mockReset();
  electronFake.ipcRenderer.invoke.mockResolvedValue(undefined);
});

/** Every path to a leaf of the exposed object, with the leaf's type. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [`${prefix}:${typeof value}`];
  return Object.entries(value).flatMap(([key, child]) => shape(child, prefix === '' ? key : `${prefix}.${key}`));
}

describe('preload bridge', () => {
  it('exposes exactly the named API as window.desktop, once', () => {
    expect(exposeCalls).toHaveLength(1);
    expect(exposeCalls[0]![0]).toBe('desktop');
    expect(shape(api).sort()).toEqual([
      'app.info:function',
      'notifications.onClick:function',
      'notifications.show:function',
      'shell.openExternal:function',
      'window.setBadgeCount:function',
    ]);
  });

  it('never exposes ipcRenderer or a generic send', () => {
    const values = [api, ...Object.values(api), ...Object.values(api).flatMap((group) => Object.values(group))];
    expect(values).not.toContain(electronFake.ipcRenderer);
    expect(values).not.toContain(electronFake.ipcRenderer.invoke);
    expect(JSON.stringify(shape(api))).not.toMatch(/send|invoke|ipc/i);
  });

  it('maps each call to its channel with plain arguments', async () => {
    electronFake.ipcRenderer.invoke.mockResolvedValueOnce({ version: '1', platform: 'linux', hubUrl: null });
    await expect(api.app.info()).resolves.toEqual({ version: '1', platform: 'linux', hubUrl: null });
    await api.notifications.show({ title: 't', body: 'b', conversationId: 'c', extra: () => 1 } as never);
    await api.shell.openExternal('https://example.com');
    await api.window.setBadgeCount(3);
    expect(electronFake.ipcRenderer.invoke.mock.calls).toEqual([
      ['app:info'],
      ['notifications:show', { title: 't', body: 'b', conversationId: 'c' }],
      ['shell:open-external', 'https://example.com'],
      ['window:set-badge-count', 3],
    ]);
  });

  it.each([
    ['notifications.show(null)', () => api.notifications.show(null as never)],
    ['notifications.show without body', () => api.notifications.show({ title: 't' } as never)],
    ['notifications.show with a numeric conversationId', () => api.notifications.show({ title: 't', body: 'b', conversationId: 1 } as never)],
    ['shell.openExternal(URL object)', () => api.shell.openExternal(new URL('https://x.example') as never)],
    ['window.setBadgeCount(-1)', () => api.window.setBadgeCount(-1)],
    ['window.setBadgeCount(NaN)', () => api.window.setBadgeCount(Number.NaN)],
    ['window.setBadgeCount("2")', () => api.window.setBadgeCount('2' as never)],
  ])('rejects %s without sending', async (_name, call) => {
    await expect(call()).rejects.toThrow(TypeError);
    expect(electronFake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});

describe('notifications.onClick', () => {
  const channel = 'notifications:clicked';
  const fakeIpcEvent = { sender: electronFake.ipcRenderer, senderId: 0 };

  it('passes only the conversation id, never the IPC event', () => {
    const cb = vi.fn();
    api.notifications.onClick(cb);
    electronFake.ipcRenderer.emit(channel, fakeIpcEvent, { conversationId: 'conv-1' });
    expect(cb.mock.calls).toEqual([['conv-1']]);
  });

  it('ignores malformed payloads', () => {
    const cb = vi.fn();
    api.notifications.onClick(cb);
    electronFake.ipcRenderer.emit(channel, fakeIpcEvent, { conversationId: 42 });
    electronFake.ipcRenderer.emit(channel, fakeIpcEvent, null);
    expect(cb).not.toHaveBeenCalled();
  });

  it('removes the listener when the signal aborts', () => {
    const cb = vi.fn();
    const controller = new AbortController();
    api.notifications.onClick(cb, controller.signal);
    expect(electronFake.ipcRenderer.listenerCount(channel)).toBe(1);
    electronFake.ipcRenderer.emit(channel, fakeIpcEvent, { conversationId: 'a' });
    controller.abort();
    expect(electronFake.ipcRenderer.listenerCount(channel)).toBe(0);
    electronFake.ipcRenderer.emit(channel, fakeIpcEvent, { conversationId: 'b' });
    expect(cb.mock.calls).toEqual([['a']]);
  });

  it('does not subscribe with an already-aborted signal', () => {
    const cb = vi.fn();
    api.notifications.onClick(cb, AbortSignal.abort());
    expect(electronFake.ipcRenderer.listenerCount(channel)).toBe(0);
  });

  it('rejects a non-function callback', () => {
    expect(() => api.notifications.onClick('alert(1)' as never)).toThrow(TypeError);
    expect(electronFake.ipcRenderer.listenerCount(channel)).toBe(0);
  });
});
