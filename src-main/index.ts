/**
 * Electron main entry: lifecycle only. Each capability lives in its own file with a setupX().
 *
 * Order matters: the scheme must be registered and the security guards installed before `ready`,
 * and before any window or web contents exists.
 */
import { app } from 'electron';
import { getAppInfo } from './app-info.js';
import { setBadgeCount } from './badge.js';
import { setupIpc } from './ipc.js';
import { setupNotifications } from './notifications.js';
import { PRELOAD_PATH, RENDERER_DIR } from './paths.js';
import { registerAppScheme, setupProtocol } from './protocol.js';
import { setupSecurity } from './security.js';
import { openExternalUrl } from './shell.js';
import { setupSingleInstance } from './single-instance.js';
import { setupWindow } from './window.js';

const mainWindow = setupWindow(PRELOAD_PATH);

if (!setupSingleInstance(() => mainWindow.focus())) {
  app.quit();
} else {
  registerAppScheme();
  setupSecurity();
  const notifications = setupNotifications(mainWindow);

  app.whenReady().then(
    () => {
      setupProtocol(RENDERER_DIR);
      setupIpc(
        {
          'app:info': () => getAppInfo(),
          'notifications:show': (request) => notifications.show(request),
          'shell:open-external': (url) => openExternalUrl(url),
          'window:set-badge-count': (count) => setBadgeCount(count),
        },
        () => mainWindow.get(),
      );
      mainWindow.open();
      // macOS: clicking the dock icon with no window open re-creates it.
      app.on('activate', () => mainWindow.open());
    },
    (error: unknown) => {
      console.error('[switchboard] failed to start:', error);
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => {
    // macOS convention: the app stays in the dock until the user quits explicitly.
    if (process.platform !== 'darwin') app.quit();
  });
}
