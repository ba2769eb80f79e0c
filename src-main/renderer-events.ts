/**
 * Main → renderer events that wait for the page to be ready.
 *
 * A notification can be clicked while the window is still loading (or reloading); sending then would
 * drop the event because no listener exists yet. Events are queued until `did-finish-load` and
 * delivered in order.
 */
import type { WebContents } from 'electron';
import type { EventChannel, EventPayload } from '../src-preload/contract/channels.js';

/** Typed sender for main → renderer events. The only place that calls `webContents.send`. */
export interface RendererEvents {
  send<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
}

// Bounded so a renderer that never finishes loading cannot make main grow without limit.
const MAX_QUEUED = 100;

/**
 * Wraps a window's webContents with a ready-gated queue.
 *
 * Not ready again on every new load, since a reload discards the renderer's listeners.
 */
export function createRendererEvents(contents: WebContents): RendererEvents {
  let ready = false;
  const queue: Array<{ channel: EventChannel; payload: unknown }> = [];

  contents.on('did-start-loading', () => {
    ready = false;
  });
  contents.on('did-finish-load', () => {
    ready = true;
    for (const event of queue.splice(0)) contents.send(event.channel, event.payload);
  });

  return {
    send(channel, payload) {
      if (contents.isDestroyed()) return;
      if (ready) {
        contents.send(channel, payload);
        return;
      }
      if (queue.length >= MAX_QUEUED) queue.shift();
      queue.push({ channel, payload });
    },
  };
}
