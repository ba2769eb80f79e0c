import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useWorkspace } from '../../app/db-context.js';
import { useT } from '../../i18n/index.js';
import { channelLabel } from '../../lib/channels.js';
import { formatWaiting, useNow } from '../../lib/time.js';
import { useShortcutHandler } from '../shortcuts/use-shortcuts.js';
import { useQueueWindow, type QueueFilters, type QueueSort, type QueueView } from './queries.js';
import { QUEUE_ACTIONS } from './queue-shortcuts.js';
import { formatWake } from './snooze-format.js';

const ROW_HEIGHT = 72;
const OVERSCAN = 8;
const CHUNK = 40;

interface QueueListProps {
  view: QueueView;
  sort: QueueSort;
  filters: QueueFilters;
  selectedId: string | null;
  onSelect(id: string): void;
}

/**
 * The live queue, virtualized: only the rows in view (plus a margin) are read from the cache and
 * rendered, so the list costs the same at 50 rows and at 50,000. The keyboard cursor (j/k, ↓/↑)
 * moves a focused row; Enter opens it.
 */
export function QueueList({ view, sort, filters, selectedId, onSelect }: QueueListProps) {
  const { db, me } = useWorkspace();
  const t = useT();
  const parentRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const [range, setRange] = useState({ first: 0, last: 2 * CHUNK });
  const window = useQueueWindow(db, view, me.id, sort, filters, range.first, range.last);
  const count = window?.count ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  // The window read from the cache is aligned to CHUNK rows around what is rendered: while the list
  // scrolls, the live query is replaced every CHUNK rows instead of on every frame.
  const first = Math.floor((items[0]?.index ?? 0) / CHUNK) * CHUNK;
  // Before the first layout there is no range yet: load the first screenful.
  const last = (Math.floor((items.length > 0 ? items[items.length - 1]!.index : 0) / CHUNK) + 2) * CHUNK;
  useEffect(() => {
    if (first !== range.first || last !== range.last) setRange({ first, last });
  }, [first, last, range.first, range.last]);

  // The keyboard cursor: an index in the view; reset when the list changes meaning.
  const [cursor, setCursor] = useState<number | null>(null);
  const focusCursor = useRef(false);
  const { channel, department, tag, status } = filters;
  useEffect(() => setCursor(null), [view, sort, channel, department, tag, status]);
  const rowAt = (i: number) => (window && i >= window.start && i < window.start + window.rows.length ? window.rows[i - window.start] : undefined);
  const selectedIndex = window ? window.rows.findIndex((r) => r.id === selectedId) : -1;
  const position = cursor ?? (selectedIndex >= 0 ? window!.start + selectedIndex : null);
  const move = (delta: 1 | -1) => {
    if (count === 0) return;
    const next = position === null ? (delta === 1 ? 0 : count - 1) : Math.max(0, Math.min(count - 1, position + delta));
    focusCursor.current = true;
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  useShortcutHandler(QUEUE_ACTIONS.next, () => move(1));
  useShortcutHandler(QUEUE_ACTIONS.previous, () => move(-1));
  useShortcutHandler(QUEUE_ACTIONS.open, () => {
    const row = position === null ? undefined : rowAt(position);
    if (row) onSelect(row.id);
  });
  // Focus follows the cursor once its row is rendered (it may have to be read first).
  const cursorRowId = cursor === null ? undefined : rowAt(cursor)?.id;
  useEffect(() => {
    if (!focusCursor.current || !cursorRowId) return;
    focusCursor.current = false;
    parentRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${cursorRowId}"]`)?.focus({ preventScroll: true });
  }, [cursorRowId]);

  return (
    <>
      <p className="queue-count muted" data-testid="queue-count">
        {window === undefined ? '…' : t(`queue.count_${view === 'attention' ? 'attention' : view === 'snoozed' ? 'snoozed' : status}`, { count })}
      </p>
      {window !== undefined && count === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <div ref={parentRef} className="queue-scroll" role="listbox" aria-label={t('queue.listLabel')} data-testid="queue-scroll" tabIndex={position === null ? 0 : -1}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const c = rowAt(item.index);
              const style = { position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` } as const;
              if (!c) return <div key={item.key} className="queue-row placeholder" style={style} aria-hidden="true" />;
              const customer = window!.customers.get(c.customerId);
              const selected = c.id === selectedId;
              const atCursor = item.index === position;
              return (
                <div
                  key={c.id}
                  role="option"
                  aria-selected={selected}
                  tabIndex={atCursor ? 0 : -1}
                  data-conversation-id={c.id}
                  data-index={item.index}
                  className={`queue-row${selected ? ' selected' : ''}${atCursor ? ' cursor' : ''}${c.priority > 0 ? ' urgent' : ''}`}
                  style={style}
                  onClick={() => {
                    setCursor(item.index);
                    onSelect(c.id);
                  }}
                >
                  <div className="queue-row-top">
                    <span className={`channel channel-${c.channel}`}>{channelLabel(c.channel, c.kind)}</span>
                    <span className="customer-name">{customer?.name ?? t('queue.unknownCustomer')}</span>
                    {c.lane === 'snoozed' && c.snoozedUntil ? (
                      <span className="snoozed" title={t('queue.snoozedUntilTitle')}>
                        ⏰ {formatWake(c.snoozedUntil)}
                      </span>
                    ) : (
                      c.waitingSince && (
                        <span className="waiting" title={t('queue.waiting')}>
                          {formatWaiting(c.waitingSince, now)}
                        </span>
                      )
                    )}
                  </div>
                  <div className="snippet">{c.snippet}</div>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </>
  );
}
