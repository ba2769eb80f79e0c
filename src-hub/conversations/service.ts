/**
 * Agent actions on conversations: reply, assign, open/close. Each runs as an idempotent mutation
 * and records its changes in the change log.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  isLeadRole,
  type AssignRequestSchema,
  type ConversationResult,
  type SendReplyRequestSchema,
  type SendReplyResult,
  type SetStatusRequestSchema,
  type TransferRequestSchema,
  type User,
} from '../../src-shared/index.js';
import type { z } from 'zod';
import { deliveryRow, enqueueDelivery } from '../channels/delivery.js';
import { assertReplyWindowOpen, outboundChannelMeta } from '../channels/social/reply-window-check.js';
import { HubError } from '../errors.js';
import { canSee } from '../store/changes.js';
import { snippetOf, toConversation, toMessage } from '../store/mappers.js';
import type { ConversationsTable, Database, MessagesTable } from '../store/schema.js';
import { runMutation, type Applied, type MutationContext, type MutationOutcome } from './mutations.js';
import { hasFreeCapacity } from '../lead/capacity.js';
import { noteEffects } from './collaboration.js';
import { checkReplyOptions } from './reply-options.js';
import { recordEvent } from './events.js';

/** The conversation, locked for the mutation (a batch locked it up front). */
export async function loadConversation({ trx, batch }: MutationContext, id: string) {
  // `for update` keeps a concurrent reply/assign from reading the same version. A batch locked
  // all its conversations up front.
  const row = batch ? batch.conversations.get(id) : await trx.selectFrom('conversations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new HubError('not_found', 'This conversation does not exist (or was deleted)', { reason: 'conversation.notFound' });
  return row;
}

/** What an agent action may change on a conversation (the version is bumped by the save). */
type ConversationChange = Partial<
  Pick<Selectable<ConversationsTable>, 'updated_at' | 'snippet' | 'last_message_at' | 'waiting_since' | 'assignee_id' | 'status' | 'department_id' | 'tags' | 'snoozed_until'>
>;

/**
 * Apply `change` to the locked conversation and bump its version; returns the new row.
 *
 * Inside a batch the change goes to the batch's locked copy, and batch.ts writes each changed
 * conversation once when the batch ends — the same row, one UPDATE instead of one per item.
 */
export async function saveConversation(
  { trx, batch }: MutationContext,
  current: Selectable<ConversationsTable>,
  change: ConversationChange,
): Promise<Selectable<ConversationsTable>> {
  if (batch) {
    const next = { ...current, ...change, version: current.version + 1 };
    batch.conversations.set(current.id, next);
    batch.unsaved.add(current.id);
    return next;
  }
  const { tags, ...columns } = change;
  return trx
    .updateTable('conversations')
    .set((eb) => ({ ...columns, ...(tags ? { tags: JSON.stringify(tags) } : {}), version: eb('version', '+', 1) }))
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Agents act only on conversations of their departments or assigned to them; leads on any. */
export function assertMaySee(user: User, row: Selectable<ConversationsTable>): void {
  if (!canSee(user, row.department_id, row.assignee_id)) {
    throw new HubError('forbidden', "This conversation is not in your team's queue any more.", { reason: 'conversation.notYourTeam' });
  }
}

/** Agents may act on conversations that are theirs or unassigned; leads on any. */
export function assertMayWork(user: User, assigneeId: string | null): void {
  if (isLeadRole(user.role) || assigneeId === null || assigneeId === user.id) return;
  throw new HubError('forbidden', 'This conversation is assigned to a colleague. Ask a team lead to transfer it.', { reason: 'conversation.assignedToColleague' });
}

/** Messages newer than what the agent saw, from anyone but her; at most 50 are counted. */
function newerMessages(
  trx: Transaction<Database>,
  user: User,
  current: Selectable<ConversationsTable>,
  seen: NonNullable<z.output<typeof SendReplyRequestSchema>['seen']>,
): Promise<{ direction: string }[]> {
  let newer = trx
    .selectFrom('messages')
    .select(['direction'])
    .where('conversation_id', '=', current.id)
    .where('direction', '!=', 'note')
    .where((eb) => eb.or([eb('direction', '=', 'inbound'), eb('author_id', 'is', null), eb('author_id', '!=', user.id)]));
  if (seen.lastMessageAt) newer = newer.where('created_at', '>', new Date(seen.lastMessageAt));
  return newer.limit(50).execute();
}

/**
 * The stale-send guard: refuse a reply written against a view of the conversation that has since
 * changed in a way the agent must see first — the customer or a colleague wrote, the conversation
 * went to someone else, or it was closed. The agent's own earlier messages do not count, so several
 * replies queued offline go out in order.
 */
async function assertNotStale(
  { trx, user, batch }: MutationContext,
  current: Selectable<ConversationsTable>,
  seen: NonNullable<z.output<typeof SendReplyRequestSchema>['seen']>,
): Promise<void> {
  const reasons: string[] = [];
  const key = `${current.id}|${seen.lastMessageAt ?? ''}`;
  const rows = batch?.newerMessages.get(key) ?? (await newerMessages(trx, user, current, seen));
  batch?.newerMessages.set(key, rows);
  const fromCustomer = rows.filter((r) => r.direction === 'inbound').length;
  const fromColleagues = rows.length - fromCustomer;
  if (fromCustomer > 0) reasons.push(`the customer wrote ${fromCustomer} new message${fromCustomer > 1 ? 's' : ''}`);
  if (fromColleagues > 0) reasons.push(`a colleague replied ${fromColleagues} time${fromColleagues > 1 ? 's' : ''}`);
  if (current.assignee_id !== null && current.assignee_id !== user.id && current.assignee_id !== seen.assigneeId) {
    reasons.push('the conversation was assigned to a colleague');
  }
  if (current.status === 'closed' && seen.status !== 'closed') reasons.push('the conversation was closed');
  if (reasons.length > 0) {
    // The console words the same facts itself: counts and flags, not the English phrases.
    const params = { customer: fromCustomer, colleagues: fromColleagues, assigned: reasons.includes('the conversation was assigned to a colleague'), closed: reasons.includes('the conversation was closed') };
    throw new HubError('stale', `Not sent: since you wrote this, ${reasons.join(', ')}. Review and send again, or discard.`, { reason: 'conversation.stale', params });
  }
}

/** Reply to the customer or add an internal note. A reply claims an unassigned conversation. */
export function sendReply(
  db: Kysely<Database>,
  user: User,
  req: z.output<typeof SendReplyRequestSchema>,
  /** Hub-internal: when the message was written (demo history); consoles cannot set it. */
  at: Date = new Date(),
  /** Hub-internal: a reply of seeded history, delivered long ago — stored as sent, never sent now. */
  history = false,
): Promise<MutationOutcome<SendReplyResult>> {
  return runMutation(db, user, req, 'message:send', (ctx) => applySendReply(ctx, req, at, history));
}

/** The reply inside a mutation's transaction — one event or one item of a batch. */
export async function applySendReply(
  ctx: MutationContext,
  req: z.output<typeof SendReplyRequestSchema>,
  at: Date = new Date(),
  history = false,
): Promise<Applied<SendReplyResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  const isNote = req.direction === 'note';
  // A forward goes to a third party, not the customer: it answers nothing, so news in the thread
  // cannot make it stale and it leaves the waiting state alone.
  const isForward = !isNote && req.forward !== undefined;
  // The guard comes first: an agent whose offline reply meets a conversation a colleague took
  // over should review what happened (and hand it over or discard), not get a bare refusal.
  if (!isNote && !isForward && req.seen && !req.confirmed) await assertNotStale(ctx, current, req.seen);
  assertMaySee(user, current);
  if (!isNote) assertMayWork(user, current.assignee_id);
  if (!isNote && current.channel === 'phone') {
    throw new HubError('bad_request', 'Phone conversations take call notes, not replies', { reason: 'conversation.phoneTakesNotes' });
  }
  if (!isNote) await assertReplyWindowOpen(trx, current, at, req.template);
  const options = await checkReplyOptions(trx, current, req);
  const taken = ctx.batch
    ? ctx.batch.takenMessageIds.has(req.messageId)
    : await trx.selectFrom('messages').select('id').where('id', '=', req.messageId).executeTakeFirst();
  if (taken) throw new HubError('conflict', 'A message with this id already exists', { reason: 'message.idTaken' });

  const now = at;
  // A note's #hashtags tag the conversation; its @mentions are kept with it for the colleagues.
  const note = isNote ? await noteEffects(ctx, current, req.body) : null;
  const channelMeta = { ...outboundChannelMeta(req), ...options, ...(note && note.mentions.length > 0 ? { mentions: note.mentions } : {}) };
  const row = {
    id: req.messageId,
    conversation_id: current.id,
    channel: current.channel,
    direction: req.direction,
    author_id: user.id,
    body: req.body,
    channel_meta: JSON.stringify(channelMeta),
    provider_message_id: null,
    // A reply to the customer leaves through its channel: queued from the moment it is stored.
    delivery_status: isNote ? null : history ? ('sent' as const) : ('queued' as const),
    created_at: now,
  };
  const pending = ctx.batch?.pendingReplies;
  // In a batch the row is inserted with the batch's other replies (see BatchReads.pendingReplies);
  // it is then exactly what the insert would return.
  const stored: Selectable<MessagesTable> = pending
    ? (pending.messages.push(row), { ...row, channel_meta: channelMeta, delivery_error: null })
    : await trx.insertInto('messages').values(row).returningAll().executeTakeFirstOrThrow();
  ctx.batch?.takenMessageIds.add(stored.id);
  // The delivery row commits with the reply (the hub's own transactional outbox).
  if (!isNote && !history) {
    if (pending) pending.deliveries.push(deliveryRow(stored, current));
    else await enqueueDelivery(trx, stored, current);
  }
  const message = stored;
  const conversation = await saveConversation(ctx, current, {
    updated_at: now,
    ...(note
      ? { tags: note.tags }
      : isForward
        ? {}
        : {
            snippet: snippetOf(req.body),
            last_message_at: now,
            waiting_since: null,
            assignee_id: current.assignee_id ?? user.id,
            status: current.status === 'closed' ? 'closed' : 'open',
          }),
  });
  const result = { message: toMessage(message), conversation: toConversation(conversation) };
  // A reply claims an unassigned conversation: the thread shows that as an assignment.
  const claimed = conversation.assignee_id !== current.assignee_id ? [await recordEvent(trx, current, 'assigned', user.id, { assigneeId: conversation.assignee_id }, now)] : [];
  return {
    result,
    changes: [{ entity: 'message', data: result.message }, { entity: 'conversation', data: result.conversation }, ...claimed],
  };
}

/** Claim, hand back, or (leads only) assign to a colleague. */
export function assignConversation(
  db: Kysely<Database>,
  user: User,
  req: z.output<typeof AssignRequestSchema>,
): Promise<MutationOutcome<ConversationResult>> {
  return runMutation(db, user, req, 'conversation:assign', (ctx) => applyAssign(ctx, req));
}

/** The assignment inside a mutation's transaction. */
export async function applyAssign(ctx: MutationContext, req: z.output<typeof AssignRequestSchema>): Promise<Applied<ConversationResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  const lead = isLeadRole(user.role);
  assertMaySee(user, current);
  if (!lead) {
    if (req.assigneeId !== null && req.assigneeId !== user.id) {
      throw new HubError('forbidden', 'Only team leads can assign conversations to colleagues', { reason: 'assign.leadsOnly' });
    }
    assertMayWork(user, current.assignee_id);
  }
  if (req.assigneeId !== null) {
    const target = await trx.selectFrom('users').select(['id', 'disabled']).where('id', '=', req.assigneeId).executeTakeFirst();
    if (!target || target.disabled) throw new HubError('not_found', 'That colleague does not exist or is disabled', { reason: 'assign.noSuchColleague' });
  }
  // An agent claiming for herself respects her capacity (locked in the database, see
  // lead/capacity.ts); a lead's assignment is an override and may exceed it.
  if (!lead && req.assigneeId === user.id && current.assignee_id !== user.id) {
    if (!(await hasFreeCapacity(trx, user.id, current.channel, ctx.batch?.conversations))) {
      throw new HubError('conflict', `You already have as many open ${current.channel} conversations as your capacity allows. Close one first.`, { reason: 'assign.capacityFull', params: { channel: current.channel } });
    }
  }
  const row = await saveConversation(ctx, current, { assignee_id: req.assigneeId, updated_at: new Date() });
  const conversation = toConversation(row);
  const events =
    current.assignee_id === req.assigneeId
      ? []
      : [await recordEvent(trx, current, req.assigneeId === null ? 'unassigned' : 'assigned', user.id, req.assigneeId === null ? {} : { assigneeId: req.assigneeId }, row.updated_at)];
  return { result: { conversation }, changes: [{ entity: 'conversation', data: conversation }, ...events] };
}

