/**
 * German texts for the agent's console: concise, imperative labels ("Zuweisen", "Schließen"),
 * addressing the agent informally only where a sentence cannot be avoided.
 */
import type { LocaleTexts } from './types.js';

export const de: LocaleTexts = {
  common: {
    close: 'Schließen',
    cancel: 'Abbrechen',
    save: 'Speichern',
    saving: 'Wird gespeichert …',
    delete: 'Löschen',
    edit: 'Bearbeiten',
    add: 'Hinzufügen',
    remove: 'Entfernen',
    retry: 'Erneut versuchen',
    loading: 'Wird geladen …',
    search: 'Suchen',
    back: 'Zurück',
    yes: 'Ja',
    no: 'Nein',
    none: 'Keine',
    unknown: 'Unbekannt',
  },
  time: {
    now: 'jetzt',
    minutes: '{{count}} Min.',
    hours: '{{count}} Std.',
    hoursMinutes: '{{hours}} Std. {{minutes}} Min.',
    days: '{{count}} T.',
  },
  preferences: {
    title: 'Anzeige',
    language: 'Sprache',
    languageSystem: 'System ({{language}})',
    theme: 'Design',
    themeSystem: 'System',
    themeLight: 'Hell',
    themeDark: 'Dunkel',
  },
  roles: {
    agent: 'Agent',
    lead: 'Teamleitung',
    admin: 'Admin',
  },
  login: {
    intro: 'Am Hub deines Contact Centers anmelden.',
    hubAddress: 'Hub-Adresse',
    email: 'E-Mail',
    password: 'Passwort',
    signIn: 'Anmelden',
    signingIn: 'Anmeldung läuft …',
    demoAccounts: 'Demo-Konten',
    demoPassword: 'Dieser Hub läuft im Demo-Modus. Passwort für alle:',
    errors: {
      hubAddress: 'Hub-Adresse eingeben, zum Beispiel {{example}}',
      hubCredentials: 'Die Hub-Adresse darf keinen Benutzernamen und kein Passwort enthalten',
      hubStatus: 'Der Hub antwortete mit {{status}}',
      unreachable: 'Hub unter {{hubUrl}} nicht erreichbar. Läuft er?',
      required: 'E-Mail und Passwort sind erforderlich',
      wrongCredentials: 'E-Mail oder Passwort falsch',
      throttled: 'Zu viele fehlgeschlagene Anmeldungen. Bitte einige Minuten warten und erneut versuchen.',
      failed: 'Anmeldung fehlgeschlagen ({{status}})',
    },
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
};
