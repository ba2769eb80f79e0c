/**
 * The requirement, checked against the hub's database after a run has healed:
 *
 * "Every enqueued reply is stored exactly once, in order within its conversation, and nothing stays
 * pending once the connection is healthy."
 *
 * Spelled out for the stale-send guard: a reply is either stored exactly once (and gone from the
 * outbox), or held back as `needs-attention` and not stored — and only held back when the customer
 * really wrote after what the agent saw. Notes and confirmed replies are never held back. Order: a
 * reply that was never held back is stored before every reply enqueued after it in its
 * conversation (a held-back reply the agent confirms later goes out when confirmed).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../src-hub/store/schema.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';

export interface ReplyRecord {
  /** Position in enqueue order within the run. */
  index: number;
  messageId: string;
  conversation: number;
  body: string;
  direction: 'outbound' | 'note';
  /** `seen` as the outbox row carried it (absent when the conversation was not in the cache). */
  seen: { lastMessageAt: string | null } | null;
  /** The newest message the console had certainly synced before the reply was written. */
  syncedUpTo: string;
  /** The agent sent it anyway after it was held back. */
  confirmed: boolean;
}

export interface RunFacts {
  hubDb: Kysely<Database>;
  db: SwitchboardDb;
  agentId: string;
  conversationIds: string[];
  /** Change-log head before the run: every change of the run comes after it. */
  startHead: number;
  replies: ReplyRecord[];
}

interface StoredMessage {
  id: string;
  conversationId: string;
  direction: string;
  authorId: string | null;
  body: string;
  at: number;
  /** Sync id of the message's change-log entry: the order in which the hub committed them. */
  syncId: number;
}

export interface Findings {
  violations: string[];
  delivered: number;
  heldBack: number;
  timestampTies: number;
}

async function storedMessages(hubDb: Kysely<Database>, conversationIds: string[], startHead: number): Promise<StoredMessage[]> {
  const rows = await hubDb
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'direction', 'author_id', 'body', 'created_at'])
    .where('conversation_id', 'in', conversationIds)
    .execute();
  const syncIds = new Map<string, number>();
  if (rows.length > 0) {
    const changes = await hubDb
      .selectFrom('changes')
      .select(['entity_id', 'sync_id'])
      .where('sync_id', '>', startHead)
      .where('entity', '=', 'message')
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    for (const c of changes) {
      const syncId = Number(c.sync_id);
      syncIds.set(c.entity_id, Math.min(syncIds.get(c.entity_id) ?? syncId, syncId));
    }
  }
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    direction: r.direction,
    authorId: r.author_id,
    body: r.body,
    at: new Date(r.created_at).getTime(),
    syncId: syncIds.get(r.id) ?? Number.NaN,
  }));
}

/** Customer messages in `conversationId` newer than what a reply's author saw. */
function unseenInbound(stored: StoredMessage[], conversationId: string, seen: ReplyRecord['seen']): StoredMessage[] {
  const after = seen?.lastMessageAt ? new Date(seen.lastMessageAt).getTime() : Number.NEGATIVE_INFINITY;
  return stored.filter((m) => m.conversationId === conversationId && m.direction === 'inbound' && m.at > after);
}

