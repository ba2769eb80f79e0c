/** One console per user session: a second launch focuses the running one instead. */
import { app } from 'electron';

/**
 * Takes the single-instance lock; returns false when another instance holds it (caller quits).
 *
 * Two instances would share the same IndexedDB profile and fight over the sync cursor.
 */
export function setupSingleInstance(focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    // The lock-holder may still be starting up; focusing is only meaningful once ready.
    if (app.isReady()) focusExisting();
  });
  return true;
}
