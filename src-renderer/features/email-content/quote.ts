/**
 * Quoted text for a reply or forward. Always plain text built from the message's text body (for a
 * mail: its text part, or the text the hub derived from the HTML), never from HTML: a quote can
 * therefore carry no markup at all, and no code edits sanitized HTML to make one.
 */

export interface QuotedSource {
  body: string;
  createdAt: string;
  /** Who wrote it, as shown to the agent (the customer's display name or address). */
  author: string | null;
}

/** Longest quote kept; a reply quoting a whole newsletter helps nobody. */
const MAX_QUOTE_CHARS = 20_000;

/**
 * Quote a message for a reply: an attribution line, then each line prefixed with "> ".
 *
 * Control characters other than tab and newline are dropped (they can reorder what the agent
 * sees, e.g. bidi overrides, or confuse mail clients); the text is otherwise kept as written.
 */
export function quoteForReply(source: QuotedSource, locale?: string): string {
  const when = new Date(source.createdAt);
  const date = Number.isNaN(when.getTime()) ? source.createdAt : when.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const who = plain(source.author ?? '').trim() || 'The customer';
  const body = plain(source.body).slice(0, MAX_QUOTE_CHARS);
  const lines = body.replace(/\r\n?/g, '\n').split('\n').map((line) => (line ? `> ${line}` : '>'));
  return `On ${date}, ${who} wrote:\n${lines.join('\n')}\n`;
}

/** Forwarded text: a header block and the original text, plain as for a reply. */
export function quoteForForward(source: QuotedSource & { subject: string | null }): string {
  const header = ['---------- Forwarded message ----------', `From: ${plain(source.author ?? '').trim() || 'the customer'}`, `Date: ${source.createdAt}`];
  if (source.subject) header.push(`Subject: ${plain(source.subject)}`);
  return `${header.join('\n')}\n\n${plain(source.body).slice(0, MAX_QUOTE_CHARS)}\n`;
}

function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
