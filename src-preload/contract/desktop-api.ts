/**
 * The bridge the renderer sees as `window.desktop`.
 *
 * Types only: the preload builds an object that `satisfies DesktopApi`, the renderer imports these
 * with `import type`. Every member is a named capability; there is deliberately no generic
 * `send(channel, ...)`, so a compromised renderer can only ask for what is listed here.
 */

/** What `desktop.app.info()` resolves to. */
export interface AppInfo {
  /** The console's version (package.json `version`). */
  version: string;
  /** `process.platform` of the main process, e.g. `darwin`, `win32`, `linux`. */
  platform: string;
  /** Hub address handed over by the start script in `SWITCHBOARD_HUB_URL`; null when unset or not an http(s) URL. */
  hubUrl: string | null;
  /**
   * The OS's preferred UI languages, most preferred first (BCP 47, e.g. `de-DE`): Electron's
   * `app.getPreferredSystemLanguages()`, falling back to `app.getLocale()`. The console picks its
   * language from these unless the agent chose one.
   */
  languages: string[];
}

/** A native notification request. */
export interface NotificationRequest {
  title: string;
  body: string;
  /** When set, clicking the notification emits `notifications.onClick(conversationId)`. */
  conversationId?: string;
}

/** Why `shell.openExternal` refused a URL. A closed set so the renderer can switch on it. */
export type OpenExternalFailure =
  | 'not-a-string'
  | 'too-long'
  | 'forbidden-characters'
  | 'malformed'
  | 'scheme-not-allowed'
  | 'credentials-not-allowed'
  | 'invalid-address'
  | 'open-failed';

/** Result of `shell.openExternal`: refusals are values, not exceptions, because they are expected. */
export type OpenExternalResult = { ok: true } | { ok: false; reason: OpenExternalFailure };

/** The whole bridge, exposed as `window.desktop`. */
export interface DesktopApi {
  app: {
    /** Version, platform and the hub address the console should talk to. */
    info(): Promise<AppInfo>;
  };
  notifications: {
    /** Shows a native notification; a click focuses the window. */
    show(request: NotificationRequest): Promise<void>;
    /** Calls `cb` when a notification carrying a conversationId is clicked; stops when `signal` aborts. */
    onClick(cb: (conversationId: string) => void, signal?: AbortSignal): void;
  };
  shell: {
    /** Opens an allowlisted URL (https, http, mailto, tel, sip, callto) in the OS default handler. */
    openExternal(url: string): Promise<OpenExternalResult>;
  };
  window: {
    /** Sets the unread/queue badge on the dock or taskbar; 0 clears it. */
    setBadgeCount(count: number): Promise<void>;
  };
}
