import type { DesktopApi } from './desktop-api.js';

declare global {
  interface Window {
    /**
     * The Electron bridge. Optional on purpose: `npm start` can serve the console in a plain browser
     * (when the Electron binary is missing), and then there is no bridge at all.
     */
    readonly desktop?: DesktopApi;
  }
}
