/**
 * The console's single BrowserWindow.
 *
 * The renderer shows untrusted customer content (emails, chats), so the window is locked down:
 * context isolation, OS sandbox, no Node, web security on, and only the narrow preload bridge.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL, devServerOrigin } from './app-origin.js';
import { createRendererEvents, type RendererEvents } from './renderer-events.js';

/** Handle on the main window that survives the window being closed and re-created (macOS). */
export interface MainWindow {
  /** The live window, or null when none is open. */
  get(): BrowserWindow | null;
  /** Shows, restores and focuses the window, creating it if needed. */
  focus(): void;
  /** Creates the window if none is open; returns the live one. */
  open(): BrowserWindow;
  /** Ready-gated main → renderer events of the current window; dropped when no window is open. */
  readonly events: RendererEvents;
}

/**
 * The window's options; the webPreferences are the security baseline, not tuning.
 *
 * Exported so a test can assert them without creating a window.
 */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    // Shown on ready-to-show to avoid a white flash while the renderer boots.
    show: false,
    title: 'Switchboard',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  };
}

/**
 * Sets up the main window handle; the window itself is created by `open()` once the app is ready.
 *
 * In dev (`ELECTRON_RENDERER_URL` set by electron-vite) the window loads the Vite dev server,
 * otherwise the built renderer over app://.
 */
export function setupWindow(preloadPath: string): MainWindow {
  let window: BrowserWindow | null = null;
  let events: RendererEvents | null = null;

  const open = (): BrowserWindow => {
    if (window !== null && !window.isDestroyed()) return window;
    const created = new BrowserWindow(windowOptions(preloadPath));
    window = created;
    events = createRendererEvents(created.webContents);
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (window === created) {
        window = null;
        events = null;
      }
    });
    const devUrl = devServerOrigin() === null ? null : process.env['ELECTRON_RENDERER_URL'];
    created.loadURL(devUrl ?? APP_ENTRY_URL).catch((error: unknown) => {
      // A failed first load leaves a blank window; log it so a broken build is visible in the terminal.
      console.error('[switchboard] could not load the renderer:', error);
    });
    return created;
  };

  return {
    get: () => (window !== null && !window.isDestroyed() ? window : null),
    open,
    focus() {
      const target = open();
      if (target.isMinimized()) target.restore();
      target.show();
      target.focus();
    },
    events: {
      send(channel, payload) {
        events?.send(channel, payload);
      },
    },
  };
}
