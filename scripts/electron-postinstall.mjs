#!/usr/bin/env node
/**
 * Root postinstall: fetch the Electron binary if we can, and never fail `npm install` if we cannot.
 *
 * package.json blocks electron's own install script (`allowScripts`), because on machines without
 * access to GitHub releases it fails the whole install. Here the same installer runs with a timeout,
 * and a failure only means `npm start` falls back to serving the console in a browser.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Overridable so tests can exercise the timeout path without waiting two minutes.
const TIMEOUT_MS = Number(process.env.SWITCHBOARD_ELECTRON_DOWNLOAD_TIMEOUT_MS) || 120_000;
const WARNING =
  'Electron binary could not be downloaded; `npm start` will serve the console in your browser instead.';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

/**
 * True when electron's path.txt names an executable that exists.
 *
 * Mirrors electron's own lookup (index.js), including ELECTRON_OVERRIDE_DIST_PATH.
 */
function electronBinaryPresent(dir = electronDir, env = process.env) {
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    if (relative === '') return false;
    const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist');
    return existsSync(join(distDir, relative));
  } catch {
    return false;
  }
}

/** Runs electron's installer; resolves true on success, false on failure or timeout. */
function runInstaller(installer) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (ok) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    // stdout is inherited so download progress shows; stderr is captured because a failed download
    // prints a long stack trace that reads like a broken install when it is an expected fallback.
    const child = spawn(process.execPath, [installer], { cwd: electronDir, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(false);
    }, TIMEOUT_MS);
    child.on('error', () => finish(false));
    child.on('exit', (code) => {
      if (code !== 0 && process.env.SWITCHBOARD_POSTINSTALL_VERBOSE === '1') process.stderr.write(stderr);
      finish(code === 0);
    });
  });
}

async function main() {
  if (process.env.SWITCHBOARD_SKIP_ELECTRON_DOWNLOAD === '1') return;
  const installer = join(electronDir, 'install.js');
  // Electron is a devDependency: absent under `npm install --omit=dev`, and then nothing to do.
  if (!existsSync(installer)) return;
  if (electronBinaryPresent()) return;
  const ok = (await runInstaller(installer)) && electronBinaryPresent();
  if (!ok) console.warn(WARNING);
}

main()
  .catch(() => console.warn(WARNING))
  .finally(() => {
    // Whatever happened, the install goes on.
    process.exitCode = 0;
  });
