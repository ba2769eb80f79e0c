import { assertNever } from '../../../src-shared/index.js';
import { channelLabel } from '../../lib/channels.js';
import type { TimelineEntry } from './queries.js';
import { useT } from '../../i18n/index.js';

/** The customer's whole history across channels (conversations, calls, notes, rewards, merges), newest first. */
export function Timeline({ entries, names, onOpen }: { entries: TimelineEntry[]; names: Map<string, string> | undefined; onOpen: (conversationId: string) => void }) {
  const t = useT();
  if (entries.length === 0) return <p className="muted">{t('customer.historyEmpty')}</p>;
  return (
    <ol className="timeline" aria-label={t('customer.historyLabel')}>
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
  const t = useT();
  switch (e.kind) {
    case 'conversation':
      return (
        <button type="button" className="link" onClick={() => onOpen(e.conversation.id)}>
          {e.conversation.channel === 'phone' ? t('customer.timeline.call') : channelLabel(e.conversation.channel, e.conversation.kind)} · {t(`conversationStatus.${e.conversation.status}`)} · {e.conversation.snippet}
          {e.tags.length > 0 && <span className="tags"> {e.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</span>}
        </button>
      );
    case 'call':
      return <span>📞 {e.summary}</span>;
    case 'note':
      return (
        <span>
          {t('customer.timeline.noteBy', { name: (e.authorId && names?.get(e.authorId)) ?? t('customer.timeline.aColleague') })} {e.body}
        </span>
      );
    case 'reward':
      return (
        <span>
          {t('customer.couponIssuedBefore')} <code>{e.reward.code}</code> {t('customer.timeline.issued')}{e.reward.note ? ` — ${e.reward.note}` : ''}
        </span>
      );
    case 'merge':
      return <span>{e.undone ? t('customer.timeline.unmerged', { name: e.merge.mergedName }) : t('customer.timeline.merged', { name: e.merge.mergedName })}</span>;
    default:
      return assertNever(e, 'timeline entry');
  }
}
