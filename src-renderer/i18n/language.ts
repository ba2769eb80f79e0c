/** Which UI language to use: pure rules, so they are unit-tested without a browser. */
import type { LanguagePreference } from '../state/preferences.js';

export const SUPPORTED_LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/**
 * Picks the UI language from the OS's preferred languages.
 *
 * The first preferred language we have texts for wins (so `['de-AT', 'en']` → German and
 * `['fr-FR', 'de-DE']` → German rather than English); with none of them, English.
 */
export function languageFromPreferred(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    const match = SUPPORTED_LANGUAGES.find((l) => l === primary);
    if (match) return match;
  }
  return 'en';
}

/** The language in effect: the manual choice, or the OS's. */
export function resolveLanguage(preference: LanguagePreference, systemPreferred: readonly string[]): Language {
  return preference === 'system' ? languageFromPreferred(systemPreferred) : preference;
}
