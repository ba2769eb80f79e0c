import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronFake from './fake-electron.js';
import { FakeBrowserWindow, FakeNotification } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let run = 0;
/** Imports src-main/index.ts afresh (it does its work on import); a query makes each import new. */
async function startMain(): Promise<void> {
  run += 1;
  const specifier = `${new URL('../../../src-main/index.ts', import.meta.url).pathname}?run=${run}`;
  await import(/* @vite-ignore */ specifier);
}

let markReady: () => void;
beforeEach(() => {
  electronFake.resetElectronFake();
  electronFake.app.ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  vi.unstubAllEnvs();
});

async function becomeReady(): Promise<void> {
  markReady();
  await electronFake.app.ready;
  await new Promise((resolve) => setImmediate(resolve));
}

describe('main lifecycle', () => {
  it('quits at once when another instance holds the lock', async () => {
    electronFake.app.requestSingleInstanceLock.mockReturnValue(false);
    await startMain();
    expect(electronFake.app.quit).toHaveBeenCalledOnce();
    expect(electronFake.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(electronFake.app.whenReady).not.toHaveBeenCalled();
  });

  it('registers the scheme and guards before ready, then serves, handles IPC and opens one window', async () => {
    await startMain();
    expect(electronFake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(electronFake.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electronFake.app.listenerCount('web-contents-created')).toBe(1);
    expect(electronFake.protocol.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    await becomeReady();
    expect(electronFake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electronFake.ipcMain.handlers.size).toBe(4);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.loadURL).toHaveBeenCalledWith('app://switchboard/index.html');
    expect(String((window.options['webPreferences'] as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('focuses the window on a second launch and quits when all windows close (not on macOS)', async () => {
    await startMain();
    await becomeReady();
    const window = FakeBrowserWindow.instances[0]!;
    window.minimized = true;
    electronFake.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();

    electronFake.app.emit('window-all-closed');
    expect(electronFake.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('answers app:info and delivers a notification click only once the renderer has loaded', async () => {
    vi.stubEnv('SWITCHBOARD_HUB_URL', 'http://127.0.0.1:4000');
    await startMain();
    await becomeReady();
    const { webContents } = FakeBrowserWindow.instances[0]!;
    const invoke = (channel: string, ...args: unknown[]) =>
      electronFake.ipcMain.handlers.get(channel)!({ sender: webContents, senderFrame: webContents.mainFrame }, ...args);

    await expect(invoke('app:info')).resolves.toEqual({ version: '1.2.3', platform: process.platform, hubUrl: 'http://127.0.0.1:4000', languages: ['de-DE', 'en-US', 'de'] });

    await invoke('notifications:show', { title: 'New chat', body: 'Hi', conversationId: 'conv-1' });
    FakeNotification.instances[0]!.emit('click');
    expect(webContents.send).not.toHaveBeenCalled();
    webContents.emit('did-finish-load');
    expect(webContents.send).toHaveBeenCalledWith('notifications:clicked', { conversationId: 'conv-1' });
  });
});
