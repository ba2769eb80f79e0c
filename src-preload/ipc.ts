/**
 * The only file in the preload that touches `ipcRenderer`.
 *
 * It turns the channel map into two typed functions. The IPC event object never leaves this file:
 * handing it to the renderer would give page code `event.sender`, i.e. a raw `ipcRenderer`.
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from './contract/channels.js';

/**
 * Sends a request on an invoke channel and resolves with main's typed answer.
 *
 * Main validates again; the types here are a convenience, not a guarantee.
 */
export function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>;
}

/**
 * Listens to a main → renderer event until `signal` aborts.
 *
 * `listener` receives the payload only. An already-aborted signal subscribes nothing.
 */
export function subscribe<E extends EventChannel>(
  channel: E,
  listener: (payload: EventPayload<E>) => void,
  signal?: AbortSignal,
): void {
  if (signal?.aborted) return;
  const onMessage = (_event: IpcRendererEvent, payload: EventPayload<E>): void => listener(payload);
  ipcRenderer.on(channel, onMessage);
  signal?.addEventListener('abort', () => ipcRenderer.removeListener(channel, onMessage), { once: true });
}
