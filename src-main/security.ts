/**
 * App-wide guards for every web contents: no navigation away, no pop-ups, no webviews, and no
 * permissions except notifications.
 *
 * Registered on `web-contents-created` so it also covers contents created later, not just the
 * main window.
 */
import { app, session, shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.js';
import { checkExternalUrl } from './external-url.js';

/**
 * Installs the guards. Call before the first window is created.
 *
 * The permission handlers need the default session, which exists only once the app is ready.
 */
export function setupSecurity(): void {
  // Belt and braces: every renderer is sandboxed even if some future window forgets the option.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  void app.whenReady().then(() => guardPermissions(session.defaultSession));
}

/**
 * Attaches the navigation, pop-up and webview guards to one web contents.
 *
 * Exported for tests.
 */
export function guardWebContents(contents: WebContents): void {
  const denyForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  // A <webview> is a full browser with its own preferences; the console never needs one.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links with target=_blank land here: open allowlisted ones in the OS, never in a new window.
    const checked = checkExternalUrl(url);
    if (checked.ok) {
      shell.openExternal(checked.url).catch((error: unknown) => {
        console.warn('[switchboard] could not open external link:', error);
      });
    }
    return { action: 'deny' };
  });
}

/**
 * Denies every permission request except notifications from the app's own pages.
 *
 * Exported for tests.
 */
export function guardPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'notifications' && isAppUrl(details.requestingUrl));
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'notifications' && isAppUrl(requestingOrigin);
  });
}
