/**
 * The console's IndexedDB cache — its source of truth for everything it shows.
 *
 * Schema versions are kept forever: add `this.version(n + 1)` with a named upgrade, never edit an
 * old one (a console that skipped releases still has to upgrade step by step).
 */
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Customer, Identity, Message, User } from '../../src-shared/index.js';
import { queueKeyOf, UNASSIGNED, type CachedConversation } from './queue-keys.js';

/**
 * Delivery state of a message written on this console; absent once the hub's copy is stored.
 * `needs-attention`: the stale-send guard held it back until the agent reviews what changed.
 */
export type LocalMessageState = 'pending' | 'failed' | 'needs-attention';

export interface CachedMessage extends Message {
  localState?: LocalMessageState;
  localError?: string;
}

export type OutboxStatus = 'pending' | 'failed' | 'needs-attention';

export interface OutboxRow {
  /** Increasing per console: the drain order. */
  seq?: number;
  mutationId: string;
  name: 'message:send' | 'conversation:assign' | 'conversation:set-status' | 'conversation:transfer';
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  /** Local rows this mutation created, to mark failed when the hub rejects it. */
  messageId?: string;
}

/**
 * Progress of the background download that follows the first (queue) page: the pages of the hub's
 * plan still to fetch, in order, so a restart resumes with the first page not yet stored. `pages`
 * is null until the plan is fetched (also for a state stored by an older console, whose resume
 * token no longer exists: it fetches a new plan, and pages seen twice are harmless).
 */
export interface BackfillState {
  pages: string[] | null;
  /** Conversations stored so far and in all, for the progress bar. */
  done: number;
  total: number;
  complete: boolean;
}

export type MetaRow =
  | { key: 'cursor'; value: number }
  | { key: 'clientId'; value: string }
  | { key: 'backfill'; value: BackfillState }
  /** Role and departments the cache was filled for; when they change, the cache is rebuilt. */
  | { key: 'viewer'; value: string }
  /** The conversation an agent has open, so the sync runner (maybe another window) fetches its thread if missing. */
  | { key: 'focus'; value: string };

export class SwitchboardDb extends Dexie {
  conversations!: EntityTable<CachedConversation, 'id'>;
  messages!: EntityTable<CachedMessage, 'id'>;
  customers!: EntityTable<Customer, 'id'>;
  identities!: EntityTable<Identity, 'id'>;
  users!: EntityTable<User, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name: string) {
    super(name);
    // v1: the first cached schema — queue (by status and recency), threads, customers, outbox.
    this.version(1).stores({
      conversations: 'id, status, assigneeId, lastMessageAt, customerId',
      messages: 'id, [conversationId+createdAt]',
      customers: 'id',
      identities: 'id, customerId',
      users: 'id',
      outbox: '++seq, &mutationId, status',
      meta: 'key',
    });
    // v2: the queue is read through an index in queue order ([status+queueKey]) and per assignee
    // ([assigneeKey+status+queueKey]) instead of loading every conversation — needed at 50,000 rows.
    this.version(2)
      .stores({
        conversations: 'id, status, assigneeId, lastMessageAt, customerId, [status+queueKey], [assigneeKey+status+queueKey]',
      })
      .upgrade(addQueueKeys);
  }
}

/** v1 → v2: derive the queue keys of every cached conversation. */
export async function addQueueKeys(tx: Transaction): Promise<void> {
  await tx
    .table('conversations')
    .toCollection()
    .modify((c: CachedConversation) => {
      c.queueKey = queueKeyOf(c);
      c.assigneeKey = c.assigneeId ?? UNASSIGNED;
    });
}

/** One database per hub and user, so two accounts on one machine never see each other's cache. */
export function databaseName(hubUrl: string, userId: string): string {
  return `switchboard:${new URL(hubUrl).host}:${userId}`;
}
