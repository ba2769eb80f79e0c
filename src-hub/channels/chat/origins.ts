/**
 * Which web pages may use a widget: the hub's own `/chat` page, and the websites an admin listed.
 */

/**
 * True when a browser request from `origin` may use a widget that allows `allowed`.
 *
 * A missing Origin header is allowed: browsers always send one on cross-site requests and on
 * WebSocket handshakes, so its absence means a same-origin polling request or a non-browser client
 * (which could send any Origin it liked anyway — the check protects visitors' browsers, it is not
 * authentication).
 */
export function originAllowed(origin: string | undefined, hubHost: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" (sandboxed frames, file:// pages)
  }
  if (hubHost !== undefined && url.host === hubHost.toLowerCase()) return true;
  return allowed.includes(url.origin);
}

/** A Host header safe to put into a CSP (host, optional port); null otherwise. */
export function safeHost(host: string | undefined): string | null {
  return host !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host.toLowerCase() : null;
}
