import { memo, useCallback, useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  replySubject,
  replyVisibilities,
  replyWindow,
  type Channel,
  type ConversationKind,
  type ReplyVisibility,
  type User,
  type WhatsAppTemplate,
} from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { formatTime, useNow } from '../../lib/time.js';
import { announce, TypingAnnouncer } from '../../sync/ephemeral.js';
import { queueReply } from './commands.js';
import { WINDOW_TEXT } from './template-form.js';
import { TemplateForm } from './TemplateForm.js';
import { CannedPicker } from '../canned/CannedPicker.js';
import { useCollisionTyping } from '../collision/use-collision.js';
import { useQuoteRequests } from '../email-content/quote-requests.js';
import { refusalText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';
import { EmailFields, LengthCounter, VisibilityChoice } from './ComposerFields.js';
import { ForwardForm } from './ForwardForm.js';
import { useForwardRequests, type ForwardRequest } from './forward-requests.js';
import './conversation.css';
import { checkCc, draftLength } from './reply-fields.js';
import type { ReplyOptions } from './commands.js';

interface ComposerProps {
  db: SwitchboardDb;
  me: User;
  conversationId: string;
  /** The agent may reply (the conversation is hers, unassigned, or she is a lead); notes always work. */
  mayWork: boolean;
  channel: Channel;
  kind: ConversationKind;
  /** The conversation's subject (email): the reply's subject defaults to "Re: <subject>". */
  subject: string | null;
  /** The customer's address on this channel (email: where the reply goes; shown, not editable). */
  customerAddress: string;
  /** When the agent answers a specific mail: its time, to say so ("Answers the mail of …"). */
  messageTimes?: ReadonlyMap<string, string>;
  /**
   * When the customer last wrote (stored messages only); null: never; undefined: the thread has not
   * arrived yet, so the reply window is unknown here (the hub still checks it).
   */
  lastInboundAt: string | null | undefined;
}

/**
 * The reply and note composer.
 *
 * The draft lives here, not in the conversation view: a keystroke re-renders this form only, never
 * the thread. Its props are primitives and stable objects, so the thread's updates (a send, a pull)
 * leave it alone too.
 *
 * On channels with a reply window (WhatsApp's 24 hours) it says before the agent types when
 * free-form replies are closed, and offers an approved template instead. The rule is the hub's
 * (`replyWindow` in src-shared), so what the composer allows is what the hub accepts.
 */
export const Composer = memo(function Composer({ db, me, conversationId, mayWork, channel, kind, subject, customerAddress, messageTimes, lastInboundAt }: ComposerProps) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'outbound' | 'note'>('outbound');
  const [error, setError] = useState<string | null>(null);
  // Email: subject (default "Re: …"), cc as typed, and the mail answered (set by "Quote in reply").
  const isEmail = channel === 'email';
  const [mailSubject, setMailSubject] = useState(() => replySubject(subject));
  const [cc, setCc] = useState('');
  const [answering, setAnswering] = useState<string | null>(null);
  // Public comment and mention threads: answer in public (default) or by private message.
  const visibilities = replyVisibilities(channel, kind);
  const [visibility, setVisibility] = useState<ReplyVisibility>(visibilities[0]!);
  const [forward, setForward] = useState<ForwardRequest | null>(null);
  // "Quote in reply" on a customer message: plain quoted text appended to the reply draft; an
  // email reply then answers that mail.
  useQuoteRequests(conversationId, (text, messageId) => {
    setMode('outbound');
    setForward(null);
    setDraft((d) => (d.trim() ? `${d}\n\n${text}` : text));
    if (isEmail && messageId) setAnswering(messageId);
  });
  useForwardRequests(conversationId, setForward);
  const ccCheck = useMemo(() => checkCc(cc), [cc]);
  const length = useMemo(() => (mode === 'outbound' ? draftLength(channel, visibility, draft) : null), [mode, channel, visibility, draft]);
  // Re-evaluated every 30 s, so an open window closes on screen while the conversation is open.
  const now = useNow(30_000);
  const replyState = lastInboundAt === undefined ? null : replyWindow(channel, lastInboundAt, new Date(now));
  const windowClosed = mode === 'outbound' && replyState?.state === 'closed';
  const blocked = mode === 'outbound' && (!mayWork || windowClosed);
  // Sending is refused (with the reason on screen) while the reply breaks a channel rule.
  const invalid = mode === 'outbound' && (Boolean(length?.over) || (isEmail && (ccCheck.kind !== 'ok' || !mailSubject.trim())));
  // Website chat visitors see "Anna is typing…" while she writes a reply (never for notes).
  const typing = useMemo(
    () => (channel === 'chat' ? new TypingAnnouncer((on) => announce(db.name, { kind: 'typing', conversationId, typing: on })) : null),
    [db, channel, conversationId],
  );
  useEffect(() => () => typing?.stop(), [typing]);
  // Colleagues with this conversation open see that she is writing (replies and notes alike).
  const collisionTyping = useCollisionTyping(db.name, conversationId);

  const send = useCallback(
    async (event?: FormEvent) => {
      event?.preventDefault();
      if (!draft.trim() || blocked || invalid) return;
      setError(null);
      const options: ReplyOptions = isEmail
        ? { subject: mailSubject.trim(), ...(ccCheck.kind === 'ok' && ccCheck.addresses.length > 0 ? { cc: ccCheck.addresses } : {}), ...(answering ? { inReplyToMessageId: answering } : {}) }
        : visibilities.length > 1
          ? { visibility }
          : {};
      // The box empties at once, not after the outbox write: an agent who sends and goes straight on
      // typing would otherwise lose the start of the next message when the write finishes. A write
      // that fails gives the text back (unless she has typed something new meanwhile).
      const body = draft;
      const answered = answering;
      setDraft('');
      setAnswering(null);
      typing?.stop();
      collisionTyping.stop();
      try {
        await queueReply(db, { conversationId, body, direction: mode, author: me, options });
      } catch (e) {
        setDraft((d) => (d.trim() ? d : body));
        setAnswering((a) => a ?? answered);
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [db, me, conversationId, draft, mode, blocked, invalid, typing, collisionTyping, isEmail, mailSubject, ccCheck, answering, visibilities.length, visibility],
  );

  const sendTemplate = useCallback(
    async (template: WhatsAppTemplate, body: string) => {
      await queueReply(db, { conversationId, body, direction: 'outbound', author: me, template });
    },
    [db, me, conversationId],
  );

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
  }

  if (forward) {
    return (
      <div className="composer composer-forward-mode">
        <ForwardForm db={db} me={me} request={forward} onDone={() => setForward(null)} />
      </div>
    );
  }

  const answeringAt = answering ? messageTimes?.get(answering) : undefined;
  return (
    <div className={`composer composer-${mode}`}>
      <div className="composer-modes" role="radiogroup" aria-label={t('composer.modes')}>
        <label>
          <input type="radio" name="mode" checked={mode === 'outbound'} onChange={() => setMode('outbound')} /> {t('composer.reply')}
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'note'} onChange={() => setMode('note')} /> {t('composer.note')}
        </label>
      </div>
      {mode === 'outbound' && replyState?.state === 'closed' && (
        <section className="notice reply-window" aria-label={t('composer.replyWindow')} data-testid="reply-window-closed">
          <strong>{WINDOW_TEXT.heading}</strong>
          <p>{refusalText(replyState.reason)}</p>
          <p>{WINDOW_TEXT.templateHint}</p>
          <TemplateForm disabled={!mayWork} onSend={sendTemplate} />
        </section>
      )}
      {mode === 'outbound' && replyState?.state === 'open' && (
        <p className="muted reply-window-open" data-testid="reply-window-open">
          {WINDOW_TEXT.openUntil(formatTime(replyState.closesAt))}
        </p>
      )}
      {mode === 'outbound' && isEmail && (
        <EmailFields
          subject={mailSubject}
          onSubject={setMailSubject}
          to={customerAddress}
          cc={cc}
          onCc={setCc}
          ccCheck={ccCheck}
          answering={answeringAt ? t('conversationCompose.answering', { when: formatTime(answeringAt) }) : t('conversationCompose.answeringLatest')}
          disabled={blocked}
        />
      )}
      {mode === 'outbound' && visibilities.length > 1 && <VisibilityChoice value={visibility} onChange={setVisibility} />}
      <CannedPicker db={db} me={me} conversationId={conversationId} onInsert={(text) => setDraft((d) => (d.trim() ? `${d}\n${text}` : text))} />
      <form className="composer-form" onSubmit={send}>
        <textarea
          aria-label={mode === 'note' ? t('composer.note') : t('composer.replyLabel')}
          placeholder={
            mode === 'note'
              ? t('composer.notePlaceholder')
              : windowClosed
                ? t('composer.closedPlaceholder')
                : mayWork
                  ? t('composer.replyPlaceholder')
                  : t('composer.assignedPlaceholder')
          }
          value={draft}
          disabled={blocked}
          onChange={(e) => {
            setDraft(e.target.value);
            if (mode === 'outbound' && e.target.value.trim()) typing?.input();
            else typing?.stop();
            if (e.target.value.trim()) collisionTyping.input();
            else collisionTyping.stop();
          }}
          onBlur={() => typing?.stop()}
          onKeyDown={onKeyDown}
          rows={4}
        />
        {mode === 'outbound' && length && <LengthCounter channel={channel} length={length} />}
        {mode === 'outbound' && isEmail && !mailSubject.trim() && (
          <p className="error" role="alert">
            {t('conversationCompose.subjectMissing')}
          </p>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={!draft.trim() || blocked || invalid}>
          {mode === 'note' ? t('composer.addNote') : t('composer.sendReply')}
        </button>
      </form>
    </div>
  );
});
