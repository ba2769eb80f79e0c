/**
 * Live reads for the customer panel, all from the cache, so the panel works offline.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { textSignals, type Consent, type Conversation, type Customer, type Identity, type MergeRecord, type Reward } from '../../../src-shared/index.js';
import type { OutboxRow, SwitchboardDb } from '../../db/database.js';

/** One entry of the cross-channel history, newest first. */
export type TimelineEntry =
  | { kind: 'conversation'; at: string; conversation: Conversation; tags: string[] }
  | { kind: 'note'; at: string; conversationId: string; body: string; authorId: string | null }
  /** A call logged in a conversation (switch to phone stores it as a note with `channelMeta.call`). */
  | { kind: 'call'; at: string; conversationId: string; summary: string }
  | { kind: 'reward'; at: string; reward: Reward }
  | { kind: 'merge'; at: string; merge: MergeRecord; undone: boolean };

export interface Customer360View {
  customer: Customer;
  identities: Identity[];
  consents: Consent[];
  rewards: Reward[];
  /** Merges into this customer, newest first (undone ones included, for the history). */
  merges: MergeRecord[];
  timeline: TimelineEntry[];
  /** This customer's edits still in the outbox (offline, or refused with the hub's reason). */
  pending: OutboxRow[];
}

/**
 * The customer of a conversation with everything the panel shows; null when not cached, undefined
 * while loading or while `ready` is false. The panel passes `ready` once the conversation's thread
 * is on screen: the 360 view reads every message of every one of the customer's conversations
 * (notes, tags), which for a customer with thousands of messages took the IndexedDB reads and the
 * main thread from the thread's first paint.
 */
export function useCustomer360(db: SwitchboardDb, conversationId: string, ready = true): Customer360View | null | undefined {
  return useLiveQuery(async () => {
    if (!ready) return undefined;
    const conversation = await db.conversations.get(conversationId);
    if (!conversation) return null;
    return customer360(db, conversation.customerId);
  }, [db, conversationId, ready]);
}

/**
 * Topics per conversation thread, keyed by the thread's length and newest message.
 *
 * The panel's live query re-runs whenever one of the customer's threads changes; scanning every
 * inbound body against the lexicon each time (long HTML mails included) cost whole frames while
 * messages streamed in, so only a thread that changed is scanned again.
 */
const tagCache = new Map<string, string[]>();
const TAG_CACHE_SIZE = 2_000;

/** Read one customer's 360 view from the cache. */
export async function customer360(db: SwitchboardDb, customerId: string): Promise<Customer360View | null> {
  const customer = await db.customers.get(customerId);
  if (!customer) return null;
  const [identities, consents, rewards, merges, conversations, outbox] = await Promise.all([
    db.identities.where('customerId').equals(customerId).toArray(),
    db.consents.where('customerId').equals(customerId).toArray(),
    db.rewards.where('customerId').equals(customerId).toArray(),
    db.merges.where('survivorId').equals(customerId).toArray(),
    db.conversations.where('customerId').equals(customerId).toArray(),
    db.outbox.filter((r) => r.name.startsWith('customer:') && (r.payload as { customerId?: string }).customerId === customerId).toArray(),
  ]);
  const threads = await Promise.all(conversations.map((c) => db.messages.where('[conversationId+createdAt]').between([c.id, ''], [c.id, '\uffff']).toArray()));
  const notes = threads.flat().filter((m) => m.direction === 'note');
  // Tags: the hashtags and topics of what the customer wrote (the shared lexicon routing uses).
  const tagsOf = (i: number) => {
    const conversation = conversations[i]!;
    const thread = threads[i]!;
    const key = `${conversation.id}|${thread.length}|${thread.at(-1)?.id ?? ''}`;
    let tags = tagCache.get(key);
    if (tags === undefined) {
      tags = textSignals(thread.filter((m) => m.direction === 'inbound').map((m) => m.body).join('\n')).topics;
      if (tagCache.size >= TAG_CACHE_SIZE) tagCache.clear();
      tagCache.set(key, tags);
    }
    return tags;
  };
  const timeline: TimelineEntry[] = [
    ...conversations.map((c, i): TimelineEntry => ({ kind: 'conversation', at: c.lastMessageAt, conversation: c, tags: tagsOf(i) })),
    ...notes.map((n): TimelineEntry =>
      n.channelMeta.call
        ? { kind: 'call', at: n.createdAt, conversationId: n.conversationId, summary: n.body.split('\n')[0] ?? '' }
        : { kind: 'note', at: n.createdAt, conversationId: n.conversationId, body: n.body, authorId: n.authorId },
    ),
    ...rewards.map((r): TimelineEntry => ({ kind: 'reward', at: r.createdAt, reward: r })),
    ...merges.map((m): TimelineEntry => ({ kind: 'merge', at: m.undoneAt ?? m.createdAt, merge: m, undone: m.undoneAt !== null })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  merges.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { customer, identities, consents, rewards, merges, timeline, pending: outbox };
}

/** True when a social-profile consent is active for the customer (or for one of `identityId`). */
export function hasSocialConsent(consents: readonly Consent[], identityId?: string): boolean {
  return consents.some((c) => c.purpose === 'social-profile' && c.revokedAt === null && (c.identityId === null || identityId === undefined || c.identityId === identityId));
}
