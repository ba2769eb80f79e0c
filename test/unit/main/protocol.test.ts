import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronFake from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { CONTENT_SECURITY_POLICY, createAppProtocolHandler, registerAppScheme, resolveInside, setupProtocol } =
  await import('../../../src-main/protocol.js');

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; " +
  "connect-src 'self' http: https: ws: wss:; frame-src 'self' blob: data:; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

// Layout: <base>/secret.txt and <base>/renderer-evil/x.js sit next to the served <base>/renderer.
let base: string;
let rendererDir: string;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'switchboard-protocol-'));
  rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'x');
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'evil');
  handler = createAppProtocolHandler(rendererDir);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => electronFake.resetElectronFake());

const get = (url: string) => handler({ url, method: 'GET' });

describe('app:// protocol', () => {
  it('registers app as standard, secure and fetch-capable before ready', () => {
    registerAppScheme();
    expect(electronFake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('setupProtocol installs a handler for the app scheme', () => {
    setupProtocol(rendererDir);
    expect(electronFake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves index.html with the CSP header', async () => {
    for (const url of ['app://switchboard/', 'app://switchboard/index.html']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>Switchboard</title>');
    }
    expect(CONTENT_SECURITY_POLICY).toBe(EXPECTED_CSP);
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s', async (path, type) => {
    const response = await get(`app://switchboard/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('answers 404 for missing files and folders', async () => {
    expect((await get('app://switchboard/assets/missing.js')).status).toBe(404);
    expect((await get('app://switchboard/conversations/42')).status).toBe(404);
    expect((await get('app://switchboard/assets')).status).toBe(404);
  });

  it.each([
    'app://switchboard/../../etc/passwd',
    'app://switchboard/../secret.txt',
    'app://switchboard/%2e%2e/secret.txt',
    'app://switchboard/%2E%2E/%2e%2e/etc/passwd',
    'app://switchboard/..%2fsecret.txt',
    'app://switchboard/assets/..%2f..%2fsecret.txt',
    'app://switchboard/..%5csecret.txt',
    'app://switchboard/%2e%2e%2frenderer-evil/x.js',
    'app://switchboard/index.html%00.js',
    'app://switchboard/%E0%A4%A',
    'app://other-host/index.html',
    'app://switchboard@evil/index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).not.toContain('TOP SECRET');
    expect(body).not.toContain('evil');
    expect(body).not.toContain('root:');
  });

  it('never resolves a path outside the renderer folder', () => {
    expect(resolveInside(rendererDir, 'app://switchboard/..%2fsecret.txt')).toBeNull();
    expect(resolveInside(rendererDir, 'app://switchboard/%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveInside(rendererDir, 'app://switchboard/assets/app.js')).toBe(join(rendererDir, 'assets', 'app.js'));
  });

  it('only answers GET and HEAD', async () => {
    expect((await handler({ url: 'app://switchboard/index.html', method: 'POST' })).status).toBe(405);
    const head = await handler({ url: 'app://switchboard/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
