/** `desktop.notifications.show()`: native notifications that bring the agent to the conversation. */
import { Notification } from 'electron';
import { EventChannels } from '../src-preload/contract/channels.js';
import type { NotificationRequest } from '../src-preload/contract/desktop-api.js';
import type { MainWindow } from './window.js';

/** What main exposes of notifications to the IPC layer. */
export interface Notifications {
  show(request: NotificationRequest): void;
}

/**
 * Creates the notifications capability for `mainWindow`.
 *
 * A click focuses the window and, when the notification names a conversation, sends
 * `notifications:clicked` through the ready-gated event queue.
 */
export function setupNotifications(mainWindow: MainWindow): Notifications {
  // Electron notifications are garbage-collected once unreferenced, and a collected notification
  // silently loses its click handler; keep each one alive until it is clicked or closed.
  const alive = new Set<Notification>();

  return {
    show({ title, body, conversationId }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      alive.add(notification);
      notification.on('click', () => {
        alive.delete(notification);
        mainWindow.focus();
        if (conversationId !== undefined) {
          mainWindow.events.send(EventChannels.notificationClicked, { conversationId });
        }
      });
      notification.on('close', () => alive.delete(notification));
      notification.show();
    },
  };
}
