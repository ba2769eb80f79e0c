import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fakeFrame, ipcMain, resetElectronFake, type FakeFrame } from './fake-electron.js';
import * as electronFake from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { setupIpc } = await import('../../../src-main/ipc.js');
type Handlers = import('../../../src-main/ipc.js').InvokeHandlers;

function setup() {
  resetElectronFake();
  const window = new FakeBrowserWindow({});
  const handlers = {
    'app:info': vi.fn(() => ({ version: '1.2.3', platform: 'linux', hubUrl: null, languages: ['en-US'] })),
    'notifications:show': vi.fn(() => undefined),
    'shell:open-external': vi.fn(async () => ({ ok: true as const })),
    'window:set-badge-count': vi.fn(() => undefined),
  } satisfies Handlers;
  setupIpc(handlers, () => window as never);
  return { window, handlers };
}

/** Calls the registered ipcMain handler the way Electron would. */
function call(channel: string, sender: unknown, senderFrame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
  const handler = electronFake.ipcMain.handlers.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return Promise.resolve().then(() => handler({ sender, senderFrame }, ...args));
}

describe('setupIpc', () => {
  let ctx: ReturnType<typeof setup>;
  beforeEach(() => {
    ctx = setup();
  });

  it('registers exactly the contract channels', () => {
    expect([...electronFake.ipcMain.handlers.keys()].sort()).toEqual(
      ['app:info', 'notifications:show', 'shell:open-external', 'window:set-badge-count'],
    );
    expect(ipcMain).toBe(electronFake.ipcMain);
  });

  it("accepts the app's main frame", async () => {
    const { webContents } = ctx.window;
    await expect(call('app:info', webContents, webContents.mainFrame)).resolves.toEqual({
      version: '1.2.3',
      platform: 'linux',
      hubUrl: null,
      languages: ['en-US'],
    });
    await call('window:set-badge-count', webContents, webContents.mainFrame, 7);
    expect(ctx.handlers['window:set-badge-count']).toHaveBeenCalledWith(7);
  });

  it.each([
    ['another origin', () => fakeFrame('https://evil.example/')],
    ['a look-alike host', () => fakeFrame('app://switchboard.evil/index.html')],
    ['a file:// page', () => fakeFrame('file:///tmp/index.html')],
    ['a subframe on our origin', () => fakeFrame('app://switchboard/frame.html', { parent: fakeFrame('app://switchboard/'), frameToken: 'sub' })],
    ['a different frame token', () => fakeFrame('app://switchboard/index.html', { frameToken: 'other' })],
    ['a destroyed frame', () => fakeFrame('app://switchboard/index.html', { isDestroyed: () => true })],
    ['no frame', () => null],
  ])('rejects %s and runs nothing', async (_name, frame) => {
    const { webContents } = ctx.window;
    await expect(call('shell:open-external', webContents, frame(), 'https://example.com')).rejects.toThrow(/sender not allowed/);
    expect(ctx.handlers['shell:open-external']).not.toHaveBeenCalled();
  });

  it('rejects our frame URL when the main frame has navigated elsewhere', async () => {
    const { webContents } = ctx.window;
    webContents.mainFrame.url = 'https://evil.example/';
    await expect(call('app:info', webContents, webContents.mainFrame)).rejects.toThrow(/sender not allowed/);
  });

  it('rejects a sender from another web contents', async () => {
    const other = new FakeBrowserWindow({});
    await expect(call('app:info', other.webContents, other.webContents.mainFrame)).rejects.toThrow(/sender not allowed/);
    expect(ctx.handlers['app:info']).not.toHaveBeenCalled();
  });

  it('rejects everything when the window is gone', async () => {
    const { webContents } = ctx.window;
    ctx.window.destroyed = true;
    await expect(call('app:info', webContents, webContents.mainFrame)).rejects.toThrow(/sender not allowed/);
  });

  it.each([
    ['window:set-badge-count', [-1]],
    ['window:set-badge-count', [1.5]],
    ['window:set-badge-count', ['3']],
    ['window:set-badge-count', [1, 2]],
    ['notifications:show', [{ title: 'hi' }]],
    ['notifications:show', [{ title: 'hi', body: 'b', extra: true }]],
    ['notifications:show', [{ title: 'x'.repeat(1000), body: 'b' }]],
    ['shell:open-external', [{ toString: () => 'https://example.com' }]],
    ['app:info', ['unexpected']],
  ])('rejects invalid arguments on %s %j', async (channel, args) => {
    const { webContents } = ctx.window;
    await expect(call(channel, webContents, webContents.mainFrame, ...args)).rejects.toThrow(/invalid arguments/);
    expect(ctx.handlers[channel as keyof Handlers]).not.toHaveBeenCalled();
  });

  it('passes validated arguments through', async () => {
    const { webContents } = ctx.window;
    const request = { title: 'New chat', body: 'Hello', conversationId: 'conv-1' };
    await call('notifications:show', webContents, webContents.mainFrame, request);
    expect(ctx.handlers['notifications:show']).toHaveBeenCalledWith(request);
  });

  it('accepts the dev server origin only when running under electron-vite dev', async () => {
    const { webContents } = ctx.window;
    webContents.mainFrame.url = 'http://localhost:5173/';
    await expect(call('app:info', webContents, webContents.mainFrame)).rejects.toThrow(/sender not allowed/);
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    try {
      await expect(call('app:info', webContents, webContents.mainFrame)).resolves.toBeDefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
