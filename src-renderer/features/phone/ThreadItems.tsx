/**
 * Phone-switch items of a thread: a logged call (editable by any colleague who sees the
 * conversation) and a scheduled callback (with its due time, assignee and state).
 */
import { memo, useState } from 'react';
import { CALL_OUTCOMES, formatDuration, type CallMeta, type CallOutcome } from '../../../src-shared/index.js';
import { CHANNEL_LABELS } from '../../lib/channels.js';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedCallback, CachedMessage } from '../../db/database.js';
import { formatTime } from '../../lib/time.js';
import { queueUpdateCall, queueUpdateCallback } from './commands.js';
import { parseDuration } from './CallPanel.js';
import { reasonText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../i18n/format.js';

export const CallLogRow = memo(function CallLogRow({ message, call, authorName }: { message: CachedMessage; call: CallMeta; authorName: string | null }) {
  const t = useT();
  const { db, me } = useWorkspace();
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<CallOutcome>(call.outcome);
  const [duration, setDuration] = useState(formatDuration(call.durationSeconds));
  const [notes, setNotes] = useState(call.notes);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const seconds = parseDuration(duration);
    if (seconds === null) return setError(t('phone.durationError'));
    setError(null);
    await queueUpdateCall(db, { conversationId: message.conversationId, messageId: message.id, call, outcome, durationSeconds: seconds, notes, me });
    setEditing(false);
  }

  return (
    <li className="message message-call" data-message-id={message.id} data-state={message.localState ?? 'sent'} data-testid="call-log-entry">
      <div className="message-meta">
        <span className="author">{t('phone.callBy', { who: authorName ?? t('messageRow.agent') })}</span>
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {message.localState === 'pending' && <span className="state pending">{t('common.saving')}</span>}
        {message.localState === 'failed' && <span className="state failed" role="alert">{t('phone.notSaved', { reason: reasonText(message.localErrorReason, message.localError ?? '') })}</span>}
      </div>
      <div className="message-body">
        <strong data-testid="call-outcome">{t(`phone.outcome.${call.outcome}`)}</strong> · <span data-testid="call-duration">{formatDuration(call.durationSeconds)}</span> · {call.number}
        {call.ext ? ` ${t('phone.ext', { ext: call.ext })}` : ''} <span className="muted">({t('phone.switchedFrom', { channel: CHANNEL_LABELS[call.fromChannel] })}{call.reason ? `: ${call.reason}` : ''})</span>
        {call.notes && <p data-testid="call-notes">{call.notes}</p>}
        {call.editedAt && <p className="muted">{t('phone.edited', { time: formatTime(call.editedAt) })}</p>}
      </div>
      {editing ? (
        <div className="call-edit">
          <select aria-label={t('phone.editOutcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as CallOutcome)}>
            {CALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>{t(`phone.outcome.${o}`)}</option>
            ))}
          </select>{' '}
          <input aria-label={t('phone.editDuration')} value={duration} onChange={(e) => setDuration(e.target.value)} size={8} />
          <textarea aria-label={t('phone.editNotes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={5000} />
          {error && <p className="error" role="alert">{error}</p>}
          <button type="button" onClick={() => void save()}>{t('common.save')}</button> <button type="button" onClick={() => setEditing(false)}>{t('common.cancel')}</button>
        </div>
      ) : (
        <div className="message-actions">
          <button type="button" onClick={() => setEditing(true)}>{t('phone.editCallLog')}</button>
        </div>
      )}
    </li>
  );
});

const STATUS_KEY = { open: 'phone.callbackStatus.open', done: 'phone.callbackStatus.done', cancelled: 'phone.callbackStatus.cancelled' } as const;

/** A callback as a thread item; `onCall` opens the call panel for it. */
export function CallbackItem({ callback, names, onCall }: { callback: CachedCallback; names: Map<string, string> | undefined; onCall: (c: CachedCallback) => void }) {
  const t = useT();
  const { db } = useWorkspace();
  const overdue = callback.status === 'open' && new Date(callback.dueAt).getTime() < Date.now();
  return (
    <li className={`message message-callback${overdue ? ' overdue' : ''}`} data-testid="callback-item" data-callback-id={callback.id} data-callback-status={callback.status}>
      <div className="message-meta">
        <span className="author">{t('phone.callbackBy', { who: callback.createdBy ? (names?.get(callback.createdBy) ?? t('messageRow.agent')) : t('messageRow.agent') })}</span>
        <time dateTime={callback.createdAt}>{formatTime(callback.createdAt)}</time>
        {callback.localState === 'pending' && <span className="state pending">{t('common.saving')}</span>}
        {callback.localState === 'failed' && <span className="state failed" role="alert">{t('phone.notSaved', { reason: reasonText(callback.localErrorReason, callback.localError ?? '') })}</span>}
      </div>
      <div className="message-body">
        <span data-testid="callback-status">{t(STATUS_KEY[callback.status])}</span> · {t('callbacks.due')} {formatDateTime(callback.dueAt)} · {callback.number}
        {' · '}
        {callback.assigneeId ? (names?.get(callback.assigneeId) ?? t('callbacks.aColleague')) : t('callbacks.anyoneLower')}
        {callback.escalatedAt && callback.status === 'open' && <strong className="escalated"> · {t('callbacks.escalated')}</strong>}
        {callback.note && <p>{callback.note}</p>}
      </div>
      {callback.status === 'open' && (
        <div className="message-actions">
          <button type="button" onClick={() => onCall(callback)}>{t('phone.callBackNow')}</button>{' '}
          <button type="button" onClick={() => void queueUpdateCallback(db, callback, { kind: 'done', callId: null })}>{t('phone.markDone')}</button>{' '}
          <button type="button" onClick={() => void queueUpdateCallback(db, callback, { kind: 'cancel' })}>{t('phone.cancelCallback')}</button>
        </div>
      )}
    </li>
  );
}
