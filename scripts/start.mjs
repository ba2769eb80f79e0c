#!/usr/bin/env node
/**
 * `npm start`: build the console if needed, start the hub, then open the desktop console.
 *
 * When the Electron binary is missing (it could not be downloaded at install time) the console
 * is served by the hub instead, and the URL is printed. Runs until Ctrl+C, then stops cleanly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const host = process.env.HUB_HOST || '127.0.0.1';
const port = process.env.HUB_PORT || '5170';
const hubUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const marker = join(root, 'out', 'renderer', 'index.html');
  const sources = ['src-renderer', 'src-shared', 'src-main', 'src-preload'].map((d) => join(root, d));
  const stale = !existsSync(marker) || Math.max(...sources.map(newestMtime)) > statSync(marker).mtimeMs;
  if (!stale) return;
  console.log('[start] Building the console…');
  const result = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[start] The console build failed; see the errors above.');
    process.exit(1);
  }
}

/** The web chat widget (out/widget), rebuilt when its sources or the shared protocol changed. */
function buildWidgetIfNeeded() {
  const marker = join(root, 'out', 'widget', 'chat.js');
  const sources = ['src-widget', 'src-shared'].map((d) => join(root, d));
  if (existsSync(marker) && Math.max(...sources.map(newestMtime)) <= statSync(marker).mtimeMs) return;
  console.log('[start] Building the chat widget…');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-widget.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[start] The chat widget build failed; see the errors above.');
    process.exit(1);
  }
}

/** The Electron executable, or null when its binary was never downloaded. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function waitForHub(child) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(`${hubUrl}/healthz`);
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

buildIfNeeded();
buildWidgetIfNeeded();

try {
  await fetch(`${hubUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
  console.error(`[start] Something already answers at ${hubUrl} (another hub?). Stop it, or set HUB_PORT to use another port.`);
  process.exit(1);
} catch {
  // Nothing there: the port is ours.
}

const children = new Set();
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(code);
  }, 12_000);
  force.unref();
  const wait = () => (children.size === 0 ? process.exit(code) : setTimeout(wait, 50));
  wait();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function track(child, name) {
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.log(`[start] ${name} exited (${signal ?? code}); stopping.`);
      stopAll(code ?? 0);
    }
  });
  return child;
}

const hub = track(
  spawn(process.execPath, [require.resolve('tsx/cli'), join(root, 'src-hub', 'main.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, HUB_HOST: host, HUB_PORT: port },
  }),
  'The hub',
);

if (!(await waitForHub(hub))) {
  console.error(`[start] The hub did not come up at ${hubUrl}. Is port ${port} in use? Set HUB_PORT to use another.`);
  stopAll(1);
} else {
  const electron = electronBinary();
  if (electron && process.env.SWITCHBOARD_NO_DESKTOP !== '1') {
    console.log('[start] Opening the desktop console…');
    track(spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, SWITCHBOARD_HUB_URL: hubUrl } }), 'The desktop console');
  } else {
    console.log(
      electron
        ? '[start] Desktop console disabled (SWITCHBOARD_NO_DESKTOP=1).'
        : '[start] The Electron binary is not installed (it could not be downloaded), so the desktop console cannot open.',
    );
    console.log(`[start] Open the console in your browser: ${hubUrl}`);
    console.log('[start] Press Ctrl+C to stop.');
  }
}
