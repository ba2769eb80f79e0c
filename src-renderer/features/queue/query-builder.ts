/**
 * How a queue view, its filters and its sort become an index range (pure, so it is unit-tested
 * without a database). Every queue read goes through one of the four compound indexes of schema
 * v70; filters on channel, department and tag test the facets part of the index key, so a
 * filtered list is read from index keys alone — never by loading every conversation.
 */
import { Dexie } from 'dexie';
import type { Channel, DepartmentId } from '../../../src-shared/index.js';
import { UNASSIGNED, type Lane } from '../../db/queue-keys.js';

export type QueueView = 'all' | 'mine' | 'unassigned' | 'snoozed' | 'attention';
export type QueueSort = 'priority' | 'waiting';

export interface QueueFilters {
  channel: Channel | null;
  department: DepartmentId | null;
  tag: string | null;
  /** The lane for Mine, Unassigned and All; the Snoozed view is always the snoozed lane. */
  status: Lane;
}

export const NO_FILTERS: QueueFilters = { channel: null, department: null, tag: null, status: 'open' };

export interface QueueRange {
  index: string;
  /**
   * Bounds shorter than the index key: every key that starts with them sorts between them. (A
   * bound may not repeat Dexie.maxKey — one array object twice in a key is invalid in IndexedDB.)
   */
  lower: unknown[];
  upper: unknown[];
  /** Where the facets string sits in the index key (filters test it). */
  facetsAt: number;
}

/** The lane a view lists under these filters. */
export function laneFor(view: Exclude<QueueView, 'attention'>, filters: QueueFilters): Lane {
  return view === 'snoozed' ? 'snoozed' : filters.status;
}

/** The index and key range that list `view` in `sort` order for user `meId`. */
export function queueRange(view: Exclude<QueueView, 'attention'>, sort: QueueSort, filters: QueueFilters, meId: string): QueueRange {
  const lane = laneFor(view, filters);
  const order = sort === 'waiting' ? 'waitKey' : 'queueKey';
  if (view === 'mine' || view === 'unassigned') {
    const who = view === 'mine' ? meId : UNASSIGNED;
    return {
      index: `[assigneeKey+lane+${order}+facets]`,
      lower: [who, lane, Dexie.minKey],
      upper: [who, lane, Dexie.maxKey],
      facetsAt: 3,
    };
  }
  return { index: `[lane+${order}+facets]`, lower: [lane, Dexie.minKey], upper: [lane, Dexie.maxKey], facetsAt: 2 };
}

/** True when any facet filter (channel, department, tag) is set. */
export function hasFacetFilter(filters: QueueFilters): boolean {
  return filters.channel !== null || filters.department !== null || filters.tag !== null;
}

/**
 * A test on a conversation's facets string (see db/queue-keys.ts `facetsOf`) for the filters;
 * every set filter must match.
 */
export function facetMatcher(filters: QueueFilters): (facets: string) => boolean {
  const needles: string[] = [];
  if (filters.channel) needles.push(`|c:${filters.channel}|`);
  if (filters.department) needles.push(`|d:${filters.department}|`);
  if (filters.tag) needles.push(`|t:${filters.tag.toLowerCase()}|`);
  return (facets) => needles.every((n) => facets.includes(n));
}
