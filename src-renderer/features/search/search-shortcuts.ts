/**
 * The search box's shortcut, in the console's shortcut registry (listed in-app, rebindable):
 * `/` (outside text fields) or Ctrl/Cmd+F (which would otherwise open the browser's find bar —
 * useless here: it only finds what is on screen, not the cached history).
 */
import { registerShortcutAction } from '../shortcuts/registry.js';

export const SEARCH_FOCUS = 'search.focus';

registerShortcutAction({ id: SEARCH_FOCUS, label: 'Search messages', group: 'General', keys: ['/', 'Mod+f'] });
