/**
 * The one ingest path: every inbound customer message — from SMTP, webhooks, the chat widget or
 * the demo generator — enters the hub through `ingestInbound`.
 *
 * Idempotent by (channel, provider message id): a provider redelivering the same message gets
 * `duplicate` and nothing changes. Everything is written in one transaction, so a crash mid-write
 * leaves nothing half-stored.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  ChannelSchema,
  ConversationKindSchema,
  DepartmentIdSchema,
  type Channel,
  type ConversationKind,
  type DepartmentId,
} from '../../src-shared/index.js';
import { autoLinkTarget, recordAutoLink } from '../customers/auto-link.js';
import { recordEvents, wokenByCustomer } from '../conversations/events.js';
import { HubError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { snippetOf, toConversation, toCustomer, toIdentity, toMessage } from '../store/mappers.js';
import type { Database } from '../store/schema.js';

/** Bodies above this are refused; channels enforce their own, smaller limits before this. */
export const MAX_INBOUND_BODY = 1_000_000;

export const InboundMessageSchema = z.object({
  channel: ChannelSchema,
  kind: ConversationKindSchema,
  providerMessageId: z.string().min(1).max(512),
  from: z.object({
    providerUserId: z.string().min(1).max(512),
    handle: z.string().min(1).max(512),
    displayName: z.string().max(512).nullable().default(null),
  }),
  body: z.string().max(MAX_INBOUND_BODY),
  subject: z.string().max(2000).nullable().default(null),
  channelMeta: z.record(z.string(), z.unknown()).default({}),
  receivedAt: z.date().optional(),
  department: DepartmentIdSchema.optional(),
  /** The channel account (mailbox, page, number, widget) it arrived on; replies leave from it. */
  accountId: z.uuid().optional(),
  /**
   * For channels that thread explicitly (email's In-Reply-To/References): the provider ids of the
   * messages this one answers, on the same channel. It joins the conversation of the newest of them
   * that belongs to the same sender (reopening it when closed); when none matches it starts a new
   * conversation. Left out, a message continues the sender's latest open conversation.
   */
  replyTo: z.array(z.string().min(1).max(512)).max(200).optional(),
  priority: z.number().int().min(0).max(100).default(0),
  customer: z.object({ language: z.string().max(16).nullable(), country: z.string().max(2).nullable() }).partial().default({}),
});
export type InboundMessage = z.input<typeof InboundMessageSchema>;

export type IngestResult =
  | { status: 'stored'; conversationId: string; messageId: string; head: number }
  | { status: 'duplicate'; conversationId: string; messageId: string };

/**
 * Store one inbound message; the caller pokes consoles with `head` after it returns.
 *
 * @throws HubError('bad_request') for an invalid message; database errors propagate so the
 * channel can answer its provider with a retryable error.
 */
export async function ingestInbound(db: Kysely<Database>, input: InboundMessage): Promise<IngestResult> {
  const msg = parseInbound(input);
  return storeParsed(db, msg, msg.receivedAt ?? new Date());
}

/**
 * Validate an inbound message.
 *
 * @throws HubError('bad_request') naming every invalid field.
 */
