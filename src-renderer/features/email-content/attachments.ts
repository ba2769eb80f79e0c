/**
 * Email attachments in the console: read from the message's channelMeta, fetched from the hub
 * with the session's bearer token, and only ever saved as files or previewed as raster images.
 * Nothing here opens, renders or runs an attachment as a document.
 */
import { z } from 'zod';
import { t } from '../../i18n/index.js';

const AttachmentMetaSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().nonnegative(),
  cid: z.string().nullable().optional(),
  inline: z.boolean().optional(),
});
export type EmailAttachment = z.infer<typeof AttachmentMetaSchema>;

/** What the console reads of an email message's channelMeta; anything malformed reads as absent. */
export interface EmailContentMeta {
  html: string | null;
  attachments: EmailAttachment[];
  fromName: string | null;
  from: string | null;
  subject: string | null;
}

/** Parse the email part of channelMeta defensively (it is the customer's mail, stored as received). */
export function emailMetaOf(channelMeta: Record<string, unknown>): EmailContentMeta {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const list = Array.isArray(channelMeta.attachments) ? channelMeta.attachments : [];
  const attachments = list.flatMap((a) => {
    const parsed = AttachmentMetaSchema.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  });
  return { html: str(channelMeta.html), attachments, fromName: str(channelMeta.fromName), from: str(channelMeta.from), subject: str(channelMeta.subject) };
}

/** Declared types shown as an <img> preview. Never SVG: it is a document that can carry script. */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);
/** Largest image turned into a data: URL for a preview or an inline cid: image. */
export const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;

/** Whether the console may show this attachment as an image (a raster type, not too big). */
export function isPreviewable(attachment: EmailAttachment): boolean {
  return PREVIEWABLE.has(attachment.contentType.toLowerCase()) && attachment.size <= MAX_PREVIEW_BYTES;
}

/**
 * A file name safe to save under: no path parts, no control, bidi or zero-width characters (which
 * disguise `invoice‮fdp.exe` as `invoiceexe.pdf`), no leading dots, no Windows-reserved characters
 * or device names, at most 120 characters with the extension kept.
 */
export function safeDownloadName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let cleaned = name.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  cleaned = cleaned.replace(/[/\\:*?"<>|]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (/^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned.length > 120) {
    const dot = cleaned.lastIndexOf('.');
    const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
    cleaned = cleaned.slice(0, 120 - ext.length) + ext;
  }
  return cleaned || 'attachment';
}

/** The hub URL of one attachment (the hub checks the token and the conversation's visibility). */
export function attachmentUrl(hubUrl: string, messageId: string, sha256: string): string {
  return `${hubUrl.replace(/\/$/, '')}/api/email/messages/${encodeURIComponent(messageId)}/attachments/${sha256}`;
}

/** Fetch one attachment's bytes; the hub serves them as opaque octets. */
export async function fetchAttachment(hubUrl: string, token: string, messageId: string, attachment: EmailAttachment): Promise<Blob> {
  const response = await fetch(attachmentUrl(hubUrl, messageId, attachment.sha256), { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (!response.ok) throw new Error(response.status === 404 ? 'This attachment is not available' : `The hub answered ${response.status}`);
  return response.blob();
}

/** A data: URL for a raster image attachment, typed by its declared (allowlisted) type. */
export async function imageDataUrl(blob: Blob, attachment: EmailAttachment): Promise<string> {
  if (!isPreviewable(attachment)) throw new Error(t('email.notPreviewable'));
  const typed = new Blob([await blob.arrayBuffer()], { type: attachment.contentType.toLowerCase() });
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(t('email.unreadableImage')));
    reader.readAsDataURL(typed);
  });
}

/**
 * Save an attachment as a file. The blob is re-typed as opaque octets, so the browser saves it and
 * never renders it; the name is `safeDownloadName`'s.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = safeDownloadName(filename);
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
