/**
 * The Callbacks view: every open callback the agent may see, by due time, each a queue item with
 * its own deadline — overdue and escalated ones flagged, reassignable, one click from its thread.
 */
import { isLeadRole } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { useNow } from '../../lib/time.js';
import { useUserNames } from '../conversation/queries.js';
import { useLiveQuery } from 'dexie-react-hooks';
import { queueUpdateCallback } from './commands.js';
import { useCustomerNames, useOpenCallbacks } from './queries.js';
import { reasonText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../i18n/format.js';

export function CallbacksView({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const t = useT();
  const { db, me } = useWorkspace();
  const callbacks = useOpenCallbacks(db);
  const names = useUserNames(db);
  const customers = useCustomerNames(db, (callbacks ?? []).map((c) => c.customerId));
  const users = useLiveQuery(() => db.users.toArray(), [db]);
  const now = useNow(15_000);
  if (!callbacks) return null;
  if (callbacks.length === 0) return <p className="empty">{t('callbacks.empty')}</p>;
  return (
    <ol className="callbacks-list" aria-label={t('shell.callbacks')}>
      {callbacks.map((c) => {
        const overdue = new Date(c.dueAt).getTime() < now;
        // Agents take a callback or hand it back to the team; leads give it to anyone in its team.
        const choices = (users ?? []).filter((u) => u.id === me.id || (isLeadRole(me.role) && (isLeadRole(u.role) || u.departments.includes(c.departmentId))));
        return (
          <li key={c.id} className={`callback-row${overdue ? ' overdue' : ''}${c.escalatedAt ? ' escalated' : ''}`} data-testid="callback-row" data-callback-id={c.id}>
            <button type="button" className="callback-open" onClick={() => onOpen(c.conversationId)}>
              <strong>{customers?.get(c.customerId) ?? t('callbacks.customer')}</strong> · {t('callbacks.due')} <time dateTime={c.dueAt}>{formatDateTime(c.dueAt)}</time>
            </button>
            <div className="muted">
              {c.number} · {c.assigneeId ? (c.assigneeId === me.id ? t('callbacks.you') : (names?.get(c.assigneeId) ?? t('callbacks.aColleague'))) : t('callbacks.anyoneLower')}
              {overdue && <strong className="overdue-flag"> · {t('callbacks.overdue')}</strong>}
              {c.escalatedAt && <strong className="escalated-flag" data-testid="escalated"> · {t('callbacks.escalated')}</strong>}
              {c.localState === 'pending' && ` · ${t('callbacks.saving')}`}
              {c.localState === 'failed' && <span role="alert"> · {t('callbacks.notSaved', { reason: reasonText(c.localErrorReason, c.localError ?? '') })}</span>}
            </div>
            <label>
              <span className="visually-hidden">{t('lead.reassign')}</span>
              <select
                aria-label={t('callbacks.reassign')}
                value={c.assigneeId ?? ''}
                onChange={(e) => void queueUpdateCallback(db, c, { kind: 'reassign', assigneeId: e.target.value === '' ? null : e.target.value })}
              >
                <option value="">{t('callbacks.anyone')}</option>
                {c.assigneeId && !choices.some((u) => u.id === c.assigneeId) && <option value={c.assigneeId}>{names?.get(c.assigneeId) ?? t('callbacks.aColleague')}</option>}
                {choices.map((u) => (
                  <option key={u.id} value={u.id}>{u.id === me.id ? t('callbacks.me', { name: u.name }) : u.name}</option>
                ))}
              </select>
            </label>
          </li>
        );
      })}
    </ol>
  );
}
