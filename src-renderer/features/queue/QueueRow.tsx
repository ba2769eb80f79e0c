import { memo } from 'react';
import type { Channel, ConversationKind } from '../../../src-shared/index.js';
import { t } from '../../i18n/index.js';
import { channelLabel } from '../../lib/channels.js';
import { formatWaiting } from '../../lib/time.js';
import { formatWake } from './snooze-format.js';

export const QUEUE_ROW_HEIGHT = 72;

export interface QueueRowProps {
  id: string;
  index: number;
  /** The row's offset in the list (px). */
  start: number;
  channel: Channel;
  kind: ConversationKind;
  customerName: string | null;
  snippet: string;
  /** The wake time when the row is in the snoozed lane, else null. */
  snoozedUntil: string | null;
  waitingSince: string | null;
  urgent: boolean;
  selected: boolean;
  atCursor: boolean;
  now: number;
  /** The UI language: a switch re-renders the row's texts. */
  language: string;
  onPick(index: number, id: string): void;
}

/**
 * One queue row. Memoized on plain props: while the list scrolls it re-renders on every frame, and
 * a row that only moved on screen keeps its element and skips its texts (the labels go through
 * i18next, which costs more than the row's markup). The live query hands over fresh conversation
 * objects on every read, so the row takes the shown fields, not the object.
 */
export const QueueRow = memo(function QueueRow(p: QueueRowProps) {
  return (
    <div
      role="option"
      aria-selected={p.selected}
      tabIndex={p.atCursor ? 0 : -1}
      data-conversation-id={p.id}
      data-index={p.index}
      className={`queue-row${p.selected ? ' selected' : ''}${p.atCursor ? ' cursor' : ''}${p.urgent ? ' urgent' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: QUEUE_ROW_HEIGHT, transform: `translateY(${p.start}px)` }}
      onClick={() => p.onPick(p.index, p.id)}
    >
      <div className="queue-row-top">
        <span className={`channel channel-${p.channel}`}>{channelLabel(p.channel, p.kind)}</span>
        <span className="customer-name">{p.customerName ?? t('queue.unknownCustomer')}</span>
        {p.snoozedUntil ? (
          <span className="snoozed" title={t('queue.snoozedUntilTitle')}>
            ⏰ {formatWake(p.snoozedUntil)}
          </span>
        ) : (
          p.waitingSince && (
            <span className="waiting" title={t('queue.waiting')}>
              {formatWaiting(p.waitingSince, p.now)}
            </span>
          )
        )}
      </div>
      <div className="snippet">{p.snippet}</div>
    </div>
  );
});
