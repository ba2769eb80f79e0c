/**
 * A hand-made fake of the parts of `electron` that main and preload use.
 *
 * Tests install it with `vi.mock('electron', () => import('./fake-electron.js'))` (the preload tests
 * reach it via a relative path) and call `resetElectronFake()` in `beforeEach`. It records what the
 * code under test asked for; it does not imitate Electron's behaviour beyond that.
 */
import { EventEmitter } from 'node:events';
import { vi, type Mock } from 'vitest';

/** A stand-in for WebFrameMain. */
export interface FakeFrame {
  url: string;
  processId: number;
  frameToken: string;
  parent: FakeFrame | null;
  isDestroyed(): boolean;
}

/** Builds a frame; `parent` makes it a subframe. */
export function fakeFrame(url: string, options: Partial<Omit<FakeFrame, 'url'>> = {}): FakeFrame {
  return { url, processId: 1, frameToken: 'main-token', parent: null, isDestroyed: () => false, ...options };
}

/** A stand-in for WebContents: an EventEmitter with the methods main calls. */
export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame = fakeFrame('app://switchboard/index.html');
  destroyed = false;
  send: Mock<(channel: string, payload: unknown) => void> = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  isDestroyed = (): boolean => this.destroyed;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
}

/** A stand-in for BrowserWindow; every instance is kept in `FakeBrowserWindow.instances`. */
export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  loadURL: Mock<(url: string) => Promise<void>> = vi.fn(async () => undefined);
  show: Mock<() => void> = vi.fn();
  focus: Mock<() => void> = vi.fn();
  restore: Mock<() => void> = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => this.minimized;
}

/** A stand-in for Notification; instances are kept in `FakeNotification.instances`. */
export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported = (): boolean => FakeNotification.supported;
  show: Mock<() => void> = vi.fn();
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
}

class FakeApp extends EventEmitter {
  ready = Promise.resolve();
  enableSandbox: Mock<() => void> = vi.fn();
  whenReady: Mock<() => Promise<void>> = vi.fn(() => this.ready);
  isReady: Mock<() => boolean> = vi.fn(() => true);
  getVersion: Mock<() => string> = vi.fn(() => '1.2.3');
  getPreferredSystemLanguages: Mock<() => string[]> = vi.fn(() => ['de-DE', 'en-US']);
  getLocale: Mock<() => string> = vi.fn(() => 'de');
  setBadgeCount: Mock<(count?: number) => boolean> = vi.fn(() => true);
  requestSingleInstanceLock: Mock<() => boolean> = vi.fn(() => true);
  quit: Mock<() => void> = vi.fn();
  exit: Mock<(code?: number) => void> = vi.fn();
}

class FakeIpcMain {
  readonly handlers = new Map<string, IpcHandler>();
  handle: Mock<(channel: string, handler: IpcHandler) => void> = vi.fn((channel: string, handler: IpcHandler) => {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  });
}

class FakeIpcRenderer extends EventEmitter {
  invoke: Mock<(...args: unknown[]) => Promise<unknown>> = vi.fn(async () => undefined);
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;

interface FakeProtocol {
  registerSchemesAsPrivileged: Mock<(schemes: unknown[]) => void>;
  handle: Mock<(scheme: string, handler: unknown) => void>;
}
interface FakeShell {
  openExternal: Mock<(url: string) => Promise<void>>;
}
interface FakeSession {
  defaultSession: { setPermissionRequestHandler: Mock<(handler: unknown) => void>; setPermissionCheckHandler: Mock<(handler: unknown) => void> };
}
interface FakeContextBridge {
  exposeInMainWorld: Mock<(key: string, api: unknown) => void>;
}

export let app = new FakeApp();
export let ipcMain = new FakeIpcMain();
export let ipcRenderer = new FakeIpcRenderer();
export let protocol: FakeProtocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export let shell: FakeShell = { openExternal: vi.fn(async () => undefined) };
export let session: FakeSession = {
  defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
};
export let contextBridge: FakeContextBridge = { exposeInMainWorld: vi.fn() };
export const BrowserWindow = FakeBrowserWindow;
export const Notification = FakeNotification;

/** Fresh fakes for the next test; the `let` exports are live bindings, so importers see the new ones. */
export function resetElectronFake(): void {
  app = new FakeApp();
  ipcMain = new FakeIpcMain();
  ipcRenderer = new FakeIpcRenderer();
  protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
  shell = { openExternal: vi.fn(async () => undefined) };
  session = { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } };
  contextBridge = { exposeInMainWorld: vi.fn() };
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
}
