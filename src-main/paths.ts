/**
 * Locations of the built preload and renderer, relative to the built main file.
 *
 * Main is an ES module (`package.json` has `"type": "module"`), so there is no `__dirname`; it is
 * derived from `import.meta.url`. After `electron-vite build` the layout is out/{main,preload,renderer}.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const mainDir = dirname(fileURLToPath(import.meta.url));

/** Absolute path of the sandboxed CommonJS preload bundle. */
export const PRELOAD_PATH = join(mainDir, '../preload/index.cjs');

/** Absolute path of the built renderer, the only folder the app protocol serves from. */
export const RENDERER_DIR = join(mainDir, '../renderer');
