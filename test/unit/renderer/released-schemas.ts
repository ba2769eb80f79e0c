/**
 * The console's cache schemas exactly as each version was released, so upgrade tests open a
 * database as an older console left it. Never edit an entry; add the next released version.
 */
import Dexie from 'dexie';

const V1 = {
  conversations: 'id, status, assigneeId, lastMessageAt, customerId',
  messages: 'id, [conversationId+createdAt]',
  customers: 'id',
  identities: 'id, customerId',
  users: 'id',
  outbox: '++seq, &mutationId, status',
  meta: 'key',
};
const V2 = { ...V1, conversations: 'id, status, assigneeId, lastMessageAt, customerId, [status+queueKey], [assigneeKey+status+queueKey]' };
const V3 = { ...V1, conversations: 'id, customerId, [status+queueKey], [assigneeKey+status+queueKey]' };
/** v4's tombstones of purged conversations, then v10's callbacks. */
const V10 = { ...V3, purged: 'id, at', callbacks: 'id, conversationId, [status+dueAt]' };
const V20 = { ...V10, consents: 'id, customerId', rewards: 'id, customerId', merges: 'id, survivorId' };

/** v60's mentions and canned responses (the last schema before v70's queue lanes). */
const V60 = { ...V20, mentions: 'id, [userId+read], [userId+createdAt], conversationId', canned: 'id, title' };

const RELEASED = { 1: V1, 2: V2, 3: V3, 10: V10, 20: V20, 60: V60 } as const;

/** Open (not yet open: Dexie opens on first use) a database named `name` at a released version. */
export function openReleased(name: string, version: keyof typeof RELEASED): Dexie {
  const db = new Dexie(name);
  db.version(version).stores(RELEASED[version]);
  return db;
}
