import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { callMetaOf } from '../../../src-shared/index.js';
import type { CachedCallback } from '../../db/database.js';
import { CallbackItem, CallLogRow } from '../phone/ThreadItems.js';
import { MessageRow } from './MessageRow.js';
import { SystemEventRow } from './SystemEventRow.js';
import { itemKey, type ThreadItem } from './thread-items.js';
import { useT } from '../../i18n/index.js';

/** Rows rendered beyond the visible ones on each side: smooth scrolling, and short threads render whole. */
const OVERSCAN = 10;
/**
 * The margin on the first paint: the rows on screen show first, the margin follows right after
 * that frame. Rendering twenty rows nobody sees yet (HTML mails sanitized, their frames laid out)
 * doubled the time to the first paint of a long thread.
 */
const FIRST_OVERSCAN = 1;
/** Within this many pixels of the end the thread counts as "at the bottom" and follows new messages. */
const STICK_PX = 48;
const GAP_PX = 10;
const PADDING_PX = 16;

/** A first guess of a row's height; every rendered row is measured (ResizeObserver) and the guess replaced. */
function estimate(item: ThreadItem | undefined): number {
  if (!item) return 72;
  if (item.kind === 'event') return 24;
  if (item.kind === 'callback') return 64;
  const m = item.message;
  if (typeof m.channelMeta.html === 'string') return 360;
  return 56 + Math.min(400, Math.ceil(m.body.length / 70) * 20);
}

/**
 * The thread, virtualized (TanStack Virtual with measured rows): a conversation with thousands of
 * messages keeps only the rows on screen (plus OVERSCAN each side) in the DOM, so opening it costs
 * the same as opening a short one. It opens at the newest message and stays there while new ones
 * arrive, unless the agent scrolled up to read older ones.
 *
 * The rows are the list's own <li> elements (MessageRow and the phone rows render them), laid out
 * in normal flow inside an <ol> shifted to the first rendered row's offset; each is handed to the
 * virtualizer for measuring after render, which also notices size changes (a mail's frame, remote
 * content loaded), so the positions below it follow.
 */
export const Thread = memo(function Thread({
  items,
  names,
  onCallback,
}: {
  items: ThreadItem[];
  names: Map<string, string> | undefined;
  onCallback: (c: CachedCallback) => void;
}) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // A task after the next frame: the first rows are on screen by then.
    const frame = requestAnimationFrame(() => setTimeout(() => setPainted(true), 0));
    return () => cancelAnimationFrame(frame);
  }, []);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimate(items[i]),
    getItemKey: (i) => (items[i] ? itemKey(items[i]) : i),
    overscan: painted ? OVERSCAN : FIRST_OVERSCAN,
    gap: GAP_PX,
    paddingStart: PADDING_PX,
    paddingEnd: PADDING_PX,
    // Start at the end: the first render already lays out the newest rows, not the oldest.
    initialOffset: () => Number.MAX_SAFE_INTEGER,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();

  // Hand each rendered row to the virtualizer (data-index tells it which item the row is).
  useLayoutEffect(() => {
    const rows = listRef.current?.children;
    if (!rows) return;
    for (let i = 0; i < rows.length && i < virtualItems.length; i++) {
      const row = rows[i] as HTMLElement;
      row.dataset.index = String(virtualItems[i]!.index);
      virtualizer.measureElement(row);
    }
  });

  // Follow the end while the agent is there: on open, on new rows, and when rows were measured.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [items.length, total]);

  const first = virtualItems[0];
  return (
    <div
      ref={scrollRef}
      className="thread-scroll"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
      }}
    >
      <div className="thread-space" style={{ height: total }}>
        <ol ref={listRef} className="thread" aria-label={t('conversationView.messages')} style={{ transform: `translateY(${first?.start ?? 0}px)` }}>
          {virtualItems.map((v) => {
            const item = items[v.index]!;
            if (item.kind === 'callback') return <CallbackItem key={v.key} callback={item.callback} names={names} onCall={onCallback} />;
            if (item.kind === 'event') return <SystemEventRow key={v.key} event={item.event} names={names} />;
            const m = item.message;
            const authorName = m.authorId ? (names?.get(m.authorId) ?? null) : null;
            const call = callMetaOf(m);
            return call ? <CallLogRow key={v.key} message={m} call={call} authorName={authorName} /> : <MessageRow key={v.key} message={m} authorName={authorName} />;
          })}
        </ol>
      </div>
    </div>
  );
});
