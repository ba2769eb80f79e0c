/**
 * Registers the invoke channels with `ipcMain`. The only file in main that touches `ipcMain`.
 *
 * Every call is checked twice before a handler runs: who sent it (our window's main frame, on our
 * origin) and what was sent (the channel's schema). A failed check throws, which rejects the
 * renderer's promise with a generic error and runs nothing.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { InvokeArgs, InvokeChannel, InvokeResult } from '../src-preload/contract/channels.js';
import { isAppUrl } from './app-origin.js';
import { invokeArgSchemas } from './ipc-schemas.js';

/** The implementation of every invoke channel; a mapped type so none can be forgotten. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>> | InvokeResult<C>;
};

/**
 * Registers `handlers` for every channel in the contract.
 *
 * `getWindow` is read per call because the window can be closed and re-created (macOS).
 */
export function setupIpc(handlers: InvokeHandlers, getWindow: () => BrowserWindow | null): void {
  for (const channel of Object.keys(invokeArgSchemas) as InvokeChannel[]) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => dispatch(channel, handlers, getWindow(), event, args));
  }
}

/**
 * True when the message comes from the main frame of our window showing one of our pages.
 *
 * Checks the frame, not just the web contents: an iframe (e.g. a rendered email) lives in the same
 * web contents, and its messages must not count as the console's.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (window === null || window.isDestroyed() || frame === null || frame.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const mainFrame = window.webContents.mainFrame;
  const isMainFrame =
    frame.parent === null && frame.processId === mainFrame.processId && frame.frameToken === mainFrame.frameToken;
  return isMainFrame && isAppUrl(frame.url);
}

async function dispatch<C extends InvokeChannel>(
  channel: C,
  handlers: InvokeHandlers,
  window: BrowserWindow | null,
  event: IpcMainInvokeEvent,
  args: unknown[],
): Promise<InvokeResult<C>> {
  if (!isTrustedSender(event, window)) {
    throw new Error(`IPC ${channel}: sender not allowed`);
  }
  const parsed = invokeArgSchemas[channel].safeParse(args);
  if (!parsed.success) {
    throw new Error(`IPC ${channel}: invalid arguments`);
  }
  const handler = handlers[channel] as (...a: InvokeArgs<C>) => Promise<InvokeResult<C>> | InvokeResult<C>;
  return handler(...(parsed.data as InvokeArgs<C>));
}
