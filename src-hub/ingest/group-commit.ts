/**
 * Group commit for the one ingest path: messages that arrive while a transaction is being written
 * are stored together in the next one.
 *
 * Storing each message in its own transaction costs a commit, a change-log lock and a change-log
 * insert per message; PGlite (one connection) then manages about 235 messages/s. Here, the first
 * message of a quiet moment is stored at once, and whatever arrives meanwhile waits only for that
 * commit and then shares one transaction: one sender-lock statement, the same per-message work as
 * before, one change-log append, one commit. Under load, groups grow on their own; when idle,
 * latency is that of a single message.
 *
 * Every message still gets exactly the single path's semantics (idempotency by provider id, sender
 * serialisation, threading). If a group's transaction fails — a duplicate racing in from another
 * hub node, a deadlock — nothing of it was stored, and each of its messages is retried alone, so
 * one message can never fail the others.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { recordEvents, wokenByCustomer } from '../conversations/events.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { identifiersOf } from '../../src-shared/index.js';
import { snippetOf, toConversation, toCustomer, toIdentity, toMessage } from '../store/mappers.js';
import type { ConversationsTable, Database, MessagesTable } from '../store/schema.js';
import { inboundMessageRow, lockSenders, parseInbound, storeOne, storeParsed, type InboundMessage, type IngestResult, type ParsedInbound } from './ingest.js';

/** Messages per transaction at most: a group holds PGlite's one connection while it is written. */
const MAX_GROUP = 100;

interface Waiting {
  msg: ParsedInbound;
  receivedAt: Date;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitIngest {
  readonly #queue: Waiting[] = [];
  #writing: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Store one inbound message, together with those arriving at the same time.
   *
   * @throws HubError('bad_request') for an invalid message (before it is queued); database errors
   * propagate so the channel can answer its provider with a retryable error.
   */
  ingest(input: InboundMessage): Promise<IngestResult> {
    const msg = parseInbound(input);
    // The arrival time is taken now, not when the group is written.
    const receivedAt = msg.receivedAt ?? new Date();
    return new Promise<IngestResult>((resolve, reject) => {
      this.#queue.push({ msg, receivedAt, resolve, reject });
      this.#writing ??= this.#drain();
    });
  }

  /** Resolves when everything queued so far is stored (shutdown). */
  async idle(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_GROUP));
    } finally {
      this.#writing = null;
    }
  }

  async #commit(group: Waiting[]): Promise<void> {
    if (group.length > 1) {
      let results: IngestResult[] | null = null;
      try {
        results = await this.db.transaction().execute((trx) => storeGroup(trx, group));
      } catch {
        // Rolled back whole: fall through and store each message alone.
      }
      if (results) {
        group.forEach((w, i) => w.resolve(results[i]!));
        return;
      }
    }
    for (const w of group) await storeParsed(this.db, w.msg, w.receivedAt).then(w.resolve, w.reject);
  }
}

type Stored = Awaited<ReturnType<typeof storeOne>>;

/**
 * Whether a new sender might join an existing customer: only a verified address or number links
 * (customers/auto-link.ts), and such senders take the single path, which looks them up.
 */
function mayAutoLink(msg: ParsedInbound): boolean {
  const facts = { channel: msg.channel, handle: msg.from.handle, providerUserId: msg.from.providerUserId, displayName: msg.from.displayName };
  return identifiersOf(facts).some((id) => id.verified && id.kind !== 'provider');
}

/**
 * Store a group in the caller's transaction with a handful of statements whatever its size.
 *
 * The common case — a known sender writing into a conversation that is open — is done set-wise:
 * one query each for earlier deliveries, senders and their open conversations, one update of all
 * touched conversations (version + the number of messages, the last snippet, as the single path
 * would leave them) and one insert of all messages. Everything else (a new sender, explicit email
 * threading, a provider id repeated within the group) goes through the single path's `storeOne`,
 * in arrival order, after the common case. The change log gets each message and each touched
 * conversation's final state.
 */
