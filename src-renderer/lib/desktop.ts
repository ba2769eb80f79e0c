/**
 * Access to the Electron bridge. In a plain browser (served by the hub) it is absent and every
 * caller falls back to a web behaviour.
 */
import type { DesktopApi } from '../../src-preload/contract/desktop-api.js';

export function desktop(): DesktopApi | null {
  return (globalThis as { desktop?: DesktopApi }).desktop ?? null;
}
