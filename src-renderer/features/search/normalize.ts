/**
 * Words for the offline search: one normalizer shared by the index (worker), the query and the
 * highlighting (main thread), so what is indexed, what is asked and what is marked always agree.
 *
 * German/English-aware: lowercase, ß → ss, diacritics folded to the base letter (ä → a, é → e).
 * A word with an umlaut is indexed twice, folded and transcribed (Müller → `muller` and
 * `mueller`), so "Müller", "Muller" and "Mueller" all find it; a query word is only folded.
 * Pure functions, no DOM: the worker imports them too.
 */

/** Shorter words are not indexed (single letters would fill the index and match everything). */
export const MIN_WORD = 2;
/** Longer "words" are tokens, hashes or base64 remains: not worth indexing. */
export const MAX_WORD = 40;

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;
/** Most words are plain ASCII: they skip Unicode normalization, the costly part (a 30 KB mail has thousands of words). */
const ASCII = /^[\x00-\x7f]*$/;

/** Lowercase, ß → ss, diacritics removed. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  return ASCII.test(lower) ? lower : lower.replace(/ß/g, 'ss').normalize('NFD').replace(MARKS, '');
}

/** The forms a word is indexed under: folded, plus the ae/oe/ue transcription of a German umlaut. */
export function wordForms(word: string): string[] {
  const lower = word.toLowerCase();
  if (ASCII.test(lower)) return [lower];
  const folded = fold(lower);
  if (!/[äöü]/.test(lower)) return [folded];
  const transcribed = fold(lower.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'));
  return transcribed === folded ? [folded] : [folded, transcribed];
}

/** The words of a text with their offsets (for snippets and highlighting). */
export function wordsWithOffsets(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The distinct index terms of a text. */
export function indexTerms(text: string): string[] {
  const words = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (word.length >= MIN_WORD && word.length <= MAX_WORD) words.add(word);
  }
  const terms = new Set<string>();
  for (const word of words) for (const form of wordForms(word)) terms.add(form);
  return [...terms];
}

/** One word of a query: matched exactly, or as a prefix (the word still being typed). */
export type QueryToken = { kind: 'exact'; term: string } | { kind: 'prefix'; prefix: string };

/**
 * The tokens of a query. Every word must match (AND). The last word is a prefix while the agent
 * is still typing it (no trailing space), so "bestell" finds "Bestellung".
 */
export function queryTokens(query: string): QueryToken[] {
  const words = [...query.matchAll(WORD)].map((m) => m[0]).filter((w) => w.length <= MAX_WORD);
  const typing = words.length > 0 && !/[^\p{L}\p{N}]$/u.test(query);
  const tokens: QueryToken[] = [];
  const seen = new Set<string>();
  words.forEach((word, i) => {
    const term = fold(word);
    if (i === words.length - 1 && typing) {
      if (term.length >= MIN_WORD) tokens.push({ kind: 'prefix', prefix: term });
      return;
    }
    if (term.length < MIN_WORD || seen.has(term)) return;
    seen.add(term);
    tokens.push({ kind: 'exact', term });
  });
  return tokens;
}

/** Whether one of a word's forms matches a token. */
export function wordMatches(word: string, token: QueryToken): boolean {
  if (word.length < MIN_WORD) return false;
  return wordForms(word).some((form) => (token.kind === 'exact' ? form === token.term : form.startsWith(token.prefix)));
}

/**
 * For a set of tokens: which of them a word matches (a bit set), remembered per distinct word
 * — mails repeat their words a lot.
 */
export function tokenMatcher(tokens: readonly QueryToken[]): (word: string) => number {
  const memo = new Map<string, number>();
  return (word) => {
    let bits = memo.get(word);
    if (bits === undefined) {
      bits = 0;
      tokens.forEach((t, i) => {
        if (wordMatches(word, t)) bits! |= 1 << i;
      });
      memo.set(word, bits);
    }
    return bits;
  };
}

/** Whether every token matches some word of the text. */
export function containsAll(text: string, tokens: readonly QueryToken[]): boolean {
  return findMatches(text, tokens).all;
}

/** In one pass over the text: whether every token matches some word, and where the first matching word is. */
export function findMatches(text: string, tokens: readonly QueryToken[]): { all: boolean; first: { start: number; end: number } | null } {
  const all = (1 << tokens.length) - 1;
  const match = tokenMatcher(tokens);
  let found = 0;
  let first: { start: number; end: number } | null = null;
  for (const m of text.matchAll(WORD)) {
    const bits = match(m[0]);
    if (bits === 0) continue;
    first ??= { start: m.index, end: m.index + m[0].length };
    found |= bits;
    if (found === all) return { all: true, first };
  }
  return { all: tokens.length === 0, first };
}

/** Whether an indexed term matches a token. */
export function termMatches(term: string, token: QueryToken): boolean {
  return token.kind === 'exact' ? term === token.term : term.startsWith(token.prefix);
}

/**
 * A text cut into plain and matching parts, for highlighting as React text (never as HTML).
 */
export function highlightParts(text: string, tokens: readonly QueryToken[]): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  const match = tokenMatcher(tokens);
  let at = 0;
  for (const w of wordsWithOffsets(text)) {
    if (match(w.word) === 0) continue;
    if (w.start > at) parts.push({ text: text.slice(at, w.start), hit: false });
    parts.push({ text: w.word, hit: true });
    at = w.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return parts;
}

/**
 * About `width` characters of `text` around the first word matching a token (the start of the text
 * when none matches), cut at word boundaries, with an ellipsis where cut. Null when no word matches.
 */
export function snippetAround(text: string, tokens: readonly QueryToken[], width = 180): string | null {
  const hit = findMatches(text, tokens).first;
  if (!hit) return null;
  return snippetAt(text, hit, width);
}

/** About `width` characters of `text` around a matching word at `hit` (see {@link snippetAround}). */
export function snippetAt(text: string, hit: { start: number; end: number }, width = 180): string {
  let start = Math.max(0, hit.start - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < hit.start) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > hit.end) end = space;
  }
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${body}${end < text.length ? ' …' : ''}`;
}