export async function findViolations(facts: RunFacts): Promise<Findings> {
  const { replies, conversationIds, agentId } = facts;
  const violations: string[] = [];
  const stored = await storedMessages(facts.hubDb, conversationIds, facts.startHead);
  const outbox = await facts.db.outbox.toArray();
  const locals = await facts.db.messages.bulkGet(replies.map((r) => r.messageId));
  const byId = new Map(stored.map((m) => [m.id, m]));
  let delivered = 0;
  let heldBack = 0;

  for (const row of outbox) {
    if (row.status === 'pending') violations.push(`outbox row seq ${row.seq} is still pending after healing (${row.lastError ?? 'no error'})`);
    if (row.status === 'failed') violations.push(`outbox row seq ${row.seq} was parked as failed: ${row.lastError}`);
  }

  replies.forEach((reply, i) => {
    const name = `#${reply.index} (${reply.direction} in c${reply.conversation}, ${reply.messageId.slice(0, 8)})`;
    const conversationId = conversationIds[reply.conversation]!;
    const message = byId.get(reply.messageId);
    const copies = stored.filter((m) => m.body === reply.body).length;
    const queued = outbox.find((r) => r.messageId === reply.messageId);
    const local = locals[i];
    if (copies > 1) violations.push(`${name} is stored ${copies} times`);
    // The guard is only as good as `seen`: it must cover what the console had already synced.
    const seenAt = reply.seen?.lastMessageAt ? new Date(reply.seen.lastMessageAt).getTime() : Number.NEGATIVE_INFINITY;
    if (seenAt < new Date(reply.syncedUpTo).getTime()) {
      violations.push(`${name} carried seen=${reply.seen?.lastMessageAt ?? 'nothing'}, older than the message the console had synced (${reply.syncedUpTo})`);
    }

    if (queued?.status === 'needs-attention') {
      heldBack += 1;
      if (message) violations.push(`${name} is held back for review but was stored too`);
      if (reply.direction === 'note') violations.push(`${name} is a note, which the stale-send guard must not hold back`);
      if (reply.confirmed) violations.push(`${name} was confirmed by the agent but is held back again`);
      if (unseenInbound(stored, conversationId, reply.seen).length === 0) {
        violations.push(`${name} is held back although no customer message is newer than what the agent saw (${reply.seen?.lastMessageAt})`);
      }
      if (local?.localState !== 'needs-attention') violations.push(`${name} is held back but its local copy shows ${local?.localState}`);
      return;
    }
    if (queued) return; // pending or failed: reported above with the outbox row
    if (!message) {
      violations.push(`${name} is lost: not stored on the hub and no longer in the outbox`);
      return;
    }
    delivered += 1;
    if (message.conversationId !== conversationId || message.direction !== reply.direction || message.authorId !== agentId || message.body !== reply.body) {
      violations.push(`${name} is stored differently: ${JSON.stringify(message)}`);
    }
    if (!local) violations.push(`${name} vanished from the console's cache`);
    else if (local.localState !== undefined) violations.push(`${name} is stored but the console still shows it as ${local.localState}`);
    if (reply.direction === 'outbound' && reply.seen && !reply.confirmed) {
      const missed = unseenInbound(stored, conversationId, reply.seen).filter((m) => m.syncId < message.syncId);
      if (missed.length > 0) violations.push(`${name} was sent although the customer wrote ${missed.length} message(s) the agent had not seen`);
    }
  });

  const known = new Set(replies.map((r) => r.messageId));
  for (const m of stored) {
    if (m.authorId === agentId && !known.has(m.id)) violations.push(`the hub stored a message nobody enqueued: ${JSON.stringify(m)}`);
  }

  const timestampTies = checkOrder(replies, byId, violations);
  return { violations, delivered, heldBack, timestampTies };
}

/**
 * Order within each conversation, by the hub's `created_at` with the commit order (change-log
 * sync id) breaking ties. Returns how many neighbours shared a millisecond.
 */
function checkOrder(replies: ReplyRecord[], byId: Map<string, StoredMessage>, violations: string[]): number {
  let ties = 0;
  const conversations = new Set(replies.map((r) => r.conversation));
  for (const conversation of conversations) {
    const sent = replies
      .filter((r) => r.conversation === conversation && byId.has(r.messageId))
      .map((r) => ({ reply: r, message: byId.get(r.messageId)! }));
    const ordered = [...sent].sort((a, b) => a.message.at - b.message.at || a.message.syncId - b.message.syncId);
    const position = new Map(ordered.map((s, i) => [s.reply.messageId, i]));
    for (let i = 1; i < ordered.length; i += 1) {
      const before = ordered[i - 1]!.message;
      const after = ordered[i]!.message;
      if (before.at === after.at) ties += 1;
      if (before.syncId > after.syncId) {
        violations.push(`c${conversation}: created_at order contradicts commit order for ${before.id.slice(0, 8)} and ${after.id.slice(0, 8)}`);
      }
    }
    for (const [i, a] of sent.entries()) {
      if (a.reply.confirmed) continue;
      for (const b of sent.slice(i + 1)) {
        if (position.get(a.reply.messageId)! > position.get(b.reply.messageId)!) {
          violations.push(`c${conversation}: #${a.reply.index} was enqueued before #${b.reply.index} but stored after it`);
        }
      }
    }
  }
  return ties;
}
