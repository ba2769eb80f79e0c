import { memo } from 'react';
import { DEPARTMENTS, isLeadRole, type DepartmentId } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedMessage } from '../../db/database.js';
import { channelLabel, DEPARTMENT_LABELS } from '../../lib/channels.js';
import { queueAssign, queueSetStatus, queueTransfer } from './commands.js';
import { Composer } from './Composer.js';
import { MessageRow } from './MessageRow.js';
import { useConversationDetail, useUserNames } from './queries.js';

/** The thread: rows are memoized (see MessageRow), so a change re-renders only the rows it touched. */
const Thread = memo(function Thread({ messages, names }: { messages: CachedMessage[]; names: Map<string, string> | undefined }) {
  return (
    <ol className="thread" aria-label="Messages">
      {messages.map((m) => (
        <MessageRow key={m.id} message={m} authorName={m.authorId ? (names?.get(m.authorId) ?? null) : null} />
      ))}
    </ol>
  );
});

export function ConversationView({ conversationId }: { conversationId: string }) {
  const { db, me } = useWorkspace();
  const detail = useConversationDetail(db, conversationId);
  const names = useUserNames(db);

  if (detail === undefined) return <section className="conversation" aria-busy="true" />;
  if (detail === null) return <section className="conversation empty">This conversation is no longer available.</section>;
  const { conversation, customer, identity, messages } = detail;
  const assignee = conversation.assigneeId ? (names?.get(conversation.assigneeId) ?? 'a colleague') : null;
  // The customer's last stored message opens the reply window (WhatsApp); an empty thread has not arrived yet.
  const lastInboundAt = messages.length === 0 ? undefined : (messages.findLast((m) => m.direction === 'inbound' && m.localState === undefined)?.createdAt ?? null);
  const mayWork = isLeadRole(me.role) || conversation.assigneeId === null || conversation.assigneeId === me.id;

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
      <Thread messages={messages} names={names} />
      {/* Keyed by conversation: a draft never follows the agent into another conversation. */}
      <Composer
        key={conversationId}
        db={db}
        me={me}
        conversationId={conversationId}
        mayWork={mayWork}
        channel={conversation.channel}
        lastInboundAt={lastInboundAt}
      />
    </section>
  );
}
