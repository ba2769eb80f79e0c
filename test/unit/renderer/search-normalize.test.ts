import { describe, expect, it } from 'vitest';
import { fold, highlightParts, indexTerms, queryTokens, snippetAround, wordForms } from '../../../src-renderer/features/search/normalize.js';
import { htmlToText, searchableText } from '../../../src-renderer/features/search/message-text.js';

describe('search normalizer', () => {
  it('folds case, diacritics and ß', () => {
    expect(fold('Straße')).toBe('strasse');
    expect(fold('ÉCOLE')).toBe('ecole');
    expect(fold('Kündigung')).toBe('kundigung');
  });

  it('indexes a German umlaut both folded and transcribed', () => {
    expect(wordForms('Müller')).toEqual(['muller', 'mueller']);
    expect(wordForms('Grüße')).toEqual(['grusse', 'gruesse']);
    expect(wordForms('Invoice')).toEqual(['invoice']);
  });

  it('keeps distinct words of 2 to 40 characters, digits included', () => {
    const terms = indexTerms('Bestellung 4711 ist a b — BESTELLUNG! ' + 'x'.repeat(41));
    expect(terms.sort()).toEqual(['4711', 'bestellung', 'ist']);
  });

  it('treats the last word as a prefix while it is typed, the others as exact words', () => {
    expect(queryTokens('Rechnung betr')).toEqual([
      { kind: 'exact', term: 'rechnung' },
      { kind: 'prefix', prefix: 'betr' },
    ]);
    expect(queryTokens('Rechnung Betrag ')).toEqual([
      { kind: 'exact', term: 'rechnung' },
      { kind: 'exact', term: 'betrag' },
    ]);
    expect(queryTokens('Müll')).toEqual([{ kind: 'prefix', prefix: 'mull' }]);
    expect(queryTokens('a')).toEqual([]);
  });

  it('marks the matching words of a snippet, whatever their spelling', () => {
    const parts = highlightParts('Herr Müller schrieb: Mueller', queryTokens('muller '));
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['Müller']);
    const prefix = highlightParts('Die Bestellung kam', queryTokens('bestell'));
    expect(prefix).toEqual([
      { text: 'Die ', hit: false },
      { text: 'Bestellung', hit: true },
      { text: ' kam', hit: false },
    ]);
  });

  it('cuts a snippet around the first match', () => {
    const text = `${'Lorem ipsum dolor. '.repeat(30)}Hier steht die Kundennummer 123456 und mehr. ${'Sit amet. '.repeat(30)}`;
    const snippet = snippetAround(text, queryTokens('kundennummer '))!;
    expect(snippet).toContain('Kundennummer 123456');
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.length).toBeLessThan(200);
    expect(snippetAround('nothing here', queryTokens('absent '))).toBeNull();
  });
});

describe('searchable text of a message', () => {
  it('strips HTML to its visible text: no head, style, script or tags, entities decoded', () => {
    const html = '<!DOCTYPE html><html><head><title>Titel</title><style>body{color:red}</style></head><body><p>Gr&uuml;&szlig;e &amp; Dank</p><script>evil()</script><p>Bestellung&nbsp;4711</p></body></html>';
    expect(htmlToText(html)).toBe('Grüße & Dank Bestellung 4711');
  });

  it('reads an HTML-only mail body as text and a mail with a text part from its body, with the subject', () => {
    const htmlOnly = { body: '<html><body><p>Paket <b>fehlt</b></p></body></html>', channelMeta: { contentType: 'text/html', subject: 'Lieferung' } };
    expect(searchableText(htmlOnly)).toBe('Lieferung\nPaket fehlt');
    const both = { body: 'Paket fehlt', channelMeta: { html: '<p>Paket <i>fehlt</i></p><p>hidden-html-only</p>' } };
    expect(searchableText(both)).toBe('Paket fehlt');
    expect(indexTerms(searchableText(htmlOnly))).not.toContain('body');
  });
});
