/**
 * Preload entry: exposes the narrow bridge as `window.desktop` and nothing else.
 *
 * Runs sandboxed with context isolation, so it is bundled into one CommonJS file and may only use
 * `electron`'s renderer modules.
 */
import { contextBridge } from 'electron';
import { createDesktopApi } from './api.js';

contextBridge.exposeInMainWorld('desktop', createDesktopApi());
