import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedConversation } from '../../db/queue-keys.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { useNow } from '../../lib/time.js';
import { useShortcutHandler } from '../shortcuts/use-shortcuts.js';
import { QUEUE_CHUNK, useQueueWindow, type QueueChunk, type QueueFilters, type QueueSort, type QueueView } from './queries.js';
import { QUEUE_ACTIONS } from './queue-shortcuts.js';
import { QUEUE_ROW_HEIGHT, QueueRow } from './QueueRow.js';

const OVERSCAN = 8;

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
  const language = useLanguage();
  const parentRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const [range, setRange] = useState({ first: 0, last: 0 });
  const window = useQueueWindow(db, view, me.id, sort, filters, range.first, range.last);
  const count = window.count ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  // The chunks read from the cache follow what is rendered, a chunk (QUEUE_CHUNK rows) at a time:
  // while the list scrolls, one chunk's live query is replaced every QUEUE_CHUNK rows.
  const first = Math.floor((items[0]?.index ?? 0) / QUEUE_CHUNK) * QUEUE_CHUNK;
  const last = Math.floor((items.length > 0 ? items[items.length - 1]!.index : 0) / QUEUE_CHUNK) * QUEUE_CHUNK;
  useEffect(() => {
    if (first !== range.first || last !== range.last) setRange({ first, last });
  }, [first, last, range.first, range.last]);

  // The keyboard cursor: an index in the view; reset when the list changes meaning.
  const [cursor, setCursor] = useState<number | null>(null);
  const focusCursor = useRef(false);
  const { channel, department, tag, status } = filters;
  useEffect(() => setCursor(null), [view, sort, channel, department, tag, status]);
  const rowAt = (i: number): { row: CachedConversation; chunk: QueueChunk } | undefined => {
    for (const chunk of window.chunks) {
      if (i >= chunk.start && i < chunk.start + chunk.rows.length) return { row: chunk.rows[i - chunk.start]!, chunk };
    }
    return undefined;
  };
  const selectedChunk = window.chunks.find((chunk) => chunk.rows.some((r) => r.id === selectedId));
  const selectedIndex = selectedChunk ? selectedChunk.start + selectedChunk.rows.findIndex((r) => r.id === selectedId) : null;
  const position = cursor ?? selectedIndex;
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
    const found = position === null ? undefined : rowAt(position);
    if (found) onSelect(found.row.id);
  });
  // Stable for the memoized rows; reads the latest onSelect.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onPick = useCallback((index: number, id: string) => {
    setCursor(index);
    onSelectRef.current(id);
  }, []);
  // Focus follows the cursor once its row is rendered (it may have to be read first).
  const cursorRowId = cursor === null ? undefined : rowAt(cursor)?.row.id;
  /** Conversation ids rendered in this pass (see the list below). */
  const rendered = new Set<string>();
  useEffect(() => {
    if (!focusCursor.current || !cursorRowId) return;
    focusCursor.current = false;
    parentRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${cursorRowId}"]`)?.focus({ preventScroll: true });
  }, [cursorRowId]);

  // Computed once per count, not on every scroll frame (a plural lookup in i18next is not free).
  const loaded = window.count !== undefined;
  const countKey = view === 'attention' ? 'attention' : view === 'snoozed' ? 'snoozed' : status;
  const countLabel = useMemo(() => (loaded ? t(`queue.count_${countKey}`, { count }) : '…'), [loaded, countKey, count, t]);

  return (
    <>
      <p className="queue-count muted" data-testid="queue-count">
        {countLabel}
      </p>
      {window.count !== undefined && count === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <div ref={parentRef} className="queue-scroll" role="listbox" aria-label={t('queue.listLabel')} data-testid="queue-scroll" tabIndex={position === null ? 0 : -1}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const found = rowAt(item.index);
              // Chunks are read by separate live queries, so for a moment a conversation that moved
              // (a new one arrived above it) can sit in two of them. Render it once: a repeated
              // React key would leave a ghost copy of the row in the list.
              if (!found || rendered.has(found.row.id)) return <div key={item.key} className="queue-row placeholder" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: QUEUE_ROW_HEIGHT, transform: `translateY(${item.start}px)` }} aria-hidden="true" />;
              rendered.add(found.row.id);
              const c = found.row;
              return (
                <QueueRow
                  key={c.id}
                  id={c.id}
                  index={item.index}
                  start={item.start}
                  channel={c.channel}
                  kind={c.kind}
                  customerName={found.chunk.customers.get(c.customerId)?.name ?? null}
                  snippet={c.snippet}
                  snoozedUntil={c.lane === 'snoozed' ? (c.snoozedUntil ?? null) : null}
                  waitingSince={c.waitingSince}
                  urgent={c.priority > 0}
                  selected={c.id === selectedId}
                  atCursor={item.index === position}
                  now={now}
                  language={language}
                  onPick={onPick}
                />
              );
            })}
          </div>
        </div>
      )}
    </>
  );
}
