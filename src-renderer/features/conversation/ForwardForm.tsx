import { useState, type FormEvent } from 'react';
import type { User } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { useT } from '../../i18n/index.js';
import { queueReply } from './commands.js';
import type { ForwardRequest } from './forward-requests.js';
import { forwardBody, validForwardAddress } from './reply-fields.js';

/**
 * Forward a customer's mail to an address, with an optional note. The forwarded text is the plain
 * text quoteForForward built (shown here as text, never HTML); the forward goes out through the
 * email channel and is recorded in the thread like a reply (through the outbox, offline too).
 */
export function ForwardForm({ db, me, request, onDone }: { db: SwitchboardDb; me: User; request: ForwardRequest; onDone: () => void }) {
  const t = useT();
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const valid = validForwardAddress(to);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) {
      setError(t('conversationCompose.forwardInvalid'));
      return;
    }
    try {
      await queueReply(db, {
        conversationId: request.conversationId,
        body: forwardBody(note, request.text),
        direction: 'outbound',
        author: me,
        options: { forward: { to: to.trim(), messageId: request.messageId } },
      });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <form className="composer-forward" aria-label={t('conversationCompose.forwardTitle')} onSubmit={submit}>
      <strong>{t('conversationCompose.forwardTitle')}</strong>
      <label>
        <span>{t('conversationCompose.forwardTo')}</span>
        <input type="email" aria-label={t('conversationCompose.forwardTo')} value={to} aria-invalid={to !== '' && !valid} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        <span>{t('conversationCompose.forwardNote')}</span>
        <textarea aria-label={t('conversationCompose.forwardNote')} value={note} rows={2} onChange={(e) => setNote(e.target.value)} />
      </label>
      <pre className="forward-preview" aria-label={t('conversationCompose.forwardPreview')}>
        {request.text}
      </pre>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-forward-actions">
        <button type="submit" className="primary" disabled={!valid}>
          {t('conversationCompose.forwardSend')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
