import { memo, useEffect, useLayoutEffect, type MutableRefObject, type RefObject } from 'react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { CachedConversation } from '../../db/queue-keys.js';
import { QUEUE_CHUNK, type QueueChunk } from './queries.js';
import { QUEUE_ROW_HEIGHT, QueueRow } from './QueueRow.js';

const OVERSCAN = 8;

export type QueueVirtualizer = Virtualizer<HTMLDivElement, Element>;

interface QueueViewportProps {
  count: number;
  chunks: QueueChunk[];
  selectedId: string | null;
  /** The keyboard cursor's index, else the selected row's; null for neither. */
  position: number | null;
  now: number;
  language: string;
  label: string;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Handed the virtualizer, for keyboard moves (scrollToIndex) in the list. */
  virtualizerRef: MutableRefObject<QueueVirtualizer | null>;
  /** The first and last chunk the rendered rows are in; called when they change. */
  onRange(first: number, last: number): void;
  onPick(index: number, id: string): void;
}

/** The row `i` of the view and the chunk it was read in, when that chunk is loaded. */
export function rowAt(chunks: readonly QueueChunk[], i: number): { row: CachedConversation; chunk: QueueChunk } | undefined {
  for (const chunk of chunks) {
    if (i >= chunk.start && i < chunk.start + chunk.rows.length) return { row: chunk.rows[i - chunk.start]!, chunk };
  }
  return undefined;
}

/**
 * The scrolling part of the queue: the virtualizer and the rows on screen. It is its own memoized
 * component because the virtualizer re-renders its host on every scroll frame: here that is this
 * small render (rows are memoized too), not the list with its live queries and translation hooks,
 * which re-renders only when the data, the selection or the cursor changes.
 */
export const QueueViewport = memo(function QueueViewport({ count, chunks, selectedId, position, now, language, label, scrollRef, virtualizerRef, onRange, onPick }: QueueViewportProps) {
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  useLayoutEffect(() => {
    virtualizerRef.current = virtualizer;
  }, [virtualizer, virtualizerRef]);
  const items = virtualizer.getVirtualItems();
  // The chunks read from the cache follow what is rendered, a chunk (QUEUE_CHUNK rows) at a time:
  // the list re-renders (and a slot's live query changes) only when these change.
  const first = Math.floor((items[0]?.index ?? 0) / QUEUE_CHUNK) * QUEUE_CHUNK;
  const last = Math.floor((items.length > 0 ? items[items.length - 1]!.index : 0) / QUEUE_CHUNK) * QUEUE_CHUNK;
  useEffect(() => onRange(first, last), [first, last, onRange]);

  /** Conversation ids rendered in this pass (see below). */
  const rendered = new Set<string>();
  return (
    <div ref={scrollRef} className="queue-scroll" role="listbox" aria-label={label} data-testid="queue-scroll" tabIndex={position === null ? 0 : -1}>
      <div className="queue-space" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const found = rowAt(chunks, item.index);
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
  );
});
