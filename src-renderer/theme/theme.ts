/**
 * Light and dark theme: the resolved theme is written to `<html data-theme>`, and styles.css
 * switches every colour custom property on it.
 *
 * 'system' follows `prefers-color-scheme`, which Electron maps to the OS setting (nativeTheme), so
 * no bridge call is needed; an OS switch while the console runs applies at once.
 */
import { useSyncExternalStore } from 'react';
import { usePreferences, type ThemePreference } from '../state/preferences.js';

export type Theme = 'light' | 'dark';

/** The theme in effect for a preference and the OS's scheme. */
export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): Theme {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

/**
 * Applies the stored preference now and keeps `<html data-theme>` current.
 *
 * Called once before the first render (main.tsx), so the console never flashes the wrong theme.
 * Returns a function that stops following changes.
 */
export function setupTheme(): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    const theme = resolveTheme(usePreferences.getState().theme, media.matches);
    const root = document.documentElement;
    root.dataset.theme = theme;
    // Native controls (scrollbars, date pickers, selects) follow the same scheme.
    root.style.colorScheme = theme;
  };
  apply();
  media.addEventListener('change', apply);
  const unsubscribe = usePreferences.subscribe(apply);
  return () => {
    media.removeEventListener('change', apply);
    unsubscribe();
  };
}

/**
 * The theme in effect, as a hook: re-renders when `<html data-theme>` changes (for canvas drawings
 * such as charts, which cannot use CSS custom properties directly).
 */
export function useResolvedTheme(): Theme {
  return useSyncExternalStore(subscribeTheme, readTheme, () => 'light');
}

/** A colour custom property's current value, e.g. `cssColor('--chart-1')`. */
export function cssColor(name: `--${string}`): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function readTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
