/**
 * Serves the built renderer over `app://switchboard/`.
 *
 * A custom standard+secure scheme gives the renderer a real origin (so CSP `'self'`, fetch and
 * storage behave as on the web) without `file://`, which would let any page read any local file.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { CONSOLE_CSP } from '../src-shared/security/csp.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/** The renderer's Content-Security-Policy, sent as a header on every app:// response. */
export const CONTENT_SECURITY_POLICY = CONSOLE_CSP;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

/**
 * Declares the app scheme's privileges. Must run before `app` is ready (Electron's rule).
 *
 * standard: real origin and relative URLs; secure: treated like https (secure context, so
 * notifications and crypto.subtle work); supportFetchAPI: `fetch()` of own assets.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Installs the app:// handler. Call once after `app` is ready. */
export function setupProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}

/**
 * Builds the request handler for app:// serving files from `rendererDir`.
 *
 * Separate from `setupProtocol` so tests can call it with plain requests.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const filePath = resolveInside(root, request.url);
    if (filePath === null) return plain(404, 'Not Found');
    // No SPA fallback: the renderer is built with base './' (relative asset URLs), so it cannot use
    // path-based routes anyway, and a plain 404 keeps "outside the folder" and "missing" identical.
    const data = await readOrNull(filePath);
    if (data === null) return plain(404, 'Not Found');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(data), {
      status: 200,
      headers: securityHeaders({ 'Content-Type': mimeType(filePath) }),
    });
  };
}

/**
 * Maps an app:// URL to a file path inside `root`, or null when it would escape it.
 *
 * The URL parser already collapses `..` and `%2e%2e` segments, but `%2f`/`%5c` only become
 * separators after decoding, so the decoded path is resolved and checked against the root again.
 */
export function resolveInside(root: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // NUL bytes truncate paths in some syscalls; backslashes are separators on Windows.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((segment) => segment === '..')) return null;
  const relativePath = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const candidate = resolve(root, relativePath);
  const rel = relative(root, candidate);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return candidate;
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    // Missing file or a directory: both are a plain 404 for the renderer.
    return null;
  }
}

function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function securityHeaders(extra: Record<string, string>): Headers {
  return new Headers({
    ...extra,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }) });
}
