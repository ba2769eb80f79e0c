/**
 * Turns a raw RFC 5322 mail into what the hub stores: the text body, the HTML as received, the
 * threading ids, the attachments and the headers — or a {@link MailRejected} that says why not.
 *
 * Parsing is mailparser's; this file only decides limits and shape. Nothing here touches the
 * database, so a mail that fails here leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import { MAX_INBOUND_BODY } from '../../ingest/ingest.js';

/** A mail the hub will not take, with the SMTP reply that says why (5xx: do not retry). */
export class MailRejected extends Error {
  override name = 'MailRejected';
  constructor(
    /** The SMTP reply code; the listener adds the matching enhanced status code. */
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MailLimits {
  maxAttachmentBytes: number;
}

/** Largest HTML part kept; it travels to consoles in channelMeta, so it is bounded like the body. */
export const MAX_HTML_CHARS = 1_000_000;
export const MAX_ATTACHMENTS = 100;
/** Raw header lines kept for the console; past this they are dropped and `headersTruncated` is set. */
const MAX_KEPT_HEADER_CHARS = 32_768;
const MAX_HEADER_LINE_CHARS = 2_000;
/** In-Reply-To plus the newest References kept for threading (the ingest path accepts 200). */
const MAX_THREAD_IDS = 100;
const MAX_SUBJECT = 2_000;

export interface ParsedAttachment {
  /** Content address (sha256 hex): the key under which the bytes are stored. */
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
  /** Content-ID for inline images the HTML refers to as `cid:…`. */
  cid: string | null;
  inline: boolean;
  content: Buffer;
}

export interface ParsedEmail {
  /** Message-ID without angle brackets; a content hash when the mail has none (see below). */
  messageId: string;
  from: { address: string; name: string | null };
  subject: string | null;
  /** The text part, or text derived from the HTML when there is none. */
  text: string;
  /** Ids this mail answers, In-Reply-To first, then References newest first. */
  answers: string[];
  attachments: ParsedAttachment[];
  /** Marked urgent by the sender (Importance: high, X-Priority 1–2, Priority: urgent). */
  urgent: boolean;
  /** Primary language subtag of Content-Language ("de" for "de-AT"), if any. */
  language: string | null;
  /** What goes into the message's channelMeta (JSON-safe; no attachment bytes). */
  meta: EmailMeta;
}

export interface EmailAttachmentMeta {
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
  cid: string | null;
  inline: boolean;
}

/** The email part of a message's channelMeta, documented in the README. */
export interface EmailMeta {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: string;
  fromName: string | null;
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string | null;
  /** The Date header as sent (ISO), not trusted for ordering. */
  date: string | null;
  /** The HTML part exactly as received; consoles must sanitize it before showing it. */
  html: string | null;
  attachments: EmailAttachmentMeta[];
  headers: { key: string; line: string }[];
  headersTruncated?: true;
}

const MESSAGE_ID = /<([^<>\s]{1,500})>/g;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text PostgreSQL can store: no NUL characters (text and jsonb refuse them) and no lone UTF-16
 * surrogates (jsonb refuses their escapes). Hostile or broken mail carries both; without this the
 * insert would fail, the sender would be told to retry, and it would fail the same way forever.
 */
export function storable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\ufffd');
}

/** Ids in a Message-ID / In-Reply-To / References value, without angle brackets. */
export function messageIdsIn(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...text.matchAll(MESSAGE_ID)].map((m) => m[1]!);
  // A bare id without brackets (seen from some clients) still threads.
  if (ids.length === 0 && /^[^<>\s]{1,500}$/.test(text.trim())) return [text.trim()];
  return ids;
}

const MAILBOX = /^[^\s@<>()",;:\\]{1,64}@[^\s@<>()",;:\\]{1,255}$/;

function addressesOf(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  return objects.flatMap((o) => o.value.flatMap((a) => (a.group ? a.group : [a])));
}

function plainAddresses(value: AddressObject | AddressObject[] | undefined): string[] {
  return addressesOf(value)
    .map((a) => a.address ?? '')
    .filter((a) => MAILBOX.test(a))
    .slice(0, 100);
}

/** A file name safe to show and to offer for download: no path, no control characters. */
function safeFilename(name: string | undefined, index: number): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim().slice(0, 255);
  return cleaned || `attachment-${index + 1}`;
}

function keptHeaders(lines: ParsedMail['headerLines']): { headers: { key: string; line: string }[]; truncated: boolean } {
  const headers: { key: string; line: string }[] = [];
  let total = 0;
  for (const { key, line } of lines) {
    const kept = line.length > MAX_HEADER_LINE_CHARS ? `${line.slice(0, MAX_HEADER_LINE_CHARS)}…` : line;
    total += kept.length;
    if (total > MAX_KEPT_HEADER_CHARS) return { headers, truncated: true };
    headers.push({ key: key.slice(0, 200), line: kept });
  }
  return { headers, truncated: false };
}

/**
 * Parse a raw mail.
 *
 * @param raw the message as received (DATA of an SMTP session, or an IMAP message source)
 * @param envelopeFrom the SMTP MAIL FROM, used when the From header has no usable address
 * @throws MailRejected when the mail cannot or may not be stored (malformed beyond use, over a limit)
 */
