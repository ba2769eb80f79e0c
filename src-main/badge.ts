/** `desktop.window.setBadgeCount()`: the unread/queue badge. */
import { app } from 'electron';

/**
 * Sets the dock/launcher badge; 0 clears it.
 *
 * `app.setBadgeCount` works on macOS and on Linux launchers that support it; elsewhere it returns
 * false and the call is a harmless no-op (a Windows overlay icon would need artwork we lack).
 */
export function setBadgeCount(count: number): void {
  app.setBadgeCount(count);
}
