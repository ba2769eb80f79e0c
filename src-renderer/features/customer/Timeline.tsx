import { assertNever } from '../../../src-shared/index.js';
import { channelLabel } from '../../lib/channels.js';
import type { TimelineEntry } from './queries.js';

/** The customer's whole history across channels (conversations, calls, notes, rewards, merges), newest first. */
export function Timeline({ entries, names, onOpen }: { entries: TimelineEntry[]; names: Map<string, string> | undefined; onOpen: (conversationId: string) => void }) {
  if (entries.length === 0) return <p className="muted">No history cached yet.</p>;
  return (
    <ol className="timeline" aria-label="Customer history">
      {entries.slice(0, 200).map((e) => (
        <li key={keyOf(e)} className={`timeline-${e.kind}`}>
          <time dateTime={e.at}>{e.at.slice(0, 16).replace('T', ' ')}</time> <Entry entry={e} names={names} onOpen={onOpen} />
        </li>
      ))}
    </ol>
  );
}

function keyOf(e: TimelineEntry): string {
  switch (e.kind) {
    case 'conversation':
      return `c-${e.conversation.id}`;
    case 'note':
      return `n-${e.conversationId}-${e.at}`;
    case 'call':
      return `p-${e.conversationId}-${e.at}`;
    case 'reward':
      return `r-${e.reward.id}`;
    case 'merge':
      return `m-${e.merge.id}`;
    default:
      return assertNever(e, 'timeline entry');
  }
}

function Entry({ entry: e, names, onOpen }: { entry: TimelineEntry; names: Map<string, string> | undefined; onOpen: (id: string) => void }) {
  switch (e.kind) {
    case 'conversation':
      return (
        <button type="button" className="link" onClick={() => onOpen(e.conversation.id)}>
          {e.conversation.channel === 'phone' ? 'Call' : channelLabel(e.conversation.channel, e.conversation.kind)} · {e.conversation.status} · {e.conversation.snippet}
          {e.tags.length > 0 && <span className="tags"> {e.tags.map((t) => <span key={t} className="tag">{t}</span>)}</span>}
        </button>
      );
    case 'call':
      return <span>📞 {e.summary}</span>;
    case 'note':
      return (
        <span>
          Note by {(e.authorId && names?.get(e.authorId)) ?? 'a colleague'}: {e.body}
        </span>
      );
    case 'reward':
      return (
        <span>
          Coupon <code>{e.reward.code}</code> issued{e.reward.note ? ` — ${e.reward.note}` : ''}
        </span>
      );
    case 'merge':
      return <span>{e.undone ? `Unmerged ${e.merge.mergedName}` : `Merged ${e.merge.mergedName} into this customer`}</span>;
    default:
      return assertNever(e, 'timeline entry');
  }
}
