import { describe, expect, it } from 'vitest';
import { languageFromPreferred, resolveLanguage } from '../../../src-renderer/i18n/language.js';
import { de } from '../../../src-renderer/i18n/locales/de.js';
import { en } from '../../../src-renderer/i18n/locales/en.js';
import { resolveTheme } from '../../../src-renderer/theme/theme.js';

/** Every leaf of a texts tree as [dotted key, text]. */
function leaves(tree: object, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]): [string, unknown][] =>
    typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

/** The `{{name}}` placeholders a text uses, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();
}

describe('locales', () => {
  const enTexts = new Map(leaves(en));
  const deTexts = new Map(leaves(de));

  it('German has exactly the English keys', () => {
    expect([...deTexts.keys()].sort()).toEqual([...enTexts.keys()].sort());
  });

  it('has no empty or non-string texts', () => {
    for (const [key, text] of [...enTexts, ...deTexts]) {
      expect(typeof text, key).toBe('string');
      expect((text as string).trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of enTexts) {
      expect(placeholders(deTexts.get(key) as string), key).toEqual(placeholders(text as string));
    }
  });

  it('has no HTML in texts (they are rendered as React text)', () => {
    for (const [key, text] of [...enTexts, ...deTexts]) expect(text as string, key).not.toMatch(/<[a-z/]/i);
  });
});

describe('language choice', () => {
  it.each([
    [['de-DE', 'en-US'], 'de'],
    [['de-AT'], 'de'],
    [['de_CH'], 'de'],
    [['DE'], 'de'],
    [['en-US', 'de-DE'], 'en'],
    [['fr-FR', 'de-DE'], 'de'],
    [['fr-FR'], 'en'],
    [['dex'], 'en'],
    [[], 'en'],
  ])('OS languages %j → %s', (preferred, expected) => {
    expect(languageFromPreferred(preferred)).toBe(expected);
  });

  it('a manual choice wins over the OS', () => {
    expect(resolveLanguage('en', ['de-DE'])).toBe('en');
    expect(resolveLanguage('de', ['en-US'])).toBe('de');
    expect(resolveLanguage('system', ['de-DE'])).toBe('de');
  });
});

describe('theme choice', () => {
  it('follows the OS unless overridden', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('field names mid-sentence', () => {
  it('English lower-cases them, German keeps the noun as written', async () => {
    const { i18n } = await import('../../../src-renderer/i18n/index.js');
    const { emptyForm, formToRequest } = await import('../../../src-renderer/features/settings/channel-form.js');
    const values = { ...emptyForm('email'), name: 'Support', address: '' };
    const before = i18n.language;
    try {
      await i18n.changeLanguage('en');
      expect(i18n.t('channelForm.replaceSecret', { label: 'Relay password' })).toBe('Replace relay password');
      expect(formToRequest(values)).toMatchObject({ ok: false, errors: { address: 'Enter the mailbox address' } });
      await i18n.changeLanguage('de');
      expect(i18n.t('channelForm.replaceSecret', { label: 'Relay-Passwort' })).toBe('Relay-Passwort ersetzen');
      expect(formToRequest(values)).toMatchObject({ ok: false, errors: { address: 'Postfachadresse eingeben' } });
    } finally {
      await i18n.changeLanguage(before);
    }
  });
});
