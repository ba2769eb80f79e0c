import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useWorkspace } from '../../app/db-context.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { useNow } from '../../lib/time.js';
import { useShortcutHandler } from '../shortcuts/use-shortcuts.js';
import { useQueueWindow, type QueueFilters, type QueueSort, type QueueView } from './queries.js';
import { QUEUE_ACTIONS } from './queue-shortcuts.js';
import { QueueViewport, rowAt, type QueueVirtualizer } from './QueueViewport.js';

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
 * moves a focused row; Enter opens it. Scrolling re-renders only the viewport (QueueViewport);
 * this component follows it a chunk at a time.
 */
export function QueueList({ view, sort, filters, selectedId, onSelect }: QueueListProps) {
  const { db, me, startup } = useWorkspace();
  const t = useT();
  const language = useLanguage();
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizerRef = useRef<QueueVirtualizer | null>(null);
  const now = useNow();
  const [range, setRange] = useState({ first: 0, last: 0 });
  const onRange = useCallback((first: number, last: number) => setRange((r) => (r.first === first && r.last === last ? r : { first, last })), []);
  const window = useQueueWindow(db, view, me.id, sort, filters, range.first, range.last);
  const count = window.count ?? 0;

  // The keyboard cursor: an index in the view; reset when the list changes meaning.
  const [cursor, setCursor] = useState<number | null>(null);
  const focusCursor = useRef(false);
  const { channel, department, tag, status } = filters;
  useEffect(() => setCursor(null), [view, sort, channel, department, tag, status]);
  const selectedChunk = window.chunks.find((chunk) => chunk.rows.some((r) => r.id === selectedId));
  const selectedIndex = selectedChunk ? selectedChunk.start + selectedChunk.rows.findIndex((r) => r.id === selectedId) : null;
  const position = cursor ?? selectedIndex;
  const move = (delta: 1 | -1) => {
    if (count === 0) return;
    const next = position === null ? (delta === 1 ? 0 : count - 1) : Math.max(0, Math.min(count - 1, position + delta));
    focusCursor.current = true;
    setCursor(next);
    virtualizerRef.current?.scrollToIndex(next, { align: 'auto' });
  };
  useShortcutHandler(QUEUE_ACTIONS.next, () => move(1));
  useShortcutHandler(QUEUE_ACTIONS.previous, () => move(-1));
  useShortcutHandler(QUEUE_ACTIONS.open, () => {
    const found = position === null ? undefined : rowAt(window.chunks, position);
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
  const cursorRowId = cursor === null ? undefined : rowAt(window.chunks, cursor)?.row.id;
  useEffect(() => {
    if (!focusCursor.current || !cursorRowId) return;
    focusCursor.current = false;
    parentRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${cursorRowId}"]`)?.focus({ preventScroll: true });
  }, [cursorRowId]);

  // The first screen of rows is up (or the view is empty): the console's background start-up
  // work may begin, after this frame is painted (see app/startup-gate.ts).
  const firstScreen = window.count !== undefined && (window.count === 0 || rowAt(window.chunks, Math.min(range.last, window.count - 1)) !== undefined);
  useEffect(() => {
    if (!firstScreen || startup.isOpen) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => startup.open(), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [firstScreen, startup]);

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
        <QueueViewport
          count={count}
          chunks={window.chunks}
          selectedId={selectedId}
          position={position}
          now={now}
          language={language}
          label={t('queue.listLabel')}
          scrollRef={parentRef}
          virtualizerRef={virtualizerRef}
          onRange={onRange}
          onPick={onPick}
        />
      )}
    </>
  );
}
