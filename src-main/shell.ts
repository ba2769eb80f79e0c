/** `desktop.shell.openExternal()`: the allowlist in front of `shell.openExternal`. */
import { shell } from 'electron';
import type { OpenExternalResult } from '../src-preload/contract/desktop-api.js';
import { checkExternalUrl } from './external-url.js';

/**
 * Opens `url` in the OS default handler if the allowlist accepts it.
 *
 * Opens the normalized URL the allowlist returned, never the raw input.
 */
export async function openExternalUrl(url: string): Promise<OpenExternalResult> {
  const checked = checkExternalUrl(url);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  try {
    await shell.openExternal(checked.url);
    return { ok: true };
  } catch {
    // No handler registered for the scheme (e.g. no softphone for sip:) is an expected outcome.
    return { ok: false, reason: 'open-failed' };
  }
}
