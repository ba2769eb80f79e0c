/**
 * Where the console's own pages live, and the one test for "is this URL ours?".
 *
 * Navigation guards, IPC sender checks and permission handlers all ask the same question, so it is
 * answered in one place.
 */

/** Custom privileged scheme that serves the built renderer (never `file://`). */
export const APP_SCHEME = 'app';
/** Fixed host of the app scheme; any other host is refused by the protocol handler. */
export const APP_HOST = 'switchboard';
/** The page the window loads in production. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The Vite dev-server origin when running under `electron-vite dev`, else null.
 *
 * electron-vite sets `ELECTRON_RENDERER_URL` only in dev; a packaged app never has it, so this
 * cannot widen what production trusts unless someone sets the variable by hand.
 */
export function devServerOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env['ELECTRON_RENDERER_URL'];
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to the console: `app://switchboard/...` or the dev server's origin.
 *
 * Compares protocol and host rather than `URL.origin`, because WHATWG URL reports the origin of
 * custom schemes as the opaque string "null".
 */
export function isAppUrl(url: string, devOrigin: string | null = devServerOrigin()): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) {
    return parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  }
  return devOrigin !== null && parsed.origin === devOrigin;
}
