import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useWorkspace } from '../../app/db-context.js';
import { channelLabel } from '../../lib/channels.js';
import { formatWaiting, useNow } from '../../lib/time.js';
import { useQueueCount, useQueueWindow, type QueueView } from './queries.js';

const ROW_HEIGHT = 72;
const OVERSCAN = 8;

interface QueueListProps {
  view: QueueView;
  selectedId: string | null;
  onSelect(id: string): void;
}

/**
 * The live queue, virtualized: only the rows in view (plus a margin) are read from the cache and
 * rendered, so the list costs the same at 50 rows and at 50,000.
 */
export function QueueList({ view, selectedId, onSelect }: QueueListProps) {
  const { db, me } = useWorkspace();
  const parentRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const count = useQueueCount(db, view, me.id) ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  // Before the first layout there is no range yet: load the first screenful.
  const last = items.length > 0 ? items[items.length - 1]!.index + 1 : Math.min(count, 30);
  const window = useQueueWindow(db, view, me.id, first, last);

  return (
    <>
      <p className="queue-count muted" data-testid="queue-count">
        {`${count} ${view === 'attention' ? 'to review' : 'open'}`}
      </p>
      {count === 0 ? (
        <p className="empty">No conversations here. New customer messages appear live.</p>
      ) : (
        <div ref={parentRef} className="queue-scroll" role="listbox" aria-label="Conversations">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const c = window ? window.rows[item.index - window.start] : undefined;
              const style = { position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` } as const;
              if (!c) return <div key={item.key} className="queue-row placeholder" style={style} aria-hidden="true" />;
              const customer = window!.customers.get(c.customerId);
              const selected = c.id === selectedId;
              return (
                <div
                  key={c.id}
                  role="option"
                  aria-selected={selected}
                  tabIndex={selected ? 0 : -1}
                  data-conversation-id={c.id}
                  className={`queue-row${selected ? ' selected' : ''}${c.priority > 0 ? ' urgent' : ''}`}
                  style={style}
                  onClick={() => onSelect(c.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') onSelect(c.id);
                  }}
                >
                  <div className="queue-row-top">
                    <span className={`channel channel-${c.channel}`}>{channelLabel(c.channel, c.kind)}</span>
                    <span className="customer-name">{customer?.name ?? 'Unknown customer'}</span>
                    {c.waitingSince && (
                      <span className="waiting" title="Waiting for an answer">
                        {formatWaiting(c.waitingSince, now)}
                      </span>
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
