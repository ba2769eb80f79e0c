/**
 * Outbound delivery: every reply an agent sends leaves the hub through here, on the channel its
 * conversation came from.
 *
 * A transactional outbox on the hub side: `enqueueDelivery` writes the delivery row in the same
 * transaction as the reply, so a crash between "stored" and "sent" never loses a reply, and a
 * reply is never sent without being stored. The dispatcher claims due rows with a lease (safe with
 * several hub nodes on one PostgreSQL), calls the channel's sender outside any transaction, and
 * records the outcome on the message — consoles see queued → sent or failed (with the reason)
 * through the change log like any other change.
 */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Channel } from '../../src-shared/index.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { toConversation, toMessage } from '../store/mappers.js';
import type { ConversationsTable, Database, DeliveriesTable, IdentitiesTable, MessagesTable } from '../store/schema.js';
import type { ChannelAccountRow } from './registry.js';

/** Everything a channel's sender needs to deliver one reply. */
export interface OutboundReply {
  delivery: Selectable<DeliveriesTable>;
  message: Selectable<MessagesTable>;
  conversation: Selectable<ConversationsTable>;
  /** The customer's identity on this channel (address, page-scoped id, wa_id…). */
  identity: Selectable<IdentitiesTable>;
  /** The account the conversation came in on; null when none is configured (demo history). */
  account: ChannelAccountRow | null;
  db: Kysely<Database>;
}

export interface DeliveryReceipt {
  /** The provider's id for the sent message (Message-ID, mid, wamid, tweet id). */
  providerMessageId: string | null;
  /** Channel details to keep with the message (e.g. email threading headers). */
  channelMeta?: Record<string, unknown>;
}

export type ChannelSender = (reply: OutboundReply) => Promise<DeliveryReceipt>;

/**
 * A delivery that failed. `retryable` failures (network, 5xx, rate limits) are retried with
 * backoff; the others (a closed WhatsApp window, an unknown recipient, a missing account) fail the
 * reply at once with `message` shown to the agent.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Give up on retryable failures after this many attempts (about a day with the backoff below). */
export const MAX_DELIVERY_ATTEMPTS = 12;
/** How long a claimed delivery is ours before another node may try it (a crash mid-send). */
const LEASE_MS = 120_000;
/** Deliveries claimed per round (see `#runDue`). */
const CLAIM_BATCH = 100;
/**
 * Outcomes wait at most this long to be recorded together. A crash in between means those replies
 * are sent again after the lease, the same as a crash between one send and its record always did.
 */
const RECORD_WITHIN_MS = 200;

export function deliveryBackoffMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queue an outbound reply for delivery, inside the transaction that stores it. The caller stores
 * the message with `delivery_status: 'queued'` (one write instead of an insert and an update).
 */
export async function enqueueDelivery(trx: Transaction<Database>, message: Selectable<MessagesTable>, conversation: Selectable<ConversationsTable>): Promise<void> {
  await trx.insertInto('deliveries').values(deliveryRow(message, conversation)).execute();
}

/** The delivery row of a reply stored as queued (inserted by `enqueueDelivery`, or by a batch with others). */
export function deliveryRow(
  message: Pick<Selectable<MessagesTable>, 'id' | 'delivery_status'>,
  conversation: Selectable<ConversationsTable>,
): Insertable<DeliveriesTable> {
  if (message.delivery_status !== 'queued') throw new Error('A reply must be stored with delivery_status "queued" before it is enqueued');
  return {
    message_id: message.id,
    conversation_id: conversation.id,
    channel: conversation.channel,
    channel_account_id: conversation.channel_account_id,
    status: 'queued',
    last_error: null,
    next_attempt_at: new Date(),
    provider_message_id: null,
    updated_at: new Date(),
  };
}

export interface DispatcherOptions {
  /** Called with the new change-log head after a delivery outcome was recorded. */
  onChange: (head: number) => void;
  log: (msg: string, extra?: unknown) => void;
  /** Poll interval for due retries; new replies are sent at once through `kick()`. */
  pollMs?: number;
  /** Sender for conversations without a channel account (demo mode: accept and mark sent). */
  fallback?: ChannelSender;
}

