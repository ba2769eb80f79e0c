import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { DEPARTMENTS, isLeadRole, type DepartmentId } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedMessage } from '../../db/database.js';
import { channelLabel, DEPARTMENT_LABELS } from '../../lib/channels.js';
import { formatTime } from '../../lib/time.js';
import { discardMessage, queueAssign, queueReply, queueSetStatus, queueTransfer, resendMessage } from './commands.js';
import { useConversationDetail, useUserNames } from './queries.js';

function MessageRow({ message, authorName }: { message: CachedMessage; authorName: string | null }) {
  const { db } = useWorkspace();
  const who = message.direction === 'inbound' ? 'Customer' : (authorName ?? 'Agent');
  return (
    <li className={`message message-${message.direction}`} data-message-id={message.id} data-state={message.localState ?? 'sent'}>
      <div className="message-meta">
        <span className="author">{message.direction === 'note' ? `Note · ${who}` : who}</span>
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {message.localState === 'pending' && <span className="state pending">Sending…</span>}
        {message.localState === 'failed' && <span className="state failed">Not sent: {message.localError}</span>}
      </div>
      {message.localState === 'needs-attention' && (
        <p className="state needs-attention" role="alert">
          {message.localError}
        </p>
      )}
      {/* Customer text is rendered as text, never as HTML. */}
      <div className="message-body">{message.body}</div>
      {(message.localState === 'failed' || message.localState === 'needs-attention') && (
        <div className="message-actions">
          <button type="button" onClick={() => void resendMessage(db, message.id)}>
            {message.localState === 'needs-attention' ? 'Send anyway' : 'Retry'}
          </button>
          <button type="button" onClick={() => void discardMessage(db, message.id)}>Discard</button>
        </div>
      )}
    </li>
  );
}

export function ConversationView({ conversationId }: { conversationId: string }) {
  const { db, me } = useWorkspace();
  const detail = useConversationDetail(db, conversationId);
  const names = useUserNames(db);
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'outbound' | 'note'>('outbound');
  const [error, setError] = useState<string | null>(null);

  if (detail === undefined) return <section className="conversation" aria-busy="true" />;
  if (detail === null) return <section className="conversation empty">This conversation is no longer available.</section>;
  const { conversation, customer, identity, messages } = detail;
  const assignee = conversation.assigneeId ? (names?.get(conversation.assigneeId) ?? 'a colleague') : null;
  const mayWork = isLeadRole(me.role) || conversation.assigneeId === null || conversation.assigneeId === me.id;

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (!draft.trim()) return;
    setError(null);
    try {
      await queueReply(db, { conversationId, body: draft, direction: mode, author: me });
      setDraft('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
  }

  return (
    <section className="conversation" aria-label={`Conversation with ${customer?.name ?? 'customer'}`}>
      <header className="conversation-header">
        <div>
          <h2>{customer?.name ?? 'Unknown customer'}</h2>
          <p className="muted">
            {channelLabel(conversation.channel, conversation.kind)} · {identity?.handle ?? ''}
            {conversation.subject ? ` · ${conversation.subject}` : ''}
          </p>
        </div>
        <div className="conversation-actions">
          <span className="assignee">{assignee ? `Assigned to ${conversation.assigneeId === me.id ? 'you' : assignee}` : 'Unassigned'}</span>
          {conversation.assigneeId !== me.id && mayWork && (
            <button type="button" onClick={() => void queueAssign(db, conversation, me.id)}>Assign to me</button>
          )}
          <label className="transfer">
            <span className="visually-hidden">Department</span>
            <select
              aria-label="Department"
              value={conversation.departmentId}
              disabled={!mayWork}
              onChange={(e) => void queueTransfer(db, conversation, e.target.value as DepartmentId)}
            >
              {DEPARTMENTS.map((d) => (
                <option key={d} value={d}>
                  {DEPARTMENT_LABELS[d]}
                </option>
              ))}
            </select>
          </label>
          {conversation.status !== 'closed' ? (
            <button type="button" disabled={!mayWork} onClick={() => void queueSetStatus(db, conversation, 'closed')}>Close</button>
          ) : (
            <button type="button" onClick={() => void queueSetStatus(db, conversation, 'open')}>Reopen</button>
          )}
        </div>
      </header>
      <ol className="thread" aria-label="Messages">
        {messages.map((m) => (
          <MessageRow key={m.id} message={m} authorName={m.authorId ? (names?.get(m.authorId) ?? null) : null} />
        ))}
      </ol>
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
          disabled={mode === 'outbound' && !mayWork}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          rows={4}
        />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={!draft.trim() || (mode === 'outbound' && !mayWork)}>
          {mode === 'note' ? 'Add note' : 'Send reply'}
        </button>
      </form>
    </section>
  );
}
