/**
 * Call-log entries and callbacks as idempotent mutations (single events and `mutation:batch`).
 *
 * A call-log entry is a note message in the conversation's own thread whose `channelMeta.call`
 * records the number, outcome, duration, notes and the channel switch (from which channel, why).
 * Colleagues see it like any note, the customer never does. A callback is a row of its own
 * whose due time must lie inside the contact center's service hours and the customer's hours.
 */
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import {
  canonicalCallBody,
  isLeadRole,
  isWithinAll,
  type Callback,
  type CallbackResult,
  type CallLogResult,
  type CallMeta,
  type LogCallRequestSchema,
  type ScheduleCallbackRequestSchema,
  type UpdateCallbackRequestSchema,
  type UpdateCallRequestSchema,
  type User,
  CallMetaSchema,
} from '../../src-shared/index.js';
import { assertMaySee, loadConversation, saveConversation } from '../conversations/service.js';
import type { Applied, MutationContext } from '../conversations/mutations.js';
import { HubError } from '../errors.js';
import { canSee } from '../store/changes.js';
import { toConversation, toMessage } from '../store/mappers.js';
import type { CallbacksTable, ConversationsTable } from '../store/schema.js';
import { loadTelephonySettings } from './settings.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Row → wire callback. */
export function toCallback(row: Selectable<CallbacksTable>, departmentId: Callback['departmentId']): Callback {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    customerId: row.customer_id,
    departmentId,
    assigneeId: row.assignee_id,
    createdBy: row.created_by,
    dueAt: iso(row.due_at),
    number: row.number,
    ext: row.ext,
    customerTimeZone: row.customer_time_zone,
    note: row.note,
    status: row.status,
    escalatedAt: row.escalated_at ? iso(row.escalated_at) : null,
    doneCallId: row.done_call_id,
    doneAt: row.done_at ? iso(row.done_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Phone numbers are personal data: only the conversation's team (or its assignee) logs calls. */
function assertMayCall(user: User, conversation: Selectable<ConversationsTable>): void {
  assertMaySee(user, conversation);
}

/** Log a call as a note in the conversation's thread; completes the callback it answered. */
export async function applyLogCall(ctx: MutationContext, req: z.output<typeof LogCallRequestSchema>): Promise<Applied<CallLogResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  assertMayCall(user, current);
  const taken = ctx.batch
    ? ctx.batch.takenMessageIds.has(req.messageId)
    : await trx.selectFrom('messages').select('id').where('id', '=', req.messageId).executeTakeFirst();
  if (taken) throw new HubError('conflict', 'A message with this id already exists', { reason: 'message.idTaken' });
  const now = new Date();
  const call: CallMeta = {
    number: req.number,
    ext: req.ext,
    numberSource: req.numberSource,
    fromChannel: current.channel,
    reason: req.reason,
    outcome: req.outcome,
    durationSeconds: req.durationSeconds,
    startedAt: req.startedAt,
    notes: req.notes,
    callbackId: req.callbackId,
    editedAt: null,
    editedBy: null,
  };
  const changes: Applied<unknown>['changes'] = [];
  if (req.callbackId) {
    const callback = await completeCallback(ctx, current, req.callbackId, req.messageId, now);
    changes.push({ entity: 'callback', data: callback });
  }
  const stored = await trx
    .insertInto('messages')
    .values({
      id: req.messageId,
      conversation_id: current.id,
      channel: current.channel,
      direction: 'note',
      author_id: user.id,
      body: canonicalCallBody(call),
      channel_meta: JSON.stringify({ call }),
      provider_message_id: null,
      delivery_status: null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  ctx.batch?.takenMessageIds.add(stored.id);
  // A call that reached the customer answered them: they no longer wait for a reply.
  const row = await saveConversation(ctx, current, {
    updated_at: now,
    ...(req.outcome === 'reached' ? { waiting_since: null } : {}),
  });
  const message = toMessage(stored);
  return {
    result: { message },
    changes: [...changes, { entity: 'message', data: message }, { entity: 'conversation', data: toConversation(row) }],
  };
}

/** Edit a logged call's outcome, duration and notes (any colleague who may see the conversation). */
export async function applyUpdateCall(ctx: MutationContext, req: z.output<typeof UpdateCallRequestSchema>): Promise<Applied<CallLogResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  assertMayCall(user, current);
  const stored = await trx.selectFrom('messages').selectAll().where('id', '=', req.messageId).where('conversation_id', '=', current.id).executeTakeFirst();
  const before = stored ? CallMetaSchema.safeParse((stored.channel_meta as Record<string, unknown> | null)?.call) : null;
  if (!stored || !before?.success) throw new HubError('not_found', 'This call-log entry does not exist in this conversation', { reason: 'callLog.notFound' });
  const call: CallMeta = {
    ...before.data,
    outcome: req.outcome,
    durationSeconds: req.durationSeconds,
    notes: req.notes,
    editedAt: new Date().toISOString(),
    editedBy: user.id,
  };
  const updated = await trx
    .updateTable('messages')
    .set({ body: canonicalCallBody(call), channel_meta: JSON.stringify({ ...(stored.channel_meta as object), call }) })
    .where('id', '=', stored.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // The message change needs its conversation's scope in the same append; the version bump also
  // tells consoles the thread changed.
  const row = await saveConversation(ctx, current, { updated_at: new Date() });
  const message = toMessage(updated);
  return { result: { message }, changes: [{ entity: 'message', data: message }, { entity: 'conversation', data: toConversation(row) }] };
}

async function assertAssignable(ctx: MutationContext, conversation: Selectable<ConversationsTable>, assigneeId: string | null): Promise<void> {
  if (assigneeId === null || assigneeId === ctx.user.id) return;
  const target = await ctx.trx.selectFrom('users').selectAll().where('id', '=', assigneeId).executeTakeFirst();
  if (!target || target.disabled) throw new HubError('not_found', 'That colleague does not exist or is disabled', { reason: 'assign.noSuchColleague' });
  // Whoever calls back must be able to open the conversation.
  if (!isLeadRole(target.role) && !canSee({ id: target.id, email: target.email, name: target.name, role: target.role, departments: target.departments }, conversation.department_id, conversation.assignee_id)) {
    throw new HubError('forbidden', `${target.name} is not in this conversation's team; transfer the conversation first`, { reason: 'callback.colleagueNotInTeam', params: { name: target.name } });
  }
}

async function assertInHours(ctx: MutationContext, dueAt: Date, reachable: z.output<typeof ScheduleCallbackRequestSchema>['reachable']): Promise<void> {
  const settings = await loadTelephonySettings(ctx.trx);
  if (!isWithinAll([settings.serviceHours], dueAt)) {
    throw new HubError('bad_request', `The due time ${dueAt.toISOString()} is outside the contact center's service hours (or on a holiday)`, { reason: 'callback.outsideServiceHours', params: { dueAt: dueAt.toISOString() } });
  }
  if (!isWithinAll([reachable], dueAt)) {
    throw new HubError('bad_request', `The due time ${dueAt.toISOString()} is outside the hours the customer can be reached`, { reason: 'callback.outsideReachable', params: { dueAt: dueAt.toISOString() } });
  }
}

/** Schedule a callback in a conversation. */
export async function applyScheduleCallback(ctx: MutationContext, req: z.output<typeof ScheduleCallbackRequestSchema>): Promise<Applied<CallbackResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  assertMayCall(user, current);
  const exists = await trx.selectFrom('callbacks').select('id').where('id', '=', req.callbackId).executeTakeFirst();
  if (exists) throw new HubError('conflict', 'A callback with this id already exists', { reason: 'callback.idTaken' });
  await assertAssignable(ctx, current, req.assigneeId);
  const dueAt = new Date(req.dueAt);
  await assertInHours(ctx, dueAt, req.reachable);
  const now = new Date();
  const row = await trx
    .insertInto('callbacks')
    .values({
      id: req.callbackId,
      conversation_id: current.id,
      customer_id: current.customer_id,
      assignee_id: req.assigneeId,
      created_by: user.id,
      due_at: dueAt,
      number: req.number,
      ext: req.ext,
      customer_time_zone: req.reachable.timeZone,
      note: req.note,
      status: 'open',
      escalated_at: null,
      done_call_id: null,
      done_at: null,
      version: 1,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const callback = toCallback(row, current.department_id);
  return { result: { callback }, changes: [{ entity: 'callback', data: callback }] };
}

async function loadCallback(ctx: MutationContext, conversationId: string, id: string): Promise<Selectable<CallbacksTable>> {
  const row = await ctx.trx.selectFrom('callbacks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row || row.conversation_id !== conversationId) throw new HubError('not_found', 'This callback does not exist in this conversation', { reason: 'callback.notFound' });
  return row;
}

async function completeCallback(ctx: MutationContext, conversation: Selectable<ConversationsTable>, id: string, callId: string | null, now: Date): Promise<Callback> {
  const row = await loadCallback(ctx, conversation.id, id);
  if (row.status !== 'open') throw new HubError('conflict', `This callback is already ${row.status === 'done' ? 'done' : 'cancelled'}`, { reason: row.status === 'done' ? 'callback.done' : 'callback.cancelled' });
  const updated = await ctx.trx
    .updateTable('callbacks')
    .set({ status: 'done', done_at: now, done_call_id: callId, version: row.version + 1, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCallback(updated, conversation.department_id);
}

/** Done, cancel, reassign or reschedule. */
export async function applyUpdateCallback(ctx: MutationContext, req: z.output<typeof UpdateCallbackRequestSchema>): Promise<Applied<CallbackResult>> {
  const { trx, user } = ctx;
  const current = await loadConversation(ctx, req.conversationId);
  const now = new Date();
  const row = await loadCallback(ctx, current.id, req.callbackId);
  // The assignee of a callback may act on it even when the conversation is not in her team.
  if (row.assignee_id !== user.id) assertMayCall(user, current);
  const action = req.action;
  if (action.kind === 'done') {
    const callback = await completeCallback(ctx, current, row.id, action.callId, now);
    return { result: { callback }, changes: [{ entity: 'callback', data: callback }] };
  }
  if (row.status !== 'open') throw new HubError('conflict', `This callback is already ${row.status === 'done' ? 'done' : 'cancelled'}`, { reason: row.status === 'done' ? 'callback.done' : 'callback.cancelled' });
  let set: Partial<Selectable<CallbacksTable>>;
  switch (action.kind) {
    case 'cancel':
      set = { status: 'cancelled' };
      break;
    case 'reassign':
      // Agents may take a callback or give it back to the team; leads hand it to anyone.
      if (!isLeadRole(user.role) && action.assigneeId !== null && action.assigneeId !== user.id && row.assignee_id !== user.id) {
        throw new HubError('forbidden', 'Only team leads can hand a colleague’s callback to someone else', { reason: 'callback.leadsOnly' });
      }
      await assertAssignable(ctx, current, action.assigneeId);
      set = { assignee_id: action.assigneeId };
      break;
    case 'reschedule': {
      const dueAt = new Date(action.dueAt);
      await assertInHours(ctx, dueAt, action.reachable);
      // A new deadline starts the escalation clock again.
      set = { due_at: dueAt, customer_time_zone: action.reachable.timeZone, escalated_at: null };
      break;
    }
  }
  const updated = await trx
    .updateTable('callbacks')
    .set({ ...set, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const callback = toCallback(updated, current.department_id);
  return { result: { callback }, changes: [{ entity: 'callback', data: callback }] };
}
