import { useState } from 'react';
import { CHANNELS, DEPARTMENTS, type Channel, type DepartmentId } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { useT } from '../../i18n/index.js';
import type { Lane } from '../../db/queue-keys.js';
import { useViewCount, type QueueView } from './queries.js';
import { QueueList } from './QueueList.js';
import { useQueuePrefs } from './queue-prefs.js';

const VIEWS: QueueView[] = ['all', 'mine', 'unassigned', 'snoozed', 'attention'];

function ViewTab({ view, label, active, onPick }: { view: QueueView; label: string; active: boolean; onPick(): void }) {
  const { db, me } = useWorkspace();
  const count = useViewCount(db, view, me.id);
  return (
    <button role="tab" aria-selected={active} className={active ? 'active' : ''} data-view={view} onClick={onPick}>
      {label} <span className="tab-count" data-testid={`count-${view}`}>{count ?? ''}</span>
    </button>
  );
}

/**
 * The queue's view tabs with live counts (each an index count, unfiltered), and Callbacks, whose list
 * the workspace shows instead of the queue.
 */
export function QueueTabs({ callbacksOpen, onCallbacks }: { callbacksOpen: boolean; onCallbacks(open: boolean): void }) {
  const { me } = useWorkspace();
  const [prefs, update] = useQueuePrefs(me.id);
  const t = useT();
  return (
    <div className="views" role="tablist" aria-label={t('shell.queueViews')}>
      {VIEWS.map((v) => (
        <ViewTab
          key={v}
          view={v}
          label={t(`queueViews.${v}`)}
          active={!callbacksOpen && prefs.view === v}
          onPick={() => {
            onCallbacks(false);
            update({ view: v });
          }}
        />
      ))}
      <button role="tab" aria-selected={callbacksOpen} className={callbacksOpen ? 'active' : ''} onClick={() => onCallbacks(true)}>
        {t('shell.callbacks')}
      </button>
    </div>
  );
}

/** Filters (channel, department, tag, status), the sort, and the list itself. */
export function QueuePane({ selectedId, onSelect }: { selectedId: string | null; onSelect(id: string): void }) {
  const { me } = useWorkspace();
  const t = useT();
  const [prefs, update] = useQueuePrefs(me.id);
  const { view, sort, filters } = prefs;
  const listsByStatus = view === 'all' || view === 'mine' || view === 'unassigned';
  // What the agent types; the filter takes it once it is a valid tag (a lone "#" filters nothing).
  const [tagText, setTagText] = useState(filters.tag ?? '');
  return (
    <>
      {view !== 'attention' && (
        <div
          className="queue-filters"
          role="group"
          aria-label={t('queue.filters')}
          onKeyDown={(e) => {
            // Escape leaves the filters for the list (the filter stays), where the shortcuts work.
            if (e.key !== 'Escape') return;
            e.preventDefault();
            document.querySelector<HTMLElement>('.queue-scroll')?.focus();
          }}
        >
          <select aria-label={t('queue.channel')} value={filters.channel ?? ''} onChange={(e) => update({ filters: { channel: (e.target.value || null) as Channel | null } })}>
            <option value="">{t('queue.allChannels')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channels.${c}`)}
              </option>
            ))}
          </select>
          <select aria-label={t('queue.department')} value={filters.department ?? ''} onChange={(e) => update({ filters: { department: (e.target.value || null) as DepartmentId | null } })}>
            <option value="">{t('queue.allDepartments')}</option>
            {DEPARTMENTS.map((d) => (
              <option key={d} value={d}>
                {t(`departments.${d}`)}
              </option>
            ))}
          </select>
          <input
            type="search"
            aria-label={t('queue.tag')}
            placeholder={t('queue.tagPlaceholder')}
            value={tagText}
            onChange={(e) => {
              setTagText(e.target.value);
              const tag = e.target.value.trim().replace(/^#/, '').toLowerCase();
              update({ filters: { tag: /^[a-z0-9-]{1,40}$/.test(tag) ? tag : null } });
            }}
          />
          {listsByStatus && (
            <select aria-label={t('queue.status')} value={filters.status} onChange={(e) => update({ filters: { status: e.target.value as Lane } })}>
              <option value="open">{t('queue.statusOpen')}</option>
              <option value="snoozed">{t('queue.statusSnoozed')}</option>
              <option value="closed">{t('queue.statusClosed')}</option>
            </select>
          )}
          <select aria-label={t('queue.sort')} value={sort} onChange={(e) => update({ sort: e.target.value === 'waiting' ? 'waiting' : 'priority' })}>
            <option value="priority">{t('queue.sortPriority')}</option>
            <option value="waiting">{t('queue.sortWaiting')}</option>
          </select>
        </div>
      )}
      <QueueList view={view} sort={sort} filters={filters} selectedId={selectedId} onSelect={onSelect} />
    </>
  );
}
