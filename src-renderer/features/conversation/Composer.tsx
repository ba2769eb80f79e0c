import { memo, useCallback, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { User } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueReply } from './commands.js';

interface ComposerProps {
  db: SwitchboardDb;
  me: User;
  conversationId: string;
  /** The agent may reply (the conversation is hers, unassigned, or she is a lead); notes always work. */
  mayWork: boolean;
}

/**
 * The reply and note composer.
 *
 * The draft lives here, not in the conversation view: a keystroke re-renders this form only, never
 * the thread. Its props are primitives and stable objects, so the thread's updates (a send, a pull)
 * leave it alone too.
 */
export const Composer = memo(function Composer({ db, me, conversationId, mayWork }: ComposerProps) {
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'outbound' | 'note'>('outbound');
  const [error, setError] = useState<string | null>(null);
  const blocked = mode === 'outbound' && !mayWork;

  const send = useCallback(
    async (event?: FormEvent) => {
      event?.preventDefault();
      if (!draft.trim() || blocked) return;
      setError(null);
      try {
        await queueReply(db, { conversationId, body: draft, direction: mode, author: me });
        setDraft('');
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [db, me, conversationId, draft, mode, blocked],
  );

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
  }

  return (
    <form className={`composer composer-${mode}`} onSubmit={send}>
      <div className="composer-modes" role="radiogroup" aria-label="Reply or note">
        <label>
          <input type="radio" name="mode" checked={mode === 'outbound'} onChange={() => setMode('outbound')} /> Reply to customer
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'note'} onChange={() => setMode('note')} /> Internal note
        </label>
      </div>
      <textarea
        aria-label={mode === 'note' ? 'Internal note' : 'Reply'}
        placeholder={mode === 'note' ? 'Note for colleagues (the customer does not see it)' : mayWork ? 'Write a reply… (Ctrl+Enter sends)' : 'Assigned to a colleague'}
        value={draft}
        disabled={blocked}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        rows={4}
      />
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit" className="primary" disabled={!draft.trim() || blocked}>
        {mode === 'note' ? 'Add note' : 'Send reply'}
      </button>
    </form>
  );
});