export class DeliveryDispatcher {
  readonly #senders = new Map<Channel, ChannelSender>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: DispatcherOptions,
  ) {}

  /** A channel module registers how to send on its channel. */
  register(channel: Channel, sender: ChannelSender): void {
    this.#senders.set(channel, sender);
  }

  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.options.pollMs ?? 5_000);
    this.#timer.unref();
    this.kick();
  }

  /** Stop polling and wait for the deliveries in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** Send what is due now (coalesced with a run in progress). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#runDue()
      .catch((error: unknown) => this.options.log('delivery run failed', error))
      .finally(() => {
        this.#running = null;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no run is in progress (tests). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /**
   * Claim due deliveries in rounds of {@link CLAIM_BATCH}, load what their senders need with one
   * query per table, send them one after another (one conversation's replies go out in order),
   * and record the outcomes in one transaction — one change-log append and one poke — per
   * {@link RECORD_WITHIN_MS}. Per reply, that is a send and a share of a few statements instead
   * of about ten statements and a transaction: when a console replays hundreds of offline replies,
   * their deliveries no longer crowd its `mutation:batch` transactions out of the database.
   */
  async #runDue(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const claimed = await this.#claim(CLAIM_BATCH);
      if (claimed.length === 0) return;
      const replies = await this.#loadAll(claimed);
      const outcomes: Outcome[] = [];
      let oldest = 0;
      try {
        for (const delivery of claimed) {
          // Unsent claims keep their lease and are retried after it.
          if (this.#stopped) break;
          outcomes.push(await this.#attempt(delivery, replies.get(delivery.message_id)));
          if (outcomes.length === 1) oldest = Date.now();
          // A slow channel does not hold finished outcomes back for the whole round.
          if (Date.now() - oldest >= RECORD_WITHIN_MS) await this.#recordAll(outcomes.splice(0));
        }
      } finally {
        // What was sent is recorded even when stopping or when a record failed part-way.
        if (outcomes.length > 0) await this.#recordAll(outcomes);
      }
    }
  }

  /** Claim due deliveries by pushing their next attempt past a lease (skip rows another node holds). */
  async #claim(limit: number): Promise<Selectable<DeliveriesTable>[]> {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('deliveries')
        .selectAll()
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', new Date())
        .orderBy('created_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      await trx
        .updateTable('deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(Date.now() + LEASE_MS), updated_at: new Date() }))
        .where(
          'message_id',
          'in',
          due.map((d) => d.message_id),
        )
        .execute();
      return due.map((d) => ({ ...d, attempts: d.attempts + 1 }));
    });
  }

  /** Send one reply; every failure becomes an outcome (a missing row counts as retryable). */
  async #attempt(delivery: Selectable<DeliveriesTable>, reply: OutboundReply | undefined): Promise<Outcome> {
    try {
      if (!reply) throw new Error(`The message, conversation or identity of delivery ${delivery.message_id} was not found`);
      const sender = reply.account ? this.#senders.get(delivery.channel) : this.options.fallback;
      if (!sender) {
        throw new DeliveryError(
          reply.account
            ? `Replies on ${delivery.channel} cannot be sent by this hub yet`
            : 'No channel account is configured for this conversation, so the reply cannot leave the hub',
          false,
        );
      }
      if (reply.account && !reply.account.enabled) throw new DeliveryError(`The ${delivery.channel} account "${reply.account.name}" is disabled`, false);
      return { delivery, status: 'sent', error: null, receipt: await sender(reply) };
    } catch (error) {
      const retryable = !(error instanceof DeliveryError) || error.retryable;
      const reason = error instanceof Error ? error.message : String(error);
      if (retryable && delivery.attempts < MAX_DELIVERY_ATTEMPTS) {
        this.options.log(`delivery of ${delivery.message_id} failed (attempt ${delivery.attempts}), will retry`, error);
        return { delivery, status: 'retry', error: reason, receipt: null };
      }
      return { delivery, status: 'failed', error: reason, receipt: null };
    }
  }

  /** What the senders of `claimed` need, with one query per table; a delivery whose rows are gone is left out. */
  async #loadAll(claimed: Selectable<DeliveriesTable>[]): Promise<Map<string, OutboundReply>> {
    const db = this.db;
    const unique = <T>(xs: T[]) => [...new Set(xs)];
    const messages = await db
      .selectFrom('messages')
      .selectAll()
      .where('id', 'in', claimed.map((d) => d.message_id))
      .execute();
    const conversations = await db
      .selectFrom('conversations')
      .selectAll()
      .where('id', 'in', unique(claimed.map((d) => d.conversation_id)))
      .execute();
    const identityIds = unique(conversations.map((c) => c.identity_id));
    const identities = identityIds.length > 0 ? await db.selectFrom('identities').selectAll().where('id', 'in', identityIds).execute() : [];
    const accountIds = unique(
      claimed.flatMap((d) => {
        const id = d.channel_account_id ?? conversations.find((c) => c.id === d.conversation_id)?.channel_account_id;
        return id ? [id] : [];
      }),
    );
    const accounts: ChannelAccountRow[] = accountIds.length > 0 ? await db.selectFrom('channel_accounts').selectAll().where('id', 'in', accountIds).execute() : [];
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
    const [messageById, conversationById, identityById, accountById] = [byId(messages), byId(conversations), byId(identities), byId(accounts)];
    const replies = new Map<string, OutboundReply>();
    for (const delivery of claimed) {
      const message = messageById.get(delivery.message_id);
      const conversation = conversationById.get(delivery.conversation_id);
      const identity = conversation && identityById.get(conversation.identity_id);
      if (!message || !conversation || !identity) continue;
      const accountId = delivery.channel_account_id ?? conversation.channel_account_id;
      replies.set(delivery.message_id, { delivery, message, conversation, identity, account: (accountId && accountById.get(accountId)) || null, db });
    }
    return replies;
  }

  /**
   * Record outcomes in one transaction: final ones on the delivery and the message (one statement
   * per distinct outcome, so a run of identical failures is one update), with one change-log
   * append for all of them and one poke; retryable ones get their next attempt time.
   */
  async #recordAll(outcomes: Outcome[]): Promise<void> {
    const head = await this.db.transaction().execute(async (trx) => {
      const now = new Date();
      const groups = new Map<string, Outcome[]>();
      for (const o of outcomes) {
        if (o.status === 'retry') {
          await trx
            .updateTable('deliveries')
            .set({ last_error: o.error, next_attempt_at: new Date(now.getTime() + deliveryBackoffMs(o.delivery.attempts)), updated_at: now })
            .where('message_id', '=', o.delivery.message_id)
            .execute();
          continue;
        }
        // Outcomes with a receipt differ per reply; plain ones (the same failure) share a statement.
        const key = o.receipt?.providerMessageId || o.receipt?.channelMeta ? `one:${o.delivery.message_id}` : `${o.status}:${o.error ?? ''}`;
        groups.set(key, [...(groups.get(key) ?? []), o]);
      }
      const changedMessages: Selectable<MessagesTable>[] = [];
      for (const group of groups.values()) {
        const { status, error, receipt } = group[0]!;
        const ids = group.map((o) => o.delivery.message_id);
        await trx
          .updateTable('deliveries')
          .set({ status: status as 'sent' | 'failed', last_error: error, provider_message_id: receipt?.providerMessageId ?? null, updated_at: now })
          .where('message_id', 'in', ids)
          .execute();
        changedMessages.push(
          ...(await trx
            .updateTable('messages')
            .set((eb) => ({
              delivery_status: status as 'sent' | 'failed',
              delivery_error: error,
              ...(receipt?.providerMessageId ? { provider_message_id: receipt.providerMessageId } : {}),
              ...(receipt?.channelMeta ? { channel_meta: sql`${eb.ref('channel_meta')} || ${JSON.stringify(receipt.channelMeta)}::jsonb` } : {}),
            }))
            .where('id', 'in', ids)
            .returningAll()
            .execute()),
        );
      }
      if (changedMessages.length === 0) return 0;
      const conversations = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('id', 'in', [...new Set(changedMessages.map((m) => m.conversation_id))])
        .execute();
      return appendChanges(trx, [
        ...changedMessages.map((m): PendingChange => ({ entity: 'message', data: toMessage(m) })),
        ...conversations.map((c): PendingChange => ({ entity: 'conversation', data: toConversation(c) })),
      ]);
    });
    if (head) this.options.onChange(head);
  }
}

/** One attempt's result, recorded by `#recordAll`. */
interface Outcome {
  delivery: Selectable<DeliveriesTable>;
  status: 'sent' | 'failed' | 'retry';
  error: string | null;
  receipt: DeliveryReceipt | null;
}
