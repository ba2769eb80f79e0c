import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/electron-postinstall.mjs', import.meta.url));
const WARNING = 'Electron binary could not be downloaded';

// Each case builds a throwaway project: scripts/electron-postinstall.mjs plus a fake
// node_modules/electron whose install.js does what the case needs. It leaves a marker when it runs.
let project: string;

function makeProject(installJs: string | null, pathTxt?: { relative: string; create: boolean }): void {
  project = mkdtempSync(join(tmpdir(), 'switchboard-postinstall-'));
  mkdirSync(join(project, 'scripts'));
  copyFileSync(SCRIPT, join(project, 'scripts', 'electron-postinstall.mjs'));
  if (installJs === null) return;
  const electron = join(project, 'node_modules', 'electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'install.js'), `require('fs').writeFileSync(__dirname + '/ran', '1');\n${installJs}`);
  if (pathTxt !== undefined) {
    writeFileSync(join(electron, 'path.txt'), pathTxt.relative);
    if (pathTxt.create) writeFileSync(join(electron, 'dist', pathTxt.relative), '');
  }
}

function runPostinstall(env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean['SWITCHBOARD_SKIP_ELECTRON_DOWNLOAD'];
  delete clean['ELECTRON_OVERRIDE_DIST_PATH'];
  const result = spawnSync(process.execPath, [join(project, 'scripts', 'electron-postinstall.mjs')], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const installerRan = existsSync(join(project, 'node_modules', 'electron', 'ran'));
  return { status: result.status, output: result.stdout + result.stderr, installerRan };
}

afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('scripts/electron-postinstall.mjs', () => {
  it('skips entirely with SWITCHBOARD_SKIP_ELECTRON_DOWNLOAD=1', () => {
    makeProject('process.exit(1);');
    const run = runPostinstall({ SWITCHBOARD_SKIP_ELECTRON_DOWNLOAD: '1' });
    expect(run).toEqual({ status: 0, output: '', installerRan: false });
  });

  it('skips when path.txt points at an existing binary', () => {
    makeProject('process.exit(1);', { relative: 'electron', create: true });
    expect(runPostinstall()).toEqual({ status: 0, output: '', installerRan: false });
  });

  it('runs the installer when path.txt points at nothing, and warns but exits 0 when it fails', () => {
    makeProject("console.error(new Error('getaddrinfo ENOTFOUND github.com').stack); process.exit(1);", {
      relative: 'electron',
      create: false,
    });
    const run = runPostinstall();
    expect(run.status).toBe(0);
    expect(run.installerRan).toBe(true);
    expect(run.output).toContain(WARNING);
    expect(run.output).toContain('npm start');
    // The installer's stack trace is an expected failure here, not something to alarm people with.
    expect(run.output).not.toContain('ENOTFOUND');
  });

  it('is silent when the installer succeeds and the binary appears', () => {
    makeProject(
      "const fs = require('fs'); fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron');",
    );
    expect(runPostinstall()).toEqual({ status: 0, output: '', installerRan: true });
  });

  it('warns when the installer exits 0 without producing a binary', () => {
    makeProject('');
    const run = runPostinstall();
    expect(run.status).toBe(0);
    expect(run.output).toContain(WARNING);
  });

  it('gives up after the timeout and still exits 0', () => {
    makeProject('setInterval(() => {}, 1000);');
    const started = Date.now();
    const run = runPostinstall({ SWITCHBOARD_ELECTRON_DOWNLOAD_TIMEOUT_MS: '300' });
    expect(run.status).toBe(0);
    expect(run.output).toContain(WARNING);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does nothing when electron is not installed (npm install --omit=dev)', () => {
    makeProject(null);
    expect(runPostinstall()).toEqual({ status: 0, output: '', installerRan: false });
  });
});
