/**
 * Turns an email's HTML (exactly as the customer's mail client sent it) into markup that is safe to
 * show in the sandboxed email frame, and that loads nothing from the network unless the agent
 * allowed remote content for that message.
 *
 * DOMPurify does the HTML sanitizing (scripts, event handlers, javascript: URLs, SVG/MathML,
 * forms, frames, mutation-XSS tricks). The hooks below add the email-specific part DOMPurify has
 * no opinion on: where resources come from. Every URL that would make the renderer fetch
 * something — <img src>, srcset, the legacy `background` attribute, CSS url()/image-set() in
 * style attributes and <style> elements, @import — is dropped (counted in `blockedRemote`) unless
 * remote content is allowed, and `cid:` references are swapped for the data: URLs of the mail's
 * own stored attachments. The frame's CSP (see email-frame-document.ts) blocks the same things
 * again, so a gap here is not a leak.
 *
 * The output is final: nothing edits it afterwards (reply quotes use plain text, see quote.ts).
 */
import DOMPurify, { type Config } from 'dompurify';

export interface SanitizeOptions {
  /** The agent clicked "Load remote content" for this message. */
  allowRemote: boolean;
  /** `cid` (without angle brackets, lower-case) → data: URL of that inline image. */
  inlineImages?: ReadonlyMap<string, string>;
}

export interface SanitizedEmail {
  html: string;
  /** How many remote resources were left out (0 when remote content is allowed). */
  blockedRemote: number;
  /** How many `cid:` images could not be resolved (attachment missing or not a raster image). */
  missingInline: number;
}

/** Raster image types a data: URL may carry; SVG is a document that can hold script, so never. */
const RASTER_DATA_URL = /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;
const REMOTE_URL = /^https?:\/\//i;
/** Attributes that hold a URL the browser fetches by itself. */
const FETCHING_ATTRS = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc', 'longdesc'] as const;

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  // Frames, forms and document-level elements have no place in a message body; <link>/<meta>/<base>
  // would load stylesheets, refresh or re-point relative URLs.
  FORBID_TAGS: ['link', 'meta', 'base', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'video', 'audio', 'source', 'track', 'picture', 'portal', 'template'],
  FORBID_ATTR: ['ping', 'formaction', 'action', 'xlink:href', 'srcdoc'],
  ADD_ATTR: ['target'],
  // Links: web and mail only. Images are checked by the hooks (remote, cid:, raster data: URLs).
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|cid:|data:image\/(?:png|jpe?g|gif|webp|bmp|avif);)/i,
  WHOLE_DOCUMENT: false,
  // Keep <style> from the head of the mail: DOMPurify moves it into the body fragment.
  FORCE_BODY: true,
};

/**
 * Sanitize one email's HTML for the email frame.
 *
 * Pure with respect to its input: the same HTML and options give the same output, so the frame can
 * be rebuilt whenever the agent allows remote content or an inline image arrives.
 */
