/**
 * What an internal note says beyond its text: `@Name` mentions of colleagues and `#hashtags` that
 * become conversation tags. Pure, so the hub (which decides) and the console (which previews)
 * read a note the same way.
 */

/** Longest tag; longer hashtags are cut here rather than refused (the note itself is fine). */
export const MAX_TAG_LENGTH = 40;
/** Most tags one conversation carries; further hashtags are ignored. */
export const MAX_TAGS = 20;

/** A tag as stored: lower-case letters, digits, `_` and `-`, with at least one letter. */
export const TAG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}_-]*\p{L}[\p{Ll}\p{Lo}\p{N}_-]*$/u;

// A hashtag starts a word: `a#b`, `&#39;` (an HTML entity someone pasted) or a URL fragment
// (`/page#top`) are not tags. Pure numbers (`#12345`, an order number) are not tags either.
const HASHTAG = /(?<![\p{L}\p{N}_&/#])#([\p{L}\p{N}_-]+)/gu;

/** The distinct tags of a note's `#hashtags`, lower-cased, in order of appearance. */
export function hashtagsOf(body: string): string[] {
  const tags: string[] = [];
  for (const match of body.matchAll(HASHTAG)) {
    const tag = normalizeTag(match[1]!);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** A tag in its stored form, or null when it is not one (no letter, empty). */
export function normalizeTag(raw: string): string | null {
  const tag = raw.normalize('NFC').toLowerCase().replace(/^[-_]+|[-_]+$/g, '').slice(0, MAX_TAG_LENGTH);
  return TAG_PATTERN.test(tag) ? tag : null;
}

/** Merge new tags into a conversation's tags, keeping order and the cap. */
export function withTags(current: readonly string[], added: readonly string[]): string[] {
  const next = [...current];
  for (const tag of added) if (!next.includes(tag) && next.length < MAX_TAGS) next.push(tag);
  return next;
}

/** A colleague as mentions see them. */
export interface Mentionable {
  id: string;
  name: string;
}

/**
 * The colleagues a note mentions, by `@Full Name` or — when no colleague shares it — `@FirstName`
 * (case-insensitive). A mention must end at a word boundary, so `@Ann` never matches "Anna".
 */
export function mentionsOf(body: string, staff: readonly Mentionable[]): string[] {
  const text = body.normalize('NFC').toLocaleLowerCase();
  const firstNames = new Map<string, number>();
  for (const s of staff) {
    const first = firstNameOf(s.name);
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  const found: string[] = [];
  for (const s of staff) {
    const names = [s.name.normalize('NFC').toLocaleLowerCase()];
    const first = firstNameOf(s.name);
    if (firstNames.get(first) === 1) names.push(first);
    if (names.some((n) => n !== '' && mentions(text, n))) found.push(s.id);
  }
  return found;
}

function firstNameOf(name: string): string {
  return (name.normalize('NFC').trim().split(/\s+/)[0] ?? '').toLocaleLowerCase();
}

function mentions(text: string, name: string): boolean {
  let at = text.indexOf(`@${name}`);
  while (at !== -1) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + name.length + 1] ?? '';
    if (!/[\p{L}\p{N}_.@-]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    at = text.indexOf(`@${name}`, at + 1);
  }
  return false;
}
