import { memo } from 'react';
import type { ConversationEvent } from '../../../src-shared/index.js';
import { useT } from '../../i18n/index.js';
import { formatTime } from '../../lib/time.js';
import { eventText } from './event-text.js';

/** A system event in the thread: who did what, and when. Events are immutable, so the row renders once. */
export const SystemEventRow = memo(function SystemEventRow({ event, names }: { event: ConversationEvent; names: ReadonlyMap<string, string> | undefined }) {
  const t = useT();
  return (
    <li className="message message-system" data-event-id={event.id} data-event-kind={event.kind}>
      <span className="system-text">{eventText(event, names, t)}</span> <time dateTime={event.createdAt}>{formatTime(event.createdAt)}</time>
    </li>
  );
});
