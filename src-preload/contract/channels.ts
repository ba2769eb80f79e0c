/**
 * IPC channel names and the typed map of what travels on each.
 *
 * Both sides of the bridge use these names, so a renamed channel is a type error rather than a
 * silent no-op. Only string constants and types live here: the file has no runtime dependencies and
 * is safe to bundle into the sandboxed preload.
 */
import type { AppInfo, NotificationRequest, OpenExternalResult } from './desktop-api.js';

/** Renderer → main request/response channels (`ipcRenderer.invoke` / `ipcMain.handle`). */
export const InvokeChannels = {
  appInfo: 'app:info',
  notificationsShow: 'notifications:show',
  shellOpenExternal: 'shell:open-external',
  windowSetBadgeCount: 'window:set-badge-count',
} as const;

/** Main → renderer events (`webContents.send` / `ipcRenderer.on`). */
export const EventChannels = {
  notificationClicked: 'notifications:clicked',
} as const;

export type InvokeChannel = (typeof InvokeChannels)[keyof typeof InvokeChannels];
export type EventChannel = (typeof EventChannels)[keyof typeof EventChannels];

/**
 * Arguments and result of every invoke channel.
 *
 * `args` is a tuple so main can validate the exact argument count as well as the shapes.
 */
export interface InvokeMap {
  'app:info': { args: []; result: AppInfo };
  'notifications:show': { args: [request: NotificationRequest]; result: void };
  'shell:open-external': { args: [url: string]; result: OpenExternalResult };
  'window:set-badge-count': { args: [count: number]; result: void };
}

/** Payload of every main → renderer event. Payloads are plain objects, never the IPC event. */
export interface EventMap {
  'notifications:clicked': { conversationId: string };
}

export type InvokeArgs<C extends InvokeChannel> = InvokeMap[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeMap[C]['result'];
export type EventPayload<E extends EventChannel> = EventMap[E];

/** Limits shared by the preload's shape checks and main's validation. */
export const IpcLimits = {
  notificationTitle: 256,
  notificationBody: 2048,
  conversationId: 128,
  externalUrl: 4096,
  badgeCount: 99_999,
} as const;