/** Close or reopen. */
export function setConversationStatus(
  db: Kysely<Database>,
  user: User,
  req: z.output<typeof SetStatusRequestSchema>,
): Promise<MutationOutcome<ConversationResult>> {
  return runMutation(db, user, req, 'conversation:set-status', (ctx) => applySetStatus(ctx, req));
}

/** Closing or reopening inside a mutation's transaction. */
export async function applySetStatus(ctx: MutationContext, req: z.output<typeof SetStatusRequestSchema>): Promise<Applied<ConversationResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  assertMaySee(user, current);
  assertMayWork(user, current.assignee_id);
  const row = await saveConversation(ctx, current, {
    status: req.status,
    updated_at: new Date(),
    // Closing or reopening ends a snooze: a closed conversation has nothing to wake for.
    snoozed_until: null,
    ...(req.status === 'closed' ? { waiting_since: null } : {}),
  });
  const conversation = toConversation(row);
  // Closing a closed conversation (a replay from another console) is no event.
  const changed = (current.status === 'closed') !== (req.status === 'closed');
  const events = changed ? [await recordEvent(trx, current, req.status === 'closed' ? 'closed' : 'reopened', user.id, {}, row.updated_at)] : [];
  return { result: { conversation }, changes: [{ entity: 'conversation', data: conversation }, ...events] };
}

/**
 * Hand a conversation to another department's queue (unassigned there). Agents who may work it
 * and leads can transfer; agents outside that department lose access and their caches purge it.
 */
export function transferConversation(
  db: Kysely<Database>,
  user: User,
  req: z.output<typeof TransferRequestSchema>,
): Promise<MutationOutcome<ConversationResult>> {
  return runMutation(db, user, req, 'conversation:transfer', (ctx) => applyTransfer(ctx, req));
}

/** The transfer inside a mutation's transaction. */
export async function applyTransfer(ctx: MutationContext, req: z.output<typeof TransferRequestSchema>): Promise<Applied<ConversationResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  assertMaySee(user, current);
  assertMayWork(user, current.assignee_id);
  const row = await saveConversation(ctx, current, { department_id: req.departmentId, assignee_id: null, updated_at: new Date() });
  const conversation = toConversation(row);
  const event = await recordEvent(trx, current, 'transferred', user.id, { departmentId: req.departmentId }, row.updated_at);
  return { result: { conversation }, changes: [{ entity: 'conversation', data: conversation }, event] };
}
