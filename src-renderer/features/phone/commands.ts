/**
 * Phone-switch writes: each is the optimistic local row and its outbox row in one Dexie
 * transaction (habit 5), so calls and callbacks are logged the same way online and offline.
 */
import {
  canonicalCallBody,
  type BusinessHours,
  type CallbackAction,
  type CallMeta,
  type CallOutcome,
  type Conversation,
  type User,
} from '../../../src-shared/index.js';
import type { CachedCallback, OutboxRow, SwitchboardDb } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { clientIdOf } from '../../sync/client-id.js';


function outboxRow(name: OutboxRow['name'], mutationId: string, payload: Record<string, unknown>, refs: Pick<OutboxRow, 'messageId' | 'callbackId'>): OutboxRow {
  return { mutationId, name, payload, status: 'pending', attempts: 0, lastError: null, createdAt: new Date().toISOString(), ...refs };
}

export interface CallLogInput {
  number: string;
  ext: string | null;
  numberSource: CallMeta['numberSource'];
  reason: string;
  outcome: CallOutcome;
  durationSeconds: number;
  startedAt: string;
  notes: string;
  callbackId: string | null;
}

/** Log a call in the conversation's thread; it shows at once as pending. Returns the message id. */
export async function queueLogCall(db: SwitchboardDb, conversation: Conversation, me: User, input: CallLogInput): Promise<string> {
  const messageId = newId();
  const mutationId = newId();
  const call: CallMeta = { ...input, reason: input.reason.trim(), notes: input.notes.trim(), fromChannel: conversation.channel, editedAt: null, editedBy: null };
  const now = new Date().toISOString();
  await db.transaction('rw', [db.messages, db.outbox, db.meta, db.callbacks], async () => {
    const clientId = await clientIdOf(db);
    await db.messages.add({
      id: messageId,
      conversationId: conversation.id,
      direction: 'note',
      authorId: me.id,
      body: canonicalCallBody(call),
      channelMeta: { call },
      providerMessageId: null,
      createdAt: now,
      localState: 'pending',
    });
    if (input.callbackId) await db.callbacks.update(input.callbackId, { status: 'done', doneAt: now, doneCallId: messageId, localState: 'pending' });
    const { fromChannel: _f, editedAt: _e, editedBy: _b, ...fields } = call;
    await db.outbox.add(
      outboxRow('call:log', mutationId, { clientId, mutationId, conversationId: conversation.id, messageId, ...fields }, { messageId, ...(input.callbackId ? { callbackId: input.callbackId } : {}) }),
    );
  });
  return messageId;
}

/** Edit a logged call (outcome, duration, notes). */
export async function queueUpdateCall(
  db: SwitchboardDb,
  args: { conversationId: string; messageId: string; call: CallMeta; outcome: CallOutcome; durationSeconds: number; notes: string; me: User },
): Promise<void> {
  const mutationId = newId();
  const call: CallMeta = { ...args.call, outcome: args.outcome, durationSeconds: args.durationSeconds, notes: args.notes.trim(), editedAt: new Date().toISOString(), editedBy: args.me.id };
  await db.transaction('rw', [db.messages, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    const message = await db.messages.get(args.messageId);
    if (!message) throw new Error('This call-log entry is no longer cached');
    await db.messages.update(args.messageId, { body: canonicalCallBody(call), channelMeta: { ...message.channelMeta, call }, localState: 'pending' });
    await db.outbox.add(
      outboxRow(
        'call:update',
        mutationId,
        { clientId, mutationId, conversationId: args.conversationId, messageId: args.messageId, outcome: args.outcome, durationSeconds: args.durationSeconds, notes: call.notes },
        { messageId: args.messageId },
      ),
    );
  });
}

export interface ScheduleInput {
  dueAt: Date;
  number: string;
  ext: string | null;
  assigneeId: string | null;
  reachable: BusinessHours;
  note: string;
}

/** Schedule a callback; it shows at once in the thread and the Callbacks view. Returns its id. */
export async function queueScheduleCallback(db: SwitchboardDb, conversation: Conversation, me: User, input: ScheduleInput): Promise<string> {
  const callbackId = newId();
  const mutationId = newId();
  const now = new Date().toISOString();
  const row: CachedCallback = {
    id: callbackId,
    conversationId: conversation.id,
    customerId: conversation.customerId,
    departmentId: conversation.departmentId,
    assigneeId: input.assigneeId,
    createdBy: me.id,
    dueAt: input.dueAt.toISOString(),
    number: input.number,
    ext: input.ext,
    customerTimeZone: input.reachable.timeZone,
    note: input.note.trim(),
    status: 'open',
    escalatedAt: null,
    doneCallId: null,
    doneAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    localState: 'pending',
  };
  await db.transaction('rw', [db.callbacks, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await db.callbacks.add(row);
    await db.outbox.add(
      outboxRow(
        'callback:schedule',
        mutationId,
        {
          clientId,
          mutationId,
          conversationId: conversation.id,
          callbackId,
          dueAt: row.dueAt,
          number: input.number,
          ext: input.ext,
          assigneeId: input.assigneeId,
          reachable: input.reachable,
          note: row.note,
        },
        { callbackId },
      ),
    );
  });
  return callbackId;
}

/** Done, cancel, reassign or reschedule a callback. */
export async function queueUpdateCallback(db: SwitchboardDb, callback: CachedCallback, action: CallbackAction): Promise<void> {
  const mutationId = newId();
  const now = new Date().toISOString();
  const local: Partial<CachedCallback> =
    action.kind === 'done'
      ? { status: 'done', doneAt: now, doneCallId: action.callId ?? null }
      : action.kind === 'cancel'
        ? { status: 'cancelled' }
        : action.kind === 'reassign'
          ? { assigneeId: action.assigneeId }
          : { dueAt: action.dueAt, customerTimeZone: action.reachable.timeZone, escalatedAt: null };
  await db.transaction('rw', [db.callbacks, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await db.callbacks.update(callback.id, { ...local, localState: 'pending', localError: undefined, localErrorReason: undefined });
    await db.outbox.add(
      outboxRow('callback:update', mutationId, { clientId, mutationId, conversationId: callback.conversationId, callbackId: callback.id, action }, { callbackId: callback.id }),
    );
  });
}
