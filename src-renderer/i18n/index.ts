/**
 * The console's i18next instance: English and German, following the OS language unless the agent
 * picked one in the display menu.
 *
 * Use `useT()` in components (re-renders on a language switch) and `t` outside React (pure
 * helpers, confirm dialogs). Texts are plain strings rendered as React text; interpolation does
 * not escape (`escapeValue: false`) because React does — never feed `t()` output to innerHTML.
 */
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { desktop } from '../lib/desktop.js';
import { usePreferences } from '../state/preferences.js';
import { resolveLanguage, type Language } from './language.js';
import { de } from './locales/de.js';
import { en } from './locales/en.js';

export { SUPPORTED_LANGUAGES, languageFromPreferred, resolveLanguage, type Language } from './language.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** The OS's preferred languages: the browser's until the Electron bridge answers. */
let systemLanguages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];

/** The shared instance (exported for tests and for the rare non-React caller that needs `exists`). */
export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: resolveLanguage(usePreferences.getState().language, systemLanguages),
  fallbackLng: 'en',
  supportedLngs: ['en', 'de'],
  initAsync: false,
  returnNull: false,
  interpolation: { escapeValue: false },
});
// `{{label, lowercase}}`: English puts a field's name mid-sentence in lower case ("Replace relay
// password"); German keeps nouns capitalised, so its texts just leave the formatter out.
i18n.services.formatter?.add('lowercase', (value: unknown) => String(value).toLowerCase());

/** `t` for code outside React components. Reads the current language at call time. */
export const t: TFunction<'translation'> = i18n.t.bind(i18n);

/** `t` for components; the component re-renders when the language changes. */
export function useT(): TFunction<'translation'> {
  return useTranslation(undefined, { i18n }).t;
}

/** The language in effect, as a hook (for `lang` attributes and Intl formatters). */
export function useLanguage(): Language {
  return useTranslation(undefined, { i18n }).i18n.language as Language;
}

/** The language in effect now. */
export function currentLanguage(): Language {
  return (i18n.language === 'de' ? 'de' : 'en');
}

/** The OS languages the 'system' choice follows (shown in the display menu). */
export function systemLanguage(): Language {
  return resolveLanguage('system', systemLanguages);
}

function apply(): void {
  const lng = resolveLanguage(usePreferences.getState().language, systemLanguages);
  if (i18n.language !== lng) void i18n.changeLanguage(lng);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

// A manual choice switches at once; 'system' follows the OS.
usePreferences.subscribe(apply);
if (typeof window !== 'undefined') {
  window.addEventListener('languagechange', () => {
    systemLanguages = navigator.languages;
    apply();
  });
  // In Electron the OS list comes from main (app.getPreferredSystemLanguages); navigator.languages
  // there reflects Chromium's UI locale only.
  // An older main process answers without `languages`; then navigator.languages stays in use.
  void desktop()?.app.info().then((info) => {
    const languages: unknown = info.languages;
    if (Array.isArray(languages) && languages.length > 0 && languages.every((l) => typeof l === 'string')) {
      systemLanguages = languages;
      apply();
    }
  }).catch(() => undefined);
}
apply();