export function parseInbound(input: InboundMessage): ParsedInbound {
  const parsed = InboundMessageSchema.safeParse(input);
  if (!parsed.success) {
    throw new HubError('bad_request', `Invalid inbound message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Store one validated message in its own transaction. */
export async function storeParsed(db: Kysely<Database>, msg: ParsedInbound, receivedAt: Date): Promise<IngestResult> {
  try {
    return await storeInbound(db, msg, receivedAt);
  } catch (error) {
    // The same provider message delivered twice at once under different sender ids: the loser of
    // the race hits the unique constraint; it is still a duplicate, not an error.
    if (isUniqueViolation(error)) {
      const existing = await findDelivered(db, msg.channel, msg.providerMessageId);
      if (existing) return { status: 'duplicate', conversationId: existing.conversation_id, messageId: existing.id };
    }
    throw error;
  }
}

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

function findDelivered(db: Kysely<Database> | Trx, channel: Channel, providerMessageId: string) {
  return db
    .selectFrom('messages')
    .select(['id', 'conversation_id'])
    .where('channel', '=', channel)
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
}

async function storeInbound(db: Kysely<Database>, msg: ParsedInbound, receivedAt: Date): Promise<IngestResult> {
  return db.transaction().execute(async (trx) => {
    await lockSenders(trx, [msg]);
    const changes: PendingChange[] = [];
    const result = await storeOne(trx, msg, receivedAt, changes);
    if (result.status === 'duplicate') return result;
    return { ...result, head: await appendChanges(trx, changes) };
  });
}

export type ParsedInbound = z.infer<typeof InboundMessageSchema>;

/** The `messages` row of an inbound customer message (the single path and group commit alike). */
export function inboundMessageRow(id: string, conversationId: string, msg: ParsedInbound, receivedAt: Date) {
  return {
    id,
    conversation_id: conversationId,
    channel: msg.channel,
    direction: 'inbound' as const,
    author_id: null,
    body: msg.body,
    channel_meta: JSON.stringify(msg.channelMeta),
    provider_message_id: msg.providerMessageId,
    created_at: receivedAt,
  };
}

/** The key ingest serialises on: one sender identity. */
const senderKey = (msg: ParsedInbound): string => `${msg.channel}:${msg.from.providerUserId}`;

/**
 * Serialise ingest per sender identity so two deliveries of one person's messages cannot both
 * create the customer or both open a conversation. Several senders are locked in one statement in
 * hash order, so two transactions locking overlapping sets cannot deadlock.
 */
export async function lockSenders(trx: Trx, messages: readonly ParsedInbound[]): Promise<void> {
  const keys = [...new Set(messages.map(senderKey))];
  await sql`select count(pg_advisory_xact_lock(h)) from (select distinct hashtext(k) as h from unnest(${keys}::text[]) as k order by h) as s`.execute(trx);
}

/**
 * Store one inbound message inside the caller's transaction, which holds its sender's lock, and
 * add its changes to `changes` (the caller appends them to the change log before committing). A
 * message already stored — earlier, or earlier in the same transaction — is a duplicate.
 */
export async function storeOne(
  trx: Trx,
  msg: ParsedInbound,
  receivedAt: Date,
  changes: PendingChange[],
): Promise<{ status: 'stored'; conversationId: string; messageId: string } | { status: 'duplicate'; conversationId: string; messageId: string }> {
  const existing = await findDelivered(trx, msg.channel, msg.providerMessageId);
  if (existing) return { status: 'duplicate', conversationId: existing.conversation_id, messageId: existing.id } as const;

  const { identityId, customerId } = await resolveIdentity(trx, msg, changes);
  const conversationId = await findOrOpenConversation(trx, {
    identityId,
    customerId,
    channel: msg.channel,
    kind: msg.kind,
    department: msg.department ?? 'support',
    subject: msg.subject,
    accountId: msg.accountId ?? null,
    replyTo: msg.replyTo,
    at: receivedAt,
  });

  // The conversation first: its row lock then covers the message's foreign-key check. The other
  // order (insert, whose FK check takes a KEY SHARE lock, then update) turns the row's lock into a
  // MultiXact on every message, which made each ingest several times slower.
  const conversation = await trx
    .updateTable('conversations')
    .set((eb) => ({
      status: 'open',
      version: eb('version', '+', 1),
      snippet: snippetOf(msg.body),
      last_message_at: sql<Date>`greatest(last_message_at, ${receivedAt})`,
      waiting_since: sql<Date>`coalesce(waiting_since, ${receivedAt})`,
      // The customer wrote again: a snoozed conversation wakes.
      snoozed_until: null,
      priority: sql<number>`greatest(priority, ${msg.priority})`,
      updated_at: new Date(),
    }))
    .where('id', '=', conversationId)
    .returningAll()
    // The subquery reads the statement's snapshot, i.e. the row before this update: was it snoozed?
    .returning(sql<Date | null>`(select o.snoozed_until from conversations o where o.id = ${conversationId})`.as('woke_from'))
    .executeTakeFirstOrThrow();

  const message = await trx
    .insertInto('messages')
    .values(inboundMessageRow(randomUUID(), conversationId, msg, receivedAt))
    .returningAll()
    .executeTakeFirstOrThrow();

  const { woke_from: wokeFrom, ...saved } = conversation;
  changes.push({ entity: 'message', data: toMessage(message) }, { entity: 'conversation', data: toConversation(saved) });
  if (wokeFrom) changes.push(...(await recordEvents(trx, [wokenByCustomer(conversationId, receivedAt)])));
  return { status: 'stored', conversationId, messageId: message.id } as const;
}

type Trx = Transaction<Database>;

async function resolveIdentity(
  trx: Trx,
  msg: ParsedInbound,
  changes: PendingChange[],
): Promise<{ identityId: string; customerId: string }> {
  const identity = await trx
    .selectFrom('identities')
    .select(['id', 'customer_id'])
    .where('channel', '=', msg.channel)
    .where('provider_user_id', '=', msg.from.providerUserId)
    .executeTakeFirst();
  if (identity) return { identityId: identity.id, customerId: identity.customer_id };

  // A verified address or number the hub already knows joins that customer (Customer 360).
  const facts = { channel: msg.channel, handle: msg.from.handle, providerUserId: msg.from.providerUserId, displayName: msg.from.displayName };
  const link = await autoLinkTarget(trx, facts);
  if (link) {
    const linked = await trx
      .insertInto('identities')
      .values({ id: randomUUID(), customer_id: link.customerId, channel: msg.channel, handle: msg.from.handle, provider_user_id: msg.from.providerUserId, display_name: msg.from.displayName })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAutoLink(trx, link.customerId, linked.id, link.via);
    changes.push({ entity: 'identity', data: toIdentity(linked) });
    return { identityId: linked.id, customerId: link.customerId };
  }

  const now = new Date();
  const customer = await trx
    .insertInto('customers')
    .values({
      id: randomUUID(),
      name: msg.from.displayName ?? msg.from.handle,
      language: msg.customer.language ?? null,
      country: msg.customer.country ?? null,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const created = await trx
    .insertInto('identities')
    .values({
      id: randomUUID(),
      customer_id: customer.id,
      channel: msg.channel,
      handle: msg.from.handle,
      provider_user_id: msg.from.providerUserId,
      display_name: msg.from.displayName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  changes.push({ entity: 'customer', data: toCustomer(customer) }, { entity: 'identity', data: toIdentity(created) });
  return { identityId: created.id, customerId: customer.id };
}

async function findOrOpenConversation(
  trx: Trx,
  args: {
    identityId: string;
    customerId: string;
    channel: Channel;
    kind: ConversationKind;
    department: DepartmentId;
    subject: string | null;
    accountId: string | null;
    replyTo: string[] | undefined;
    at: Date;
  },
): Promise<string> {
  if (args.replyTo) {
    // Explicit threading: the answered message decides, whatever is open; the sender must be the
    // one the conversation is with, so a stranger quoting a Message-ID cannot join it.
    const answered =
      args.replyTo.length === 0
        ? undefined
        : await trx
            .selectFrom('messages')
            .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
            .select('conversations.id')
            .where('messages.channel', '=', args.channel)
            .where('messages.provider_message_id', 'in', args.replyTo)
            .where('conversations.identity_id', '=', args.identityId)
            .orderBy('messages.created_at', 'desc')
            .executeTakeFirst();
    if (answered) return answered.id;
    return openConversation(trx, args);
  }
  // A new message from the same person on the same channel continues their latest conversation
  // that is not closed; after closing, the next message starts a new one.
  const open = await trx
    .selectFrom('conversations')
    .select('id')
    .where('identity_id', '=', args.identityId)
    .where('kind', '=', args.kind)
    .where('status', '!=', 'closed')
    // Writing to another of our mailboxes or pages is another conversation.
    .where('channel_account_id', args.accountId ? '=' : 'is', args.accountId)
    .orderBy('last_message_at', 'desc')
    .executeTakeFirst();
  if (open) return open.id;
  return openConversation(trx, args);
}

async function openConversation(
  trx: Trx,
  args: { identityId: string; customerId: string; channel: Channel; kind: ConversationKind; department: DepartmentId; subject: string | null; accountId: string | null; at: Date },
): Promise<string> {
  const created = await trx
    .insertInto('conversations')
    .values({
      id: randomUUID(),
      customer_id: args.customerId,
      identity_id: args.identityId,
      channel: args.channel,
      kind: args.kind,
      status: 'open',
      assignee_id: null,
      department_id: args.department,
      // An influential customer's new conversation starts with their score's boost (Customer 360).
      priority: sql<number>`coalesce((select priority_boost from customers where id = ${args.customerId}), 0)`,
      subject: args.subject,
      channel_account_id: args.accountId,
      version: 0,
      snippet: '',
      last_message_at: args.at,
      waiting_since: null,
      updated_at: args.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}
