import { memo, useCallback, useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { replyWindow, type Channel, type User, type WhatsAppTemplate } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { formatTime, useNow } from '../../lib/time.js';
import { announce, TypingAnnouncer } from '../../sync/ephemeral.js';
import { queueReply } from './commands.js';
import { WINDOW_TEXT } from './template-form.js';
import { TemplateForm } from './TemplateForm.js';
import { CannedPicker } from '../canned/CannedPicker.js';
import { useCollisionTyping } from '../collision/use-collision.js';
import { useQuoteRequests } from '../email-content/quote-requests.js';

interface ComposerProps {
  db: SwitchboardDb;
  me: User;
  conversationId: string;
  /** The agent may reply (the conversation is hers, unassigned, or she is a lead); notes always work. */
  mayWork: boolean;
  channel: Channel;
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
export const Composer = memo(function Composer({ db, me, conversationId, mayWork, channel, lastInboundAt }: ComposerProps) {
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'outbound' | 'note'>('outbound');
  const [error, setError] = useState<string | null>(null);
  // "Quote in reply" on a customer message: plain quoted text appended to the reply draft.
  useQuoteRequests(conversationId, (text) => {
    setMode('outbound');
    setDraft((d) => (d.trim() ? `${d}\n\n${text}` : text));
  });
  // Re-evaluated every 30 s, so an open window closes on screen while the conversation is open.
  const now = useNow(30_000);
  const replyState = lastInboundAt === undefined ? null : replyWindow(channel, lastInboundAt, new Date(now));
  const windowClosed = mode === 'outbound' && replyState?.state === 'closed';
  const blocked = mode === 'outbound' && (!mayWork || windowClosed);
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
      if (!draft.trim() || blocked) return;
      setError(null);
      try {
        typing?.stop();
        collisionTyping.stop();
        await queueReply(db, { conversationId, body: draft, direction: mode, author: me });
        setDraft('');
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [db, me, conversationId, draft, mode, blocked, typing, collisionTyping],
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

  return (
    <div className={`composer composer-${mode}`}>
      <div className="composer-modes" role="radiogroup" aria-label="Reply or note">
        <label>
          <input type="radio" name="mode" checked={mode === 'outbound'} onChange={() => setMode('outbound')} /> Reply to customer
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'note'} onChange={() => setMode('note')} /> Internal note
        </label>
      </div>
      {mode === 'outbound' && replyState?.state === 'closed' && (
        <section className="notice reply-window" aria-label="Reply window" data-testid="reply-window-closed">
          <strong>{WINDOW_TEXT.heading}</strong>
          <p>{replyState.reason}</p>
          <p>{WINDOW_TEXT.templateHint}</p>
          <TemplateForm disabled={!mayWork} onSend={sendTemplate} />
        </section>
      )}
      {mode === 'outbound' && replyState?.state === 'open' && (
        <p className="muted reply-window-open" data-testid="reply-window-open">
          {WINDOW_TEXT.openUntil(formatTime(replyState.closesAt))}
        </p>
      )}
      <CannedPicker db={db} me={me} conversationId={conversationId} onInsert={(text) => setDraft((d) => (d.trim() ? `${d}\n${text}` : text))} />
      <form className="composer-form" onSubmit={send}>
        <textarea
          aria-label={mode === 'note' ? 'Internal note' : 'Reply'}
          placeholder={
            mode === 'note'
              ? 'Note for colleagues (the customer does not see it)'
              : windowClosed
                ? 'Free-form replies are closed; send a template above'
                : mayWork
                  ? 'Write a reply… (Ctrl+Enter sends)'
                  : 'Assigned to a colleague'
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
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={!draft.trim() || blocked}>
          {mode === 'note' ? 'Add note' : 'Send reply'}
        </button>
      </form>
    </div>
  );
});
