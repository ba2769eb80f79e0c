import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Conversation, Customer } from '../../../src-shared/index.js';
import { channelLabel } from '../../lib/channels.js';
import { formatWaiting, useNow } from '../../lib/time.js';

const ROW_HEIGHT = 72;

interface QueueListProps {
  conversations: Conversation[];
  customers: Map<string, Customer>;
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The live queue, virtualized so tens of thousands of rows cost only the visible ones. */
export function QueueList({ conversations, customers, selectedId, onSelect }: QueueListProps) {
  const parentRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => conversations[index]!.id,
  });

  if (conversations.length === 0) {
    return <p className="empty">No conversations here. New customer messages appear live.</p>;
  }

  return (
    <div ref={parentRef} className="queue-scroll" role="listbox" aria-label="Conversations">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const c = conversations[item.index]!;
          const customer = customers.get(c.customerId);
          const selected = c.id === selectedId;
          return (
            <div
              key={item.key}
              role="option"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              data-conversation-id={c.id}
              className={`queue-row${selected ? ' selected' : ''}${c.priority > 0 ? ' urgent' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
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
  );
}
