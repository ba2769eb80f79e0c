/**
 * The console's Content-Security-Policy, one definition for every place that serves it: the hub
 * (browser console) and Electron's app:// protocol. It allows connecting to any hub — the login
 * screen takes a hub address — but no inline or remote script, no plugins, no framing by others.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // http:/https: images only ever load in an email frame after the agent chose "Load remote
  // content" for that mail (the frame's own CSP and the sanitizer block them otherwise); srcdoc
  // frames inherit this policy, so without them that choice could not take effect.
  "img-src 'self' data: blob: http: https:",
  "connect-src 'self' http: https: ws: wss:",
  "frame-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
