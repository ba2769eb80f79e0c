/**
 * Agent actions as commands: the optimistic local change and its outbox row are written in one
 * Dexie transaction (habit 5). The sync engine notices the new outbox row and sends it.
 */
import { Dexie } from 'dexie';
import type { Conversation, DepartmentId, SendReplyRequest, User, WhatsAppTemplate } from '../../../src-shared/index.js';
import type { OutboxRow, SwitchboardDb } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { clientIdOf } from '../../sync/client-id.js';
import { updateCachedConversation } from '../queue/local-update.js';
import { t } from '../../i18n/index.js';


function outboxRow(name: OutboxRow['name'], mutationId: string, payload: Record<string, unknown>, messageId?: string): OutboxRow {
  return {
    mutationId,
    name,
    payload,
    status: 'pending',
    attempts: 0,
    lastError: null,
    createdAt: new Date().toISOString(),
    ...(messageId ? { messageId } : {}),
  };
}

/**
 * What the agent sees of a conversation right now, for the stale-send guard: the newest message
 * the hub has stored (optimistic local rows do not count), the assignee and the status.
 */
async function seenState(db: SwitchboardDb, conversationId: string) {
  const conversation = await db.conversations.get(conversationId);
  if (!conversation) return null;
  const stored = await db.messages
    .where('[conversationId+createdAt]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
    .reverse()
    .filter((m) => m.localState === undefined)
    .first();
  return { lastMessageAt: stored?.createdAt ?? null, assigneeId: conversation.assigneeId, status: conversation.status };
}

/** The per-channel choices of a reply (see SendReplyRequestSchema): email subject, cc, answered mail, forward; visibility. */
export type ReplyOptions = Pick<SendReplyRequest, 'subject' | 'cc' | 'inReplyToMessageId' | 'visibility' | 'forward'>;

/**
 * Queue a reply (or an internal note); it shows at once as pending. Returns the message id.
 *
 * A WhatsApp `template` goes with the reply (allowed outside the 24-hour window); `body` is then
 * what the thread shows for it.
 */
export async function queueReply(
  db: SwitchboardDb,
  args: { conversationId: string; body: string; direction: 'outbound' | 'note'; author: User; template?: WhatsAppTemplate; options?: ReplyOptions },
): Promise<string> {
  // Only what is set travels (an older hub knows none of these fields; the schema makes them optional).
  const options = Object.fromEntries(Object.entries(args.direction === 'outbound' ? (args.options ?? {}) : {}).filter(([, v]) => v !== undefined && v !== null));
  const body = args.body.trim();
  if (!body) throw new Error(t('composer.emptyReply'));
  const messageId = newId();
  const mutationId = newId();
  await db.transaction('rw', [db.messages, db.outbox, db.meta, db.conversations], async () => {
    const clientId = await clientIdOf(db);
    const seen = await seenState(db, args.conversationId);
    await db.messages.add({
      id: messageId,
      conversationId: args.conversationId,
      direction: args.direction,
      authorId: args.author.id,
      body,
      channelMeta: { ...options, ...(args.template ? { template: args.template } : {}) },
      providerMessageId: null,
      createdAt: new Date().toISOString(),
      localState: 'pending',
    });
    await db.outbox.add(
      outboxRow(
        'message:send',
        mutationId,
        {
          clientId,
          mutationId,
          conversationId: args.conversationId,
          messageId,
          body,
          direction: args.direction,
          ...(seen ? { seen } : {}),
          ...(args.template && args.direction === 'outbound' ? { template: args.template } : {}),
          ...options,
        },
        messageId,
      ),
    );
  });
  return messageId;
}

/** Claim a conversation (assigneeId = me), hand it back (null), or — leads — assign a colleague. */
export async function queueAssign(db: SwitchboardDb, conversation: Conversation, assigneeId: string | null): Promise<void> {
  const mutationId = newId();
  await db.transaction('rw', [db.conversations, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await updateCachedConversation(db, conversation.id, { assigneeId });
    await db.outbox.add(outboxRow('conversation:assign', mutationId, { clientId, mutationId, conversationId: conversation.id, assigneeId }));
  });
}

/** Hand a conversation to another department's queue, unassigned. */
export async function queueTransfer(db: SwitchboardDb, conversation: Conversation, departmentId: DepartmentId): Promise<void> {
  const mutationId = newId();
  await db.transaction('rw', [db.conversations, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await updateCachedConversation(db, conversation.id, { departmentId, assigneeId: null });
    await db.outbox.add(outboxRow('conversation:transfer', mutationId, { clientId, mutationId, conversationId: conversation.id, departmentId }));
  });
}

/** Close or reopen a conversation. */
export async function queueSetStatus(db: SwitchboardDb, conversation: Conversation, status: 'open' | 'closed'): Promise<void> {
  const mutationId = newId();
  await db.transaction('rw', [db.conversations, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await updateCachedConversation(db, conversation.id, { status, snoozedUntil: null });
    await db.outbox.add(outboxRow('conversation:set-status', mutationId, { clientId, mutationId, conversationId: conversation.id, status }));
  });
}

/**
 * Put a held-back or failed reply back in line. For a reply the stale-send guard held back, this is
 * the agent's "send anyway" after reviewing what changed.
 */
export async function resendMessage(db: SwitchboardDb, messageId: string): Promise<void> {
  await db.transaction('rw', [db.messages, db.outbox], async () => {
    await db.outbox
      .where('status')
      .anyOf('failed', 'needs-attention')
      .filter((r) => r.messageId === messageId)
      .modify((row) => {
        if (row.status === 'needs-attention') row.payload = { ...row.payload, confirmed: true };
        row.status = 'pending';
        row.lastError = null;
        delete row.lastErrorReason;
      });
    await db.messages.update(messageId, { localState: 'pending', localError: undefined, localErrorReason: undefined });
  });
}

/** Drop a held-back or failed reply the agent no longer wants to send. */
export async function discardMessage(db: SwitchboardDb, messageId: string): Promise<void> {
  await db.transaction('rw', [db.messages, db.outbox], async () => {
    await db.outbox.where('status').anyOf('failed', 'needs-attention').filter((r) => r.messageId === messageId).delete();
    await db.messages.delete(messageId);
  });
}

/** Remove a tag (tags come from #hashtags in notes): at once locally, then through the outbox. */
export async function queueUntag(db: SwitchboardDb, conversation: Conversation, tag: string): Promise<void> {
  const mutationId = newId();
  await db.transaction('rw', [db.conversations, db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await updateCachedConversation(db, conversation.id, { tags: (conversation.tags ?? []).filter((t) => t !== tag) });
    await db.outbox.add(outboxRow('conversation:untag', mutationId, { clientId, mutationId, conversationId: conversation.id, tag }));
  });
}
