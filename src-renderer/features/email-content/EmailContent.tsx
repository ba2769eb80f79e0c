import { memo, useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../../state/store.js';
import { fetchAttachment, imageDataUrl, isPreviewable, saveBlob, safeDownloadName, type EmailAttachment } from './attachments.js';
import { EMAIL_FRAME_SANDBOX, emailFrameDocument, estimateFrameHeight } from './email-frame-document.js';
import { normalizeCid, sanitizeEmailHtml } from './sanitize-email.js';
import { useT } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/format.js';

interface EmailContentProps {
  messageId: string;
  /** The HTML part exactly as received (channelMeta.html). */
  html: string;
  /** The text body, for the frame's height estimate and its accessible name. */
  text: string;
  attachments: EmailAttachment[];
}

/**
 * An HTML email: sanitized, shown in a sandboxed frame without scripts or same-origin, remote
 * content blocked until the agent allows it for this message, inline (cid:) images resolved from
 * the mail's own attachments on the hub.
 */
export const EmailHtml = memo(function EmailHtml({ messageId, html, text, attachments }: EmailContentProps) {
  const t = useT();
  const session = useAppStore((s) => s.session);
  // Per message and per viewing: allowing remote content is a decision about this mail, not a setting.
  const [allowRemote, setAllowRemote] = useState(false);
  const inlineImages = useInlineImages(messageId, attachments, html, session?.hubUrl ?? null, session?.token ?? null);
  // The frame is built a task after the row's first frame. A frame's document loads and paints
  // asynchronously anyway, so it never showed in that first frame; but sanitizing the mail and
  // creating the frame in the same task made a long thread's first paint wait for every mail on
  // screen (DOMPurify on 5–50 KB of HTML each).
  const [framed, setFramed] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setTimeout(() => setFramed(true), 0));
    return () => cancelAnimationFrame(frame);
  }, []);
  const sanitized = useMemo(() => (framed ? sanitizeEmailHtml(html, { allowRemote, inlineImages }) : null), [framed, html, allowRemote, inlineImages]);
  const srcDoc = useMemo(() => (sanitized ? emailFrameDocument(sanitized.html, allowRemote) : null), [sanitized, allowRemote]);
  if (!sanitized || srcDoc === null) {
    // The frame's place, sized from the raw markup, so the row keeps its height when the frame comes.
    return (
      <div className="email-html" data-testid="email-html" aria-busy="true">
        <div className="email-frame" style={{ height: estimateFrameHeight(html, text.length) }} />
      </div>
    );
  }
  const height = estimateFrameHeight(sanitized.html, text.length);
  return (
    <div className="email-html" data-testid="email-html">
      {sanitized.blockedRemote > 0 && !allowRemote && (
        <p className="remote-blocked" role="status">
          <span>{t('email.remoteBlocked', { count: sanitized.blockedRemote })}</span>{' '}
          <button type="button" onClick={() => setAllowRemote(true)}>{t('email.loadRemote')}</button>
        </p>
      )}
      <iframe
        title={t('email.frameTitle')}
        className="email-frame"
        sandbox={EMAIL_FRAME_SANDBOX}
        srcDoc={srcDoc}
        referrerPolicy="no-referrer"
        style={{ height }}
        data-remote={allowRemote ? 'allowed' : 'blocked'}
      />
    </div>
  );
});

/** Data: URLs for the mail's inline raster images, keyed by normalized Content-ID. */
function useInlineImages(messageId: string, attachments: EmailAttachment[], html: string, hubUrl: string | null, token: string | null): ReadonlyMap<string, string> {
  const [images, setImages] = useState<ReadonlyMap<string, string>>(() => new Map());
  const wanted = useMemo(
    () => (/cid:/i.test(html) ? attachments.filter((a) => a.cid && isPreviewable(a)) : []),
    [attachments, html],
  );
  useEffect(() => {
    if (wanted.length === 0 || !hubUrl || !token) return;
    let cancelled = false;
    void Promise.all(
      wanted.map(async (a) => {
        try {
          return [normalizeCid(a.cid ?? ''), await imageDataUrl(await fetchAttachment(hubUrl, token, messageId, a), a)] as const;
        } catch {
          return null; // Offline or gone: the image stays out, the mail still shows.
        }
      }),
    ).then((pairs) => {
      if (!cancelled) setImages(new Map(pairs.filter((p): p is readonly [string, string] => p !== null)));
    });
    return () => {
      cancelled = true;
    };
  }, [wanted, messageId, hubUrl, token]);
  return images;
}

/** The attachments of a mail: save any of them; preview raster images as images. */
export const EmailAttachments = memo(function EmailAttachments({ messageId, attachments }: { messageId: string; attachments: EmailAttachment[] }) {
  const t = useT();
  const session = useAppStore((s) => s.session);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const listed = attachments.filter((a) => !a.inline || !a.cid);
  if (listed.length === 0) return null;

  async function run(attachment: EmailAttachment, action: 'save' | 'preview') {
    if (!session) return;
    setError(null);
    try {
      const blob = await fetchAttachment(session.hubUrl, session.token, messageId, attachment);
      if (action === 'save') saveBlob(blob, attachment.filename);
      else {
        const url = await imageDataUrl(blob, attachment);
        setPreviews((p) => ({ ...p, [attachment.sha256]: url }));
      }
    } catch (e) {
      setError(`${safeDownloadName(attachment.filename)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return (
    <ul className="email-attachments" aria-label={t('email.attachments')}>
      {listed.map((a) => (
        <li key={a.sha256} data-testid="email-attachment">
          <span className="attachment-name">{safeDownloadName(a.filename)}</span> <span className="muted">({formatSize(a.size)})</span>{' '}
          <button type="button" onClick={() => void run(a, 'save')}>{t('common.save')}</button>
          {isPreviewable(a) && !previews[a.sha256] && (
            <button type="button" onClick={() => void run(a, 'preview')}>{t('email.preview')}</button>
          )}
          {previews[a.sha256] && <img className="attachment-preview" src={previews[a.sha256]} alt={safeDownloadName(a.filename)} />}
        </li>
      ))}
      {error && <li className="error" role="alert">{error}</li>}
    </ul>
  );
});

function formatSize(bytes: number): string {
  // Intl's byte units: "12 kB" / "1.5 MB" in English, "12 kB" / "1,5 MB" in German.
  if (bytes < 1024) return formatNumber(bytes, { style: 'unit', unit: 'byte' });
  if (bytes < 1024 * 1024) return formatNumber(Math.round(bytes / 1024), { style: 'unit', unit: 'kilobyte' });
  return formatNumber(bytes / 1024 / 1024, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
}
