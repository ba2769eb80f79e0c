/**
 * What a system row says: "Anna Schmidt assigned it to Ben Mitchell", "Ben closed the conversation".
 * One function for the thread (and for other features showing conversation history, e.g. snooze).
 */
import { assertNever, type ConversationEvent } from '../../../src-shared/index.js';
import type { t as translate } from '../../i18n/index.js';
import { DEPARTMENT_LABELS } from '../../lib/channels.js';
import { formatTime } from '../../lib/time.js';

type T = typeof translate;

/** The sentence for `event`, with staff names from `names` (unknown ids read as "a colleague"). */
export function eventText(event: ConversationEvent, names: ReadonlyMap<string, string> | undefined, t: T): string {
  const name = (id: string | null | undefined) => (id ? (names?.get(id) ?? t('conversationEvents.colleague')) : t('conversationEvents.hub'));
  const actor = name(event.actorId);
  switch (event.kind) {
    case 'assigned':
      if (event.cause === 'routing') return t('conversationEvents.routed', { assignee: name(event.assigneeId) });
      return event.assigneeId && event.assigneeId === event.actorId
        ? t('conversationEvents.claimed', { actor })
        : t('conversationEvents.assigned', { actor, assignee: name(event.assigneeId) });
    case 'unassigned':
      return t('conversationEvents.unassigned', { actor });
    case 'transferred':
      return t('conversationEvents.transferred', { actor, department: event.departmentId ? DEPARTMENT_LABELS[event.departmentId] : '' });
    case 'closed':
      return t('conversationEvents.closed', { actor });
    case 'reopened':
      return t('conversationEvents.reopened', { actor });
    case 'snoozed':
      return t('conversationEvents.snoozed', { actor, until: event.until ? formatTime(event.until) : '' });
    case 'woken':
      if (event.actorId) return t('conversationEvents.woken', { actor });
      return event.cause === 'customer' ? t('conversationEvents.wokenByCustomer') : t('conversationEvents.snoozeEnded');
    default:
      return assertNever(event.kind, 'conversation event');
  }
}
