import { useEffect, useId, useRef, useState } from 'react';
import { systemLanguage, useT } from '../../i18n/index.js';
import { usePreferences, type LanguagePreference, type ThemePreference } from '../../state/preferences.js';

/**
 * Language and theme choice, in the top bar and on the login screen.
 *
 * A disclosure button with a small panel: Escape or a click on the button closes it and focus
 * returns to the button. Changes apply at once and persist on this computer.
 */
export function DisplayMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="display-menu">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {t('preferences.title')}
      </button>
      {open && (
        <div
          id={panelId}
          className="display-panel"
          role="group"
          aria-label={t('preferences.title')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
              buttonRef.current?.focus();
            }
          }}
        >
          <DisplaySettings autoFocus />
        </div>
      )}
    </div>
  );
}

/** The two selects themselves (also usable inline, e.g. on a settings screen). */
export function DisplaySettings({ autoFocus = false }: { autoFocus?: boolean }) {
  const t = useT();
  const language = usePreferences((s) => s.language);
  const theme = usePreferences((s) => s.theme);
  const setLanguage = usePreferences((s) => s.setLanguage);
  const setTheme = usePreferences((s) => s.setTheme);
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (autoFocus) firstRef.current?.focus();
  }, [autoFocus]);
  return (
    <>
      <label>
        {t('preferences.language')}
        <select ref={firstRef} value={language} onChange={(e) => setLanguage(e.target.value as LanguagePreference)}>
          <option value="system">{t('preferences.languageSystem', { language: t(`languages.${systemLanguage()}`) })}</option>
          <option value="de" lang="de">{t('languages.de')}</option>
          <option value="en" lang="en">{t('languages.en')}</option>
        </select>
      </label>
      <label>
        {t('preferences.theme')}
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemePreference)}>
          <option value="system">{t('preferences.themeSystem')}</option>
          <option value="light">{t('preferences.themeLight')}</option>
          <option value="dark">{t('preferences.themeDark')}</option>
        </select>
      </label>
    </>
  );
}