export async function parseMail(raw: Buffer, envelopeFrom: string | null, limits: MailLimits): Promise<ParsedEmail> {
  const parsed = await parseRaw(raw, envelopeFrom, limits);
  return {
    ...parsed,
    messageId: storable(parsed.messageId),
    from: { address: storable(parsed.from.address), name: parsed.from.name === null ? null : storable(parsed.from.name) },
    subject: parsed.subject === null ? null : storable(parsed.subject),
    text: storable(parsed.text),
    answers: parsed.answers.map(storable).filter((id) => id.length > 0),
    attachments: parsed.attachments.map((a) => ({ ...a, filename: storable(a.filename), contentType: storable(a.contentType), cid: a.cid === null ? null : storable(a.cid) })),
    meta: deepStorable(parsed.meta),
  };
}

function deepStorable<T>(value: T): T {
  if (typeof value === 'string') return storable(value) as T;
  if (Array.isArray(value)) return value.map(deepStorable) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), deepStorable(v)])) as T;
  }
  return value;
}

async function parseRaw(raw: Buffer, envelopeFrom: string | null, limits: MailLimits): Promise<ParsedEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      // HTML is stored as received: no cid: → data: inlining, no link rewriting.
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      checksumAlgo: 'sha256',
      maxHeadSize: 256 * 1024,
      maxChildNodes: 500,
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EMAXLEN') throw new MailRejected(552, `The mail's structure is too large: ${(error as Error).message}`);
    throw new MailRejected(554, `The mail could not be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }

  const sender = addressesOf(mail.from).find((a) => a.address && MAILBOX.test(a.address));
  const fromAddress = sender?.address ?? (envelopeFrom && MAILBOX.test(envelopeFrom) ? envelopeFrom : null);
  if (!fromAddress) throw new MailRejected(550, 'The mail has no valid sender address (From header or MAIL FROM)');
  const fromName = sender?.name?.trim().slice(0, 512) || null;

  const text = mail.text ?? '';
  if (text.length > MAX_INBOUND_BODY) {
    throw new MailRejected(552, `The mail's text is ${text.length} characters; this mailbox accepts up to ${MAX_INBOUND_BODY}`);
  }
  const html = typeof mail.html === 'string' && mail.html.length > 0 ? mail.html : null;
  if (html && html.length > MAX_HTML_CHARS) {
    throw new MailRejected(552, `The mail's HTML part is ${html.length} characters; this mailbox accepts up to ${MAX_HTML_CHARS}`);
  }

  if (mail.attachments.length > MAX_ATTACHMENTS) {
    throw new MailRejected(552, `The mail has ${mail.attachments.length} attachments; this mailbox accepts up to ${MAX_ATTACHMENTS}`);
  }
  const attachments = mail.attachments.map((a, index): ParsedAttachment => {
    const filename = safeFilename(a.filename, index);
    if (a.content.length > limits.maxAttachmentBytes) {
      throw new MailRejected(
        552,
        `The attachment "${filename}" is ${(a.content.length / 1_048_576).toFixed(1)} MB; this mailbox accepts attachments up to ${(limits.maxAttachmentBytes / 1_048_576).toFixed(0)} MB`,
      );
    }
    return {
      sha256: createHash('sha256').update(a.content).digest('hex'),
      filename,
      contentType: (a.contentType || 'application/octet-stream').slice(0, 255),
      size: a.content.length,
      cid: a.cid ? a.cid.slice(0, 500) : null,
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
      content: a.content,
    };
  });

  // Without a Message-ID the mail still needs a stable provider id so a redelivery of the same
  // bytes is a duplicate, not a second message: a hash of the content is one.
  const ownId = messageIdsIn(mail.messageId).map(storable).find((id) => id.length > 0);
  const messageId = ownId ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.switchboard.invalid`;
  const inReplyTo = messageIdsIn(mail.inReplyTo);
  const references = messageIdsIn(mail.references);
  const answers = [...new Set([...inReplyTo, ...references.slice().reverse()])].filter((id) => id !== messageId).slice(0, MAX_THREAD_IDS);

  const subject = mail.subject?.trim() ? mail.subject.trim().slice(0, MAX_SUBJECT) : null;
  const { headers, truncated } = keptHeaders(mail.headerLines);
  const date = mail.date instanceof Date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null;
  const meta: EmailMeta = {
    messageId,
    inReplyTo: inReplyTo[0] ?? null,
    references: references.slice(-MAX_THREAD_IDS),
    from: fromAddress,
    fromName,
    to: plainAddresses(mail.to),
    cc: plainAddresses(mail.cc),
    replyTo: plainAddresses(mail.replyTo),
    subject,
    date,
    html,
    attachments: attachments.map(({ content: _content, ...rest }) => rest),
    headers,
    ...(truncated ? { headersTruncated: true as const } : {}),
  };
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
  };
  // mailparser folds Importance, Priority, X-Priority and X-MSMail-Priority into one 'priority'.
  const urgent = header('priority') === 'high';
  const language = /^([a-z]{2,3})(-|$)/.exec(header('content-language'))?.[1] ?? null;
  return { messageId, from: { address: fromAddress, name: fromName }, subject, text, answers, attachments, urgent, language, meta };
}
