/**
 * The document the email frame shows: sanitized email markup inside a page whose own CSP repeats
 * the sanitizer's rules (defence in depth), and the sandbox attribute the frame carries.
 */

/**
 * The frame's sandbox: no scripts, no same-origin (so the frame is an opaque origin that can reach
 * neither the console's DOM nor its storage), no forms, no top navigation. Popups are allowed only
 * so a link with target=_blank works: in the desktop app that lands in the main process's window
 * open handler, which hands allowlisted URLs to the OS and opens nothing itself; in a browser it is a
 * new tab without an opener. `allow-popups-to-escape-sandbox` lets that tab be a normal page.
 */
export const EMAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

/** The frame's Content-Security-Policy; images from the network only when the agent allowed it. */
export function emailFrameCsp(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? ' http: https:' : ''}`,
    // Inline <style> and style="" from the (filtered) mail; no remote stylesheets or fonts ever.
    "style-src 'unsafe-inline'",
    "font-src data:",
    "script-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
  ].join('; ');
}

const BASE_STYLE = `
  html { color-scheme: light; }
  body { margin: 0; padding: 8px; font: 14px/1.45 system-ui, sans-serif; color: #1c2127; background: #fff; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  table { max-width: 100%; }
  pre { white-space: pre-wrap; }
`;

/** Build the srcdoc for sanitized email markup (the output of `sanitizeEmailHtml`, nothing else). */
export function emailFrameDocument(sanitizedHtml: string, allowRemote: boolean): string {
  return (
    '<!doctype html><html><head>' +
    `<meta http-equiv="Content-Security-Policy" content="${emailFrameCsp(allowRemote)}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_STYLE}</style>` +
    `</head><body>${sanitizedHtml}</body></html>`
  );
}

/**
 * The frame's height, estimated from the sanitized markup because the console cannot measure a
 * frame it has no access to (no allow-same-origin, by design). Bounded, and the frame scrolls:
 * a short mail gets a short frame, a long one at most `max` pixels.
 */
export function estimateFrameHeight(sanitizedHtml: string, textLength: number, min = 80, max = 520): number {
  const blocks = (sanitizedHtml.match(/<(?:p|div|br|tr|li|h[1-6]|blockquote|img|table)\b/gi) ?? []).length;
  const lines = Math.ceil(textLength / 80) + blocks;
  return Math.max(min, Math.min(max, 24 + lines * 21));
}
