/**
 * The hub serving the built console to browsers: hashed assets are cached for good, the page that
 * names them is revalidated, client-side routes fall back to the page and API paths stay JSON 404s.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCacheControl } from '../../../src-hub/http/routes.js';
import { startTestHub, type TestHub } from './harness.js';

/**
 * A plain GET's status. (fetch() cannot test revalidation: with If-None-Match it also sends
 * `Cache-Control: no-cache`, an end-to-end reload that a server rightly answers in full.)
 */
function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('the built console, served by the hub', () => {
  let hub: TestHub;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchboard</title><script type="module" src="./assets/index-D_cholEP.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-D_cholEP.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'notes.txt'), 'not hashed');
    hub = await startTestHub({ consoleDir: dir });
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('caches hashed assets for a year and revalidates everything else', async () => {
    const script = await fetch(`${hub.url}/assets/index-D_cholEP.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe('console.log(1)');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    for (const path of ['/', '/index.html', '/assets/notes.txt']) {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      // Revalidation is cheap: the validator comes back as 304 without a body.
      const etag = res.headers.get('etag');
      expect(etag, path).toBeTruthy();
      expect(await statusOf(`${hub.url}${path}`, { 'if-none-match': etag! }), path).toBe(304);
    }
  });

  it('answers client-side routes with the page, uncached, and unknown API paths with a JSON 404', async () => {
    const page = await fetch(`${hub.url}/conversations/123`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Switchboard</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const api = await fetch(`${hub.url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('tells hashed file names from others', () => {
    expect(consoleCacheControl('/srv/console/assets/search.worker-B8aEFLSz.js')).toMatch(/immutable/);
    expect(consoleCacheControl('C:\\console\\assets\\index-mEyhY0fO.css')).toMatch(/immutable/);
    expect(consoleCacheControl('/srv/console/index.html')).toBe('no-cache');
    expect(consoleCacheControl('/srv/console/assets/logo.svg')).toBe('no-cache');
    expect(consoleCacheControl('/srv/console/favicon-D_cholEP.ico')).toBe('no-cache');
  });
});
