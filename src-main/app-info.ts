/** `desktop.app.info()`: version, platform and the hub address from the start script. */
import { app } from 'electron';
import type { AppInfo } from '../src-preload/contract/desktop-api.js';

/**
 * Reads `SWITCHBOARD_HUB_URL`, keeping it only if it is an http(s) URL.
 *
 * The renderer connects to whatever this returns, so a typo or an odd scheme becomes null (the
 * renderer then asks the agent) rather than a connection attempt to something unexpected.
 */
export function readHubUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env['SWITCHBOARD_HUB_URL']?.trim();
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username !== '' || url.password !== '') return null;
    return url.href.replace(/\/$/, '');
  } catch {
    return null;
  }
}

/**
 * The OS's preferred languages, most preferred first.
 *
 * `getPreferredSystemLanguages()` is the OS list (may be empty on some Linux desktops);
 * `getLocale()` is Chromium's UI locale and always set. Only BCP 47-looking tags pass, so the
 * renderer never receives arbitrary strings.
 */
export function systemLanguages(): string[] {
  const tags = [...app.getPreferredSystemLanguages(), app.getLocale()];
  return [...new Set(tags.filter((t) => typeof t === 'string' && /^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/.test(t)))].slice(0, 16);
}

/** Answers `app:info`. */
export function getAppInfo(env: NodeJS.ProcessEnv = process.env): AppInfo {
  return { version: app.getVersion(), platform: process.platform, hubUrl: readHubUrl(env), languages: systemLanguages() };
}