async function storeGroup(trx: Transaction<Database>, group: readonly Waiting[]): Promise<IngestResult[]> {
  const msgs = group.map((w) => w.msg);
  await lockSenders(trx, msgs);
  const delivered = await sql<{ channel: string; provider_message_id: string; id: string; conversation_id: string }>`
    select m.channel, m.provider_message_id, m.id, m.conversation_id
    from unnest(${msgs.map((m) => m.channel)}::text[], ${msgs.map((m) => m.providerMessageId)}::text[]) as k(channel, pid)
    join messages m on m.channel = k.channel and m.provider_message_id = k.pid`.execute(trx);
  const identities = await sql<{ id: string; channel: string; provider_user_id: string }>`
    select i.id, i.channel, i.provider_user_id
    from unnest(${msgs.map((m) => m.channel)}::text[], ${msgs.map((m) => m.from.providerUserId)}::text[]) as k(channel, puid)
    join identities i on i.channel = k.channel and i.provider_user_id = k.puid`.execute(trx);
  const identityOf = new Map(identities.rows.map((r) => [`${r.channel}|${r.provider_user_id}`, r.id]));
  // A sender's latest conversation that is not closed, per kind and channel account (as storeOne).
  const open = await sql<{ id: string; identity_id: string; kind: string; channel_account_id: string | null }>`
    select distinct on (identity_id, kind, channel_account_id) id, identity_id, kind, channel_account_id
    from conversations
    where identity_id = any(${[...new Set(identityOf.values())]}::uuid[]) and status <> 'closed'
    order by identity_id, kind, channel_account_id, last_message_at desc`.execute(trx);
  const openOf = new Map(open.rows.map((r) => [`${r.identity_id}|${r.kind}|${r.channel_account_id ?? ''}`, r.id]));
  const earlier = new Map(delivered.rows.map((r) => [`${r.channel}|${r.provider_message_id}`, r]));

  const results: (Stored | undefined)[] = new Array(group.length);
  const seen = new Set<string>();
  const fast: { i: number; id: string; conversationId: string }[] = [];
  const fresh: { i: number; id: string; conversationId: string; customerId: string; identityId: string }[] = [];
  const freshSenders = new Set<string>();
  const slow: number[] = [];
  group.forEach(({ msg }, i) => {
    const key = `${msg.channel}|${msg.providerMessageId}`;
    const before = earlier.get(key);
    if (before) {
      results[i] = { status: 'duplicate', conversationId: before.conversation_id, messageId: before.id };
      return;
    }
    const sender = `${msg.channel}|${msg.from.providerUserId}`;
    const identity = identityOf.get(sender);
    const conversationId = identity && !msg.replyTo ? openOf.get(`${identity}|${msg.kind}|${msg.accountId ?? ''}`) : undefined;
    if (!seen.has(key) && conversationId) fast.push({ i, id: randomUUID(), conversationId });
    else if (!seen.has(key) && !identity && !msg.replyTo && !freshSenders.has(sender) && !mayAutoLink(msg)) {
      // A sender seen for the first time: a new customer, identity and conversation, as storeOne
      // would create them. A second message of hers in this group takes the single path after
      // this and finds them.
      freshSenders.add(sender);
      fresh.push({ i, id: randomUUID(), conversationId: randomUUID(), customerId: randomUUID(), identityId: randomUUID() });
    } else slow.push(i);
    seen.add(key);
  });

  const changes: PendingChange[] = [];
  const messageRows: ReturnType<typeof inboundMessageRow>[] = [];
  const conversationChanges: PendingChange[] = [];
  if (fresh.length > 0) {
    const now = new Date();
    const customers = await trx
      .insertInto('customers')
      .values(
        fresh.map(({ i, customerId }) => {
          const { msg } = group[i]!;
          return { id: customerId, name: msg.from.displayName ?? msg.from.handle, language: msg.customer.language ?? null, country: msg.customer.country ?? null, updated_at: now };
        }),
      )
      .returningAll()
      .execute();
    const identities = await trx
      .insertInto('identities')
      .values(
        fresh.map(({ i, customerId, identityId }) => {
          const { msg } = group[i]!;
          return { id: identityId, customer_id: customerId, channel: msg.channel, handle: msg.from.handle, provider_user_id: msg.from.providerUserId, display_name: msg.from.displayName };
        }),
      )
      .returningAll()
      .execute();
    // Born in the state storeOne's insert-then-update leaves: version 1, waiting since the
    // message, the priority the message brings (a new customer's score boost is 0).
    const opened = await trx
      .insertInto('conversations')
      .values(
        fresh.map(({ i, conversationId, customerId, identityId }) => {
          const { msg, receivedAt } = group[i]!;
          return {
            id: conversationId,
            customer_id: customerId,
            identity_id: identityId,
            channel: msg.channel,
            kind: msg.kind,
            status: 'open' as const,
            assignee_id: null,
            department_id: msg.department ?? 'support',
            priority: Math.max(0, msg.priority),
            subject: msg.subject,
            channel_account_id: msg.accountId ?? null,
            version: 1,
            snippet: snippetOf(msg.body),
            last_message_at: receivedAt,
            waiting_since: receivedAt,
            updated_at: now,
          };
        }),
      )
      .returningAll()
      .execute();
    for (const c of customers) changes.push({ entity: 'customer', data: toCustomer(c) });
    for (const identity of identities) changes.push({ entity: 'identity', data: toIdentity(identity) });
    for (const c of opened) conversationChanges.push({ entity: 'conversation', data: toConversation(c) });
    for (const { i, id, conversationId } of fresh) {
      messageRows.push(inboundMessageRow(id, conversationId, group[i]!.msg, group[i]!.receivedAt));
      results[i] = { status: 'stored', conversationId, messageId: id };
    }
  }
  if (fast.length > 0) {
    const perConversation = new Map<string, { n: number; snippet: string; first: Date; last: Date; priority: number }>();
    for (const { i, conversationId } of fast) {
      const { msg, receivedAt } = group[i]!;
      const agg = perConversation.get(conversationId);
      if (!agg) perConversation.set(conversationId, { n: 1, snippet: snippetOf(msg.body), first: receivedAt, last: receivedAt, priority: msg.priority });
      else {
        agg.n++;
        agg.snippet = snippetOf(msg.body);
        if (receivedAt > agg.last) agg.last = receivedAt;
        agg.priority = Math.max(agg.priority, msg.priority);
      }
    }
    const values = sql.join(
      [...perConversation].map(([id, a]) => sql`(${id}::uuid, ${a.n}::int, ${a.snippet}::text, ${a.last}::timestamptz, ${a.first}::timestamptz, ${a.priority}::int)`),
    );
    // Conversations before messages: the rows' update lock then covers the messages' foreign-key checks.
    const updated = await sql<Selectable<ConversationsTable> & { woke_from: Date | null }>`
      update conversations c set status = 'open', version = c.version + v.n, snippet = v.snippet,
        last_message_at = greatest(c.last_message_at, v.last_at), waiting_since = coalesce(c.waiting_since, v.first_at),
        snoozed_until = null, priority = greatest(c.priority, v.priority), updated_at = now()
      from (values ${values}) as v(id, n, snippet, last_at, first_at, priority)
      where c.id = v.id
      returning c.*, (select o.snoozed_until from conversations o where o.id = c.id) as woke_from`.execute(trx);
    for (const { i, id, conversationId } of fast) {
      messageRows.push(inboundMessageRow(id, conversationId, group[i]!.msg, group[i]!.receivedAt));
      results[i] = { status: 'stored', conversationId, messageId: id };
    }
    // The subquery above read the rows before the update: those that were snoozed woke now.
    const woken = updated.rows.filter((r) => r.woke_from !== null).map((r) => wokenByCustomer(r.id, perConversation.get(r.id)!.first));
    for (const { woke_from: _, ...row } of updated.rows) conversationChanges.push({ entity: 'conversation', data: toConversation(row) });
    conversationChanges.push(...(await recordEvents(trx, woken)));
  }
  if (messageRows.length > 0) {
    const inserted = await trx.insertInto('messages').values(messageRows).returningAll().execute();
    const byId = new Map<string, Selectable<MessagesTable>>(inserted.map((m) => [m.id, m]));
    for (const row of messageRows) changes.push({ entity: 'message', data: toMessage(byId.get(row.id)!) });
  }
  changes.push(...conversationChanges);
  for (const i of slow) results[i] = await storeOne(trx, group[i]!.msg, group[i]!.receivedAt, changes);
  const head = await appendChanges(trx, changes);
  return results.map((r): IngestResult => (r!.status === 'stored' ? { ...r!, head } : r!));
}
