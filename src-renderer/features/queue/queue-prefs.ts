/**
 * The queue's UI state — view, sort and filters — per user, persisted in localStorage so each agent
 * finds her queue as she left it (habit 4: UI state in zustand, rows in Dexie).
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { CHANNELS, DEPARTMENTS } from '../../../src-shared/index.js';
import { NO_FILTERS, type QueueFilters, type QueueSort, type QueueView } from './query-builder.js';

export interface QueuePrefs {
  view: QueueView;
  sort: QueueSort;
  filters: QueueFilters;
}

export const DEFAULT_QUEUE_PREFS: QueuePrefs = { view: 'all', sort: 'priority', filters: NO_FILTERS };

interface QueuePrefsState {
  byUser: Record<string, QueuePrefs>;
  update(userId: string, patch: Partial<Omit<QueuePrefs, 'filters'>> & { filters?: Partial<QueueFilters> }): void;
}

export const QUEUE_PREFS_STORAGE_KEY = 'switchboard.queue';

const VIEWS: readonly QueueView[] = ['all', 'mine', 'unassigned', 'snoozed', 'attention'];

/** A stored value as QueuePrefs; anything unknown (hand-edited, older) falls back to the default. */
export function sanitizeQueuePrefs(value: unknown): QueuePrefs {
  const v = (value ?? {}) as Partial<QueuePrefs>;
  const f = (v.filters ?? {}) as Partial<QueueFilters>;
  return {
    view: VIEWS.includes(v.view as QueueView) ? (v.view as QueueView) : DEFAULT_QUEUE_PREFS.view,
    sort: v.sort === 'waiting' ? 'waiting' : 'priority',
    filters: {
      channel: (CHANNELS as readonly string[]).includes(f.channel as string) ? (f.channel as QueueFilters['channel']) : null,
      department: (DEPARTMENTS as readonly string[]).includes(f.department as string) ? (f.department as QueueFilters['department']) : null,
      tag: typeof f.tag === 'string' && /^[a-z0-9-]{1,40}$/.test(f.tag) ? f.tag : null,
      status: f.status === 'closed' || f.status === 'snoozed' ? f.status : 'open',
    },
  };
}

export const useQueuePrefsStore = create<QueuePrefsState>()(
  persist(
    (set) => ({
      byUser: {},
      update: (userId, patch) =>
        set((s) => {
          const current = s.byUser[userId] ?? DEFAULT_QUEUE_PREFS;
          const next: QueuePrefs = { ...current, ...patch, filters: { ...current.filters, ...patch.filters } };
          return { byUser: { ...s.byUser, [userId]: next } };
        }),
    }),
    {
      name: QUEUE_PREFS_STORAGE_KEY,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ byUser: s.byUser }),
      merge: (persisted, current) => {
        const raw = ((persisted ?? {}) as { byUser?: Record<string, unknown> }).byUser ?? {};
        const byUser = Object.fromEntries(Object.entries(raw).map(([id, p]) => [id, sanitizeQueuePrefs(p)]));
        return { ...current, byUser };
      },
    },
  ),
);

/** This user's queue prefs and a setter bound to her. */
export function useQueuePrefs(userId: string): [QueuePrefs, QueuePrefsState['update'] extends (u: string, p: infer P) => void ? (patch: P) => void : never] {
  const prefs = useQueuePrefsStore((s) => s.byUser[userId]) ?? DEFAULT_QUEUE_PREFS;
  const update = useQueuePrefsStore((s) => s.update);
  return [prefs, (patch) => update(userId, patch)];
}
