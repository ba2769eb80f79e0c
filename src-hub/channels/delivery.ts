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
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Channel } from '../../src-shared/index.js';
import { appendChanges } from '../store/changes.js';
import { toConversation, toMessage } from '../store/mappers.js';
import type { ConversationsTable, Database, DeliveriesTable, IdentitiesTable, MessagesTable } from '../store/schema.js';
import { getChannelAccount, type ChannelAccountRow } from './registry.js';

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

export function deliveryBackoffMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queue an outbound reply for delivery, inside the transaction that stores it. The caller stores
 * the message with `delivery_status: 'queued'` (one write instead of an insert and an update).
 */
export async function enqueueDelivery(trx: Transaction<Database>, message: Selectable<MessagesTable>, conversation: Selectable<ConversationsTable>): Promise<void> {
  if (message.delivery_status !== 'queued') throw new Error('A reply must be stored with delivery_status "queued" before it is enqueued');
  await trx
    .insertInto('deliveries')
    .values({
      message_id: message.id,
      conversation_id: conversation.id,
      channel: conversation.channel,
      channel_account_id: conversation.channel_account_id,
      status: 'queued',
      last_error: null,
      next_attempt_at: new Date(),
      provider_message_id: null,
      updated_at: new Date(),
    })
    .execute();
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

  async #runDue(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const claimed = await this.#claim(20);
      if (claimed.length === 0) return;
      // One conversation's replies go out in order; different conversations may interleave.
      for (const delivery of claimed) {
        if (this.#stopped) return;
        await this.#deliver(delivery);
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

  async #deliver(delivery: Selectable<DeliveriesTable>): Promise<void> {
    let receipt: DeliveryReceipt;
    try {
      const reply = await this.#load(delivery);
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
      receipt = await sender(reply);
    } catch (error) {
      await this.#failed(delivery, error);
      return;
    }
    await this.#record(delivery, 'sent', null, receipt);
  }

  async #load(delivery: Selectable<DeliveriesTable>): Promise<OutboundReply> {
    const db = this.db;
    const message = await db.selectFrom('messages').selectAll().where('id', '=', delivery.message_id).executeTakeFirstOrThrow();
    const conversation = await db.selectFrom('conversations').selectAll().where('id', '=', delivery.conversation_id).executeTakeFirstOrThrow();
    const identity = await db.selectFrom('identities').selectAll().where('id', '=', conversation.identity_id).executeTakeFirstOrThrow();
    const accountId = delivery.channel_account_id ?? conversation.channel_account_id;
    const account = accountId ? ((await getChannelAccount(db, accountId)) ?? null) : null;
    return { delivery, message, conversation, identity, account, db };
  }

  async #failed(delivery: Selectable<DeliveriesTable>, error: unknown): Promise<void> {
    const retryable = !(error instanceof DeliveryError) || error.retryable;
    const reason = error instanceof Error ? error.message : String(error);
    if (retryable && delivery.attempts < MAX_DELIVERY_ATTEMPTS) {
      this.options.log(`delivery of ${delivery.message_id} failed (attempt ${delivery.attempts}), will retry`, error);
      await this.db
        .updateTable('deliveries')
        .set({ last_error: reason, next_attempt_at: new Date(Date.now() + deliveryBackoffMs(delivery.attempts)), updated_at: new Date() })
        .where('message_id', '=', delivery.message_id)
        .execute();
      return;
    }
    await this.#record(delivery, 'failed', reason, null);
  }

  /** Record the final outcome on the delivery and the message, and tell consoles. */
  async #record(delivery: Selectable<DeliveriesTable>, status: 'sent' | 'failed', error: string | null, receipt: DeliveryReceipt | null): Promise<void> {
    const head = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('deliveries')
        .set({ status, last_error: error, provider_message_id: receipt?.providerMessageId ?? null, updated_at: new Date() })
        .where('message_id', '=', delivery.message_id)
        .execute();
      const message = await trx
        .updateTable('messages')
        .set((eb) => ({
          delivery_status: status,
          delivery_error: error,
          ...(receipt?.providerMessageId ? { provider_message_id: receipt.providerMessageId } : {}),
          ...(receipt?.channelMeta ? { channel_meta: sql`${eb.ref('channel_meta')} || ${JSON.stringify(receipt.channelMeta)}::jsonb` } : {}),
        }))
        .where('id', '=', delivery.message_id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const conversation = await trx.selectFrom('conversations').selectAll().where('id', '=', delivery.conversation_id).executeTakeFirstOrThrow();
      return appendChanges(trx, [
        { entity: 'message', data: toMessage(message) },
        { entity: 'conversation', data: toConversation(conversation) },
      ]);
    });
    if (head) this.options.onChange(head);
  }
}
