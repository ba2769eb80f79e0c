import { memo, useMemo } from 'react';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedMessage } from '../../db/database.js';
import { formatTime } from '../../lib/time.js';
import { discardMessage, resendMessage } from './commands.js';
import { messageStatus, statusLabel } from './message-status.js';
import { emailMetaOf } from '../email-content/attachments.js';
import { EmailAttachments, EmailHtml } from '../email-content/EmailContent.js';
import { requestQuote } from '../email-content/quote-requests.js';
import { quoteForForward, quoteForReply } from '../email-content/quote.js';
import { useT } from '../../i18n/index.js';
import { requestForward } from './forward-requests.js';
import { OutboundMeta } from './OutboundMeta.js';

interface MessageRowProps {
  message: CachedMessage;
  authorName: string | null;
}

/**
 * One message of the thread.
 *
 * The thread's live query hands over fresh objects on every change to the conversation, so rows
 * compare by what they show: a reply sent or a pull re-renders the rows that changed, not the thread.
 */
export const MessageRow = memo(function MessageRow({ message, authorName }: MessageRowProps) {
  const { db } = useWorkspace();
  const t = useT();
  const who = message.direction === 'inbound' ? t('messageRow.customer') : (authorName ?? t('messageRow.agent'));
  const status = messageStatus(message);
  const label = statusLabel(status);
  // Read once per content change: the row's memo keeps the frame from being rebuilt on unrelated updates.
  const email = useMemo(() => (message.direction === 'inbound' ? emailMetaOf(message.channelMeta) : null), [message.direction, message.channelMeta.html, message.channelMeta.attachments]);
  // Only a customer's mail can be forwarded (it has a sender address; chat and social messages do not).
  const isMail = message.direction === 'inbound' && typeof message.channelMeta.messageId === 'string' && Boolean(email?.from);
  return (
    <li
      className={`message message-${message.direction}`}
      data-message-id={message.id}
      data-state={message.localState ?? 'sent'}
      data-delivery={message.localState === undefined ? (message.delivery?.status ?? undefined) : undefined}
    >
      <div className="message-meta">
        <span className="author">{message.direction === 'note' ? t('messageRow.note', { who }) : who}</span>
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {label && status.kind !== 'needs-attention' && <span className={`state ${status.kind}`}>{label}</span>}
      </div>
      {message.direction === 'outbound' && <OutboundMeta channelMeta={message.channelMeta} />}
      {status.kind === 'needs-attention' && (
        <p className="state needs-attention" role="alert">
          {status.reason}
        </p>
      )}
      {status.kind === 'undeliverable' && (
        // Text, not colour only: the agent reads why the customer did not get this reply.
        <p className="state undeliverable" data-testid="delivery-error">
          {t('messageRow.undeliverable', { reason: status.reason })}
        </p>
      )}
      {/* Customer text is rendered as text, never as HTML; an HTML mail only sanitized, in a sandboxed frame. */}
      {email?.html ? (
        <EmailHtml messageId={message.id} html={email.html} text={message.body} attachments={email.attachments} />
      ) : (
        <div className="message-body">{message.body}</div>
      )}
      {email && email.attachments.length > 0 && <EmailAttachments messageId={message.id} attachments={email.attachments} />}
      {message.direction === 'inbound' && (
        <div className="message-actions">
          <button
            type="button"
            className="quote-action"
            onClick={() => requestQuote(message.conversationId, quoteForReply({ body: message.body, createdAt: message.createdAt, author: email?.fromName ?? email?.from ?? null }), message.id)}
          >
            {t('messageRow.quote')}
          </button>
          {isMail && (
            <button
              type="button"
              className="forward-action"
              onClick={() =>
                requestForward({
                  conversationId: message.conversationId,
                  messageId: message.id,
                  text: quoteForForward({ body: message.body, createdAt: message.createdAt, author: email?.fromName ? `${email.fromName} <${email.from}>` : (email?.from ?? null), subject: email?.subject ?? null }),
                })
              }
            >
              {t('conversationCompose.forward')}
            </button>
          )}
        </div>
      )}
      {(message.localState === 'failed' || message.localState === 'needs-attention') && (
        <div className="message-actions">
          <button type="button" onClick={() => void resendMessage(db, message.id)}>
            {message.localState === 'needs-attention' ? t('messageRow.sendAnyway') : t('common.retry')}
          </button>
          <button type="button" onClick={() => void discardMessage(db, message.id)}>{t('messageRow.discard')}</button>
        </div>
      )}
    </li>
  );
}, sameRow);

/** Equal when everything the row renders is equal. */
export function sameRow(a: MessageRowProps, b: MessageRowProps): boolean {
  const x = a.message;
  const y = b.message;
  return (
    a.authorName === b.authorName &&
    x.id === y.id &&
    x.direction === y.direction &&
    x.body === y.body &&
    x.channelMeta.html === y.channelMeta.html &&
    x.channelMeta.visibility === y.channelMeta.visibility &&
    JSON.stringify(x.channelMeta.forward ?? null) === JSON.stringify(y.channelMeta.forward ?? null) &&
    JSON.stringify(x.channelMeta.attachments ?? null) === JSON.stringify(y.channelMeta.attachments ?? null) &&
    x.createdAt === y.createdAt &&
    x.localState === y.localState &&
    x.localError === y.localError &&
    x.localErrorReason === y.localErrorReason &&
    x.delivery?.status === y.delivery?.status &&
    x.delivery?.error === y.delivery?.error
  );
}
