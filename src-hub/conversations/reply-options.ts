/**
 * The per-channel options of a reply (email subject, cc, the message answered, forwarding; public
 * or private on social comment threads) and the channel's length limit, checked before anything is
 * stored: a reply the channel would refuse is refused here with the reason, not queued to fail.
 */
import type { Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import { defaultVisibility, measureReply, replyVisibilities, type SendReplyRequestSchema } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import type { ConversationsTable, Database } from '../store/schema.js';

type Request = z.output<typeof SendReplyRequestSchema>;

/** What the reply's channel metadata keeps of its options (the senders read them from there). */
export interface ReplyOptionsMeta {
  subject?: string;
  cc?: string[];
  inReplyToMessageId?: string;
  visibility?: 'public' | 'private';
  forward?: { to: string; messageId: string };
}

/**
 * Check the options against the conversation's channel and return what to store with the message.
 * Throws `bad_request` (with the reason) for options the channel does not have, a reply over its
 * limit, or a referenced message outside this conversation.
 */
export async function checkReplyOptions(trx: Transaction<Database>, conversation: Selectable<ConversationsTable>, req: Request): Promise<ReplyOptionsMeta> {
  const emailOnly = (['subject', 'cc', 'inReplyToMessageId', 'forward'] as const).filter((k) => req[k] !== undefined);
  if (req.direction === 'note') {
    if (emailOnly.length > 0 || req.visibility) throw new HubError('bad_request', 'Internal notes have no subject, cc, visibility or forward', { reason: 'reply.noteOptions' });
    return {};
  }
  if (conversation.channel !== 'email' && emailOnly.length > 0) {
    throw new HubError('bad_request', `Only email replies have ${emailOnly.join(', ')}`, { reason: 'reply.emailOnly', params: { fields: emailOnly.join(', ') } });
  }
  const allowed = replyVisibilities(conversation.channel, conversation.kind);
  if (req.visibility && !allowed.includes(req.visibility)) {
    throw new HubError('bad_request', `This ${conversation.channel} conversation can only be answered privately`, { reason: 'reply.privateOnly', params: { channel: conversation.channel } });
  }
  const visibility = req.visibility ?? defaultVisibility(conversation.channel, conversation.kind);
  // A template's body is only what the thread shows; WhatsApp sends the approved template.
  if (!req.template) {
    const length = measureReply(conversation.channel, visibility, req.body);
    if (length.error) {
      const params = { channel: conversation.channel, visibility, limit: length.limit, length: length.length };
      throw new HubError('bad_request', length.error, { reason: 'reply.tooLong', params, issues: [{ path: 'body', message: length.error }] });
    }
  }
  for (const id of [req.inReplyToMessageId, req.forward?.messageId]) {
    if (!id) continue;
    const found = await trx.selectFrom('messages').select('id').where('id', '=', id).where('conversation_id', '=', conversation.id).executeTakeFirst();
    if (!found) throw new HubError('bad_request', 'The message to answer or forward is not part of this conversation', { reason: 'reply.notInConversation' });
  }
  return {
    ...(req.subject ? { subject: req.subject } : {}),
    ...(req.cc && req.cc.length > 0 ? { cc: req.cc } : {}),
    ...(req.inReplyToMessageId ? { inReplyToMessageId: req.inReplyToMessageId } : {}),
    // Only the agent's explicit choice is kept: without one, a Facebook or Instagram comment is
    // answered as its account is set up (see meta/senders.ts).
    ...(req.visibility && allowed.length > 1 ? { visibility: req.visibility } : {}),
    ...(req.forward ? { forward: req.forward } : {}),
  };
}
