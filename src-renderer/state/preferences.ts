/**
 * Display preferences of this computer: language and theme.
 *
 * Kept apart from the session store on purpose: they outlive sign-out and belong to the machine,
 * not to the agent's cached data, so they persist under their own localStorage key.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** 'system' follows the OS (Electron bridge or `navigator.languages`). */
export type LanguagePreference = 'system' | 'en' | 'de';
/** 'system' follows `prefers-color-scheme` (Electron maps it to nativeTheme). */
export type ThemePreference = 'system' | 'light' | 'dark';

interface PreferencesState {
  language: LanguagePreference;
  theme: ThemePreference;
  setLanguage(language: LanguagePreference): void;
  setTheme(theme: ThemePreference): void;
}

export const PREFERENCES_STORAGE_KEY = 'switchboard.preferences';

export const usePreferences = create<PreferencesState>()(
  persist(
    (set) => ({
      language: 'system',
      theme: 'system',
      setLanguage: (language) => set({ language }),
      setTheme: (theme) => set({ theme }),
    }),
    {
      name: PREFERENCES_STORAGE_KEY,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ language: s.language, theme: s.theme }),
      // A hand-edited or outdated value falls back to 'system' instead of breaking the console.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<PreferencesState>;
        return {
          ...current,
          language: p.language === 'en' || p.language === 'de' ? p.language : 'system',
          theme: p.theme === 'light' || p.theme === 'dark' ? p.theme : 'system',
        };
      },
    },
  ),
);
