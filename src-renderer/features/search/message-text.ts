/**
 * The searchable text of a cached message.
 *
 * An email whose HTML part arrived next to a text part (`channelMeta.html`) is indexed from its
 * text part, the message body. A body that is itself HTML (a mail that had only an HTML part) is
 * stripped to its text first. The stripping is a few regular expressions rather than DOMPurify or
 * DOMParser: it runs in the search worker, which has no DOM, and its output is only tokenized for
 * the index and cut into plain-text snippets, never rendered as HTML, so it needs to be roughly
 * right, not safe.
 */
import type { Message } from '../../../src-shared/index.js';

/** Text beyond this is not indexed: a mail's first 100,000 characters are what an agent searches for. */
export const MAX_INDEXED_CHARS = 100_000;

const NAMED: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', euro: '€',
  eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', bdquo: '„', ldquo: '“', rdquo: '”',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED[name] ?? whole;
  });
}

/** The visible text of an HTML document: no head, style, script or comments, tags as spaces, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(head|style|script|title|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

/** Whether a message body is HTML rather than text (an HTML-only mail stores its HTML as the body). */
export function bodyIsHtml(message: Pick<Message, 'body' | 'channelMeta'>): boolean {
  if (message.channelMeta.contentType === 'text/html') return true;
  return /^\s*(<!doctype html|<html[\s>])/i.test(message.body.slice(0, 200));
}

/** What the index and the snippets read of a message. */
export function searchableText(message: Pick<Message, 'body' | 'channelMeta'>): string {
  const body = message.body.length > MAX_INDEXED_CHARS * 3 ? message.body.slice(0, MAX_INDEXED_CHARS * 3) : message.body;
  const subject = typeof message.channelMeta.subject === 'string' ? `${message.channelMeta.subject}\n` : '';
  const text = subject + (bodyIsHtml(message) ? htmlToText(body) : body);
  return text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text;
}
