import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronFake } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { setupWindow, windowOptions } = await import('../../../src-main/window.js');
const { PRELOAD_PATH, RENDERER_DIR } = await import('../../../src-main/paths.js');

beforeEach(() => resetElectronFake());
afterEach(() => vi.unstubAllEnvs());

describe('windowOptions', () => {
  it('locks down webPreferences', () => {
    const prefs = windowOptions('/x/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/x/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('points at the CommonJS preload next to the built main file', () => {
    expect(PRELOAD_PATH).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(RENDERER_DIR).toMatch(/[/\\]renderer$/);
  });
});

describe('setupWindow', () => {
  it('creates one window with the secure options and loads app://, never file://', () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
    const main = setupWindow('/p/index.cjs');
    const first = main.open();
    expect(main.open()).toBe(first);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options).toEqual(windowOptions('/p/index.cjs'));
    expect(win.loadURL).toHaveBeenCalledWith('app://switchboard/index.html');
  });

  it('loads the dev server in dev', () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    setupWindow('/p/index.cjs').open();
    expect(FakeBrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('shows on ready-to-show and re-creates after close', () => {
    const main = setupWindow('/p/index.cjs');
    const win = main.open() as unknown as FakeBrowserWindow;
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
    win.destroyed = true;
    win.emit('closed');
    expect(main.get()).toBeNull();
    main.open();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('focus restores a minimized window', () => {
    const main = setupWindow('/p/index.cjs');
    const win = main.open() as unknown as FakeBrowserWindow;
    win.minimized = true;
    main.focus();
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
  });
});

describe('main → renderer events', () => {
  it('queues until did-finish-load, then sends in order; queues again during a reload', () => {
    const main = setupWindow('/p/index.cjs');
    const { webContents } = main.open() as unknown as FakeBrowserWindow;
    main.events.send('notifications:clicked', { conversationId: 'c1' });
    main.events.send('notifications:clicked', { conversationId: 'c2' });
    expect(webContents.send).not.toHaveBeenCalled();

    webContents.emit('did-finish-load');
    expect(webContents.send.mock.calls).toEqual([
      ['notifications:clicked', { conversationId: 'c1' }],
      ['notifications:clicked', { conversationId: 'c2' }],
    ]);

    main.events.send('notifications:clicked', { conversationId: 'c3' });
    expect(webContents.send).toHaveBeenCalledTimes(3);

    webContents.emit('did-start-loading');
    main.events.send('notifications:clicked', { conversationId: 'c4' });
    expect(webContents.send).toHaveBeenCalledTimes(3);
    webContents.emit('did-finish-load');
    expect(webContents.send).toHaveBeenLastCalledWith('notifications:clicked', { conversationId: 'c4' });
  });
});
