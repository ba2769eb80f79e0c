/**
 * Builds the `window.desktop` object from the typed IPC wrapper.
 *
 * Shape checks here are deliberately shallow (main validates fully): they exist so a wrong call
 * fails fast in the renderer with a readable TypeError instead of a structured-clone error or a
 * generic rejection from main.
 */
import { EventChannels, InvokeChannels } from './contract/channels.js';
import type { DesktopApi, NotificationRequest } from './contract/desktop-api.js';
import { invoke, subscribe } from './ipc.js';

/**
 * Creates the bridge API.
 *
 * Every function copies its arguments into fresh plain values, so renderer objects with getters
 * or prototypes never cross the bridge as-is.
 */
export function createDesktopApi(): DesktopApi {
  const api = {
    app: {
      info: () => invoke(InvokeChannels.appInfo),
    },
    notifications: {
      show: (request: NotificationRequest) => {
        if (!isRecord(request) || typeof request.title !== 'string' || typeof request.body !== 'string') {
          return Promise.reject(new TypeError('notifications.show expects { title: string; body: string }'));
        }
        const { conversationId } = request;
        if (conversationId !== undefined && typeof conversationId !== 'string') {
          return Promise.reject(new TypeError('notifications.show: conversationId must be a string'));
        }
        const copy: NotificationRequest = { title: request.title, body: request.body };
        if (conversationId !== undefined) copy.conversationId = conversationId;
        return invoke(InvokeChannels.notificationsShow, copy);
      },
      onClick: (cb: (conversationId: string) => void, signal?: AbortSignal) => {
        if (typeof cb !== 'function') throw new TypeError('notifications.onClick expects a function');
        subscribe(
          EventChannels.notificationClicked,
          (payload) => {
            // Main only sends strings, but a listener must never see anything else.
            if (isRecord(payload) && typeof payload.conversationId === 'string') cb(payload.conversationId);
          },
          signal,
        );
      },
    },
    shell: {
      openExternal: (url: string) => {
        if (typeof url !== 'string') return Promise.reject(new TypeError('shell.openExternal expects a string'));
        return invoke(InvokeChannels.shellOpenExternal, url);
      },
    },
    window: {
      setBadgeCount: (count: number) => {
        if (!Number.isInteger(count) || count < 0) {
          return Promise.reject(new TypeError('window.setBadgeCount expects a non-negative integer'));
        }
        return invoke(InvokeChannels.windowSetBadgeCount, count);
      },
    },
  } satisfies DesktopApi;
  return api;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
