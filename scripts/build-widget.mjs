/**
 * Build the web chat widget into out/widget: `widget.js` (the loader websites embed) and the chat
 * page's `chat.js` + `chat.css`. Two builds because each must be one classic script (IIFE): the
 * loader is a plain <script async> on third-party pages, and the chat page loads no modules.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'out/widget');

const entry = (file, name, fileName, extra = {}) =>
  build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    // Library mode leaves process.env alone; browsers have none.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, emptyOutDir: false, minify: true, target: 'es2020', lib: { entry: resolve(root, file), formats: ['iife'], name, fileName: () => fileName } },
    ...extra,
  });

await entry('src-widget/chat/main.ts', 'SwitchboardChat', 'chat.js', { publicDir: resolve(root, 'src-widget/public') });
await entry('src-widget/loader.ts', 'SwitchboardChatLoader', 'widget.js');
console.log('chat widget built into out/widget');