export function sanitizeEmailHtml(html: string, options: SanitizeOptions): SanitizedEmail {
  const purify = DOMPurify(window);
  let blockedRemote = 0;
  let missingInline = 0;
  const inline = options.inlineImages ?? new Map<string, string>();

  /** What a fetching URL becomes: kept, swapped for an inline image, or dropped (null). */
  const resolveUrl = (raw: string): string | null => {
    const url = raw.trim();
    if (/^cid:/i.test(url)) {
      const found = inline.get(normalizeCid(url.slice(4)));
      if (!found) missingInline++;
      return found ?? null;
    }
    if (RASTER_DATA_URL.test(url)) return url;
    if (REMOTE_URL.test(url)) {
      if (options.allowRemote) return url;
      blockedRemote++;
      return null;
    }
    return null;
  };

  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent !== null) {
      node.textContent = filterCss(node.textContent, resolveUrl, () => blockedRemote++);
    }
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    for (const name of FETCHING_ATTRS) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const resolved = name === 'srcset' ? resolveSrcset(value, resolveUrl) : name === 'src' || name === 'background' ? resolveUrl(value) : null;
      if (resolved === null || resolved === '') el.removeAttribute(name);
      else el.setAttribute(name, resolved);
      if (name !== 'src' && name !== 'srcset' && name !== 'background' && REMOTE_URL.test(value.trim())) blockedRemote++;
    }
    const style = el.getAttribute('style');
    if (style !== null) {
      const filtered = filterCss(style, resolveUrl, () => blockedRemote++);
      if (filtered.trim()) el.setAttribute('style', filtered);
      else el.removeAttribute('style');
    }
    if (el.tagName === 'A') {
      const href = el.getAttribute('href');
      // Only web and mail links survive; they open outside the frame (a new tab, or the OS through
      // the desktop app's allowlisted openExternal), never inside it and without an opener.
      if (href === null || !/^(?:https?:|mailto:)/i.test(href.trim())) el.removeAttribute('href');
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    } else if (el.hasAttribute('target')) {
      el.removeAttribute('target');
    }
  });

  const out = purify.sanitize(html, CONFIG) as unknown as string;
  return { html: out, blockedRemote, missingInline };
}

/** `<Part.1@x>` and `part.1@x` name the same inline part. */
export function normalizeCid(cid: string): string {
  return cid.trim().replace(/^<|>$/g, '').toLowerCase();
}

function resolveSrcset(srcset: string, resolveUrl: (url: string) => string | null): string | null {
  const kept: string[] = [];
  for (const candidate of srcset.split(',')) {
    const [url, ...descriptor] = candidate.trim().split(/\s+/);
    if (!url) continue;
    const resolved = resolveUrl(url);
    if (resolved !== null) kept.push([resolved, ...descriptor].join(' '));
  }
  return kept.length > 0 ? kept.join(', ') : null;
}

/**
 * Filter CSS (a style attribute or a <style> element) for the email frame.
 *
 * Hand-written because no maintained CSS sanitizer fits the browser and DOMPurify leaves CSS
 * alone. It is deliberately blunt, with the frame's CSP behind it: CSS with escapes (`\75 rl(`
 * spells url() to the CSS parser) or legacy script hooks is dropped whole; @import is always
 * removed (remote stylesheets are never loaded, only images); url()/image-set() go through the
 * same rule as <img src>.
 */
export function filterCss(css: string, resolveUrl: (url: string) => string | null, onBlocked: () => void): string {
  if (/\\|expression\s*\(|-moz-binding|behavior\s*:|javascript:/i.test(css)) return '';
  let out = css.replace(/@import\b[^;]*;?/gi, (match) => {
    if (/https?:|\/\//i.test(match)) onBlocked();
    return '';
  });
  // image-set("x" 1x) takes bare strings as URLs; keep only the url() forms, handled below.
  out = out.replace(/(?:-webkit-)?image-set\s*\(/gi, (match) => (match.toLowerCase().startsWith('-webkit') ? '-webkit-image-set(' : 'image-set('));
  out = out.replace(/(image-set\()([^)]*)\)/gi, (_m, head: string, body: string) => `${head}${body.replace(/(["'])(.*?)\1/g, (_q, _quote: string, url: string) => {
    const resolved = resolveUrl(url);
    return resolved === null ? 'url("")' : `url("${resolved}")`;
  })})`);
  out = out.replace(/url\(\s*(["']?)(.*?)\1\s*\)/gi, (_m, _quote: string, url: string) => {
    if (url === '') return 'none';
    const resolved = resolveUrl(url);
    return resolved === null ? 'none' : `url("${resolved}")`;
  });
  // Anything still naming a URL-taking function we did not rewrite (src(), a url( split oddly)
  // means the CSS is not what we think it is: drop it.
  if (/\bsrc\s*\(|url\s*\((?!")/i.test(out)) return '';
  return out;
}
