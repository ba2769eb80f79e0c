/**
 * English texts: the reference locale. Every other locale must have exactly these keys
 * (the `LocaleTexts` type and test/unit/renderer/i18n.test.ts enforce it).
 *
 * One top-level key per feature, so helpers working on different features append to different
 * blocks. Interpolation uses i18next's `{{name}}`; plurals use the `_one` / `_other` suffixes
 * (Intl.PluralRules categories). Values are plain text: React renders them as text nodes, never HTML.
 */
export const en = {
  common: {
    close: 'Close',
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving…',
    delete: 'Delete',
    edit: 'Edit',
    add: 'Add',
    remove: 'Remove',
    retry: 'Retry',
    loading: 'Loading…',
    search: 'Search',
    back: 'Back',
    yes: 'Yes',
    no: 'No',
    none: 'None',
    unknown: 'Unknown',
  },
  time: {
    now: 'now',
    minutes: '{{count}} min',
    hours: '{{count}} h',
    hoursMinutes: '{{hours}} h {{minutes}} min',
    days: '{{count}} d',
  },
  preferences: {
    title: 'Display',
    language: 'Language',
    languageSystem: 'System ({{language}})',
    theme: 'Theme',
    themeSystem: 'System',
    themeLight: 'Light',
    themeDark: 'Dark',
  },
  roles: {
    agent: 'agent',
    lead: 'lead',
    admin: 'admin',
  },
  login: {
    intro: "Sign in to your contact center's hub.",
    hubAddress: 'Hub address',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    demoAccounts: 'Demo accounts',
    demoPassword: 'This hub runs in demo mode. Password for all:',
    errors: {
      hubAddress: 'Enter the hub address, for example {{example}}',
      hubCredentials: 'The hub address must not contain a user name or password',
      hubStatus: 'The hub answered {{status}}',
      unreachable: 'Cannot reach the hub at {{hubUrl}}. Is it running?',
      required: 'Email and password are required',
      wrongCredentials: 'Wrong email or password',
      throttled: 'Too many failed sign-ins. Please wait a few minutes and try again.',
      failed: 'Sign-in failed ({{status}})',
    },
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
};
