/**
 * Outbound replies on Facebook, Instagram and WhatsApp through Meta's send APIs:
 * - Messenger / Instagram messages: `POST /{version}/{page-or-ig-id}/messages` with a recipient id;
 * - comments: a public reply under the customer's latest comment (`/{comment-id}/comments` on
 *   Facebook, `/{comment-id}/replies` on Instagram) or, when the account says so, a private reply
 *   (`recipient: { comment_id }`);
 * - WhatsApp Cloud API: `POST /{version}/{phone-number-id}/messages`, only inside the 24-hour
 *   customer-service window (checked again here as the last line: a reply may wait in the queue).
 */
import { replyWindow, WhatsAppTemplateSchema, type WhatsAppTemplate } from '../../../src-shared/index.js';
import { DeliveryError, type ChannelSender, type DeliveryReceipt, type OutboundReply } from '../delivery.js';
import type { ChannelAccountRow } from '../registry.js';
import { lastInbound, metaString } from '../social/last-inbound.js';
import { joinUrl, postJson } from '../social/provider-http.js';
import { metaSettingsOf, type MetaChannel } from './accounts.js';

/** Graph API error codes that mean "try again later" (rate limits, temporary outages). */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80007, 130429, 131048, 131056]);

interface GraphError {
  error?: { message?: string; code?: number; error_subcode?: number; is_transient?: boolean; error_data?: { details?: string } };
}

const graphErrorOf = (body: unknown): GraphError['error'] => (typeof body === 'object' && body !== null ? (body as GraphError).error : undefined);

/** The longest text each send API takes. */
const MAX_TEXT: Record<MetaChannel, number> = { facebook: 2000, instagram: 1000, whatsapp: 4096 };
const LABEL: Record<MetaChannel, string> = { facebook: 'Facebook', instagram: 'Instagram', whatsapp: 'WhatsApp' };

/** POST to the Graph API as the account. */
async function graphPost(account: ChannelAccountRow, path: string[], body: unknown): Promise<Record<string, unknown>> {
  const token = account.secrets?.accessToken;
  if (!token) throw new DeliveryError(`The ${account.channel} account "${account.name}" has no access token; an admin must add one`, false);
  const settings = metaSettingsOf(account);
  const answer = await postJson({
    url: joinUrl(settings.apiBaseUrl, settings.apiVersion, ...path),
    headers: { authorization: `Bearer ${token}` },
    body,
    provider: 'Meta',
    isTransient: (b) => {
      const error = graphErrorOf(b);
      return error?.is_transient === true || (error?.code !== undefined && TRANSIENT_CODES.has(error.code));
    },
    reasonOf: (b) => {
      const error = graphErrorOf(b);
      if (!error?.message) return null;
      const details = error.error_data?.details ? ` ${error.error_data.details}` : '';
      return `${error.message}${details}${error.code !== undefined ? ` (code ${error.code})` : ''}`;
    },
  });
  return typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
}

function checkLength(channel: MetaChannel, text: string): void {
  if (text.length > MAX_TEXT[channel]) {
    throw new DeliveryError(`${LABEL[channel]} accepts at most ${MAX_TEXT[channel]} characters in a reply; this one has ${text.length}`, false);
  }
}

function idFrom(answer: Record<string, unknown>, key: string): string | null {
  const value = answer[key];
  return typeof value === 'string' ? value : null;
}

/** Reply to the customer's latest comment, publicly or privately as the agent chose (else as the account is set up). */
async function replyToComment(reply: OutboundReply, account: ChannelAccountRow, channel: 'facebook' | 'instagram'): Promise<DeliveryReceipt> {
  const latest = await lastInbound(reply.db, reply.conversation.id);
  const commentId = metaString(latest, 'commentId') ?? latest?.provider_message_id ?? null;
  if (!commentId) throw new DeliveryError('There is no customer comment in this conversation to reply to', false);
  const text = reply.message.body;
  // The agent's choice in the composer; replies stored before it existed follow the account setting.
  const chosen = (reply.message.channel_meta as Record<string, unknown> | null)?.visibility;
  const visibility = chosen === 'public' || chosen === 'private' ? chosen : metaSettingsOf(account).commentReplies;
  if (visibility === 'private') {
    const answer = await graphPost(account, [account.address, 'messages'], { recipient: { comment_id: commentId }, message: { text } });
    return { providerMessageId: idFrom(answer, 'message_id'), channelMeta: { privateReplyTo: commentId } };
  }
  const answer = await graphPost(account, [commentId, channel === 'facebook' ? 'comments' : 'replies'], { message: text });
  return { providerMessageId: idFrom(answer, 'id'), channelMeta: { inReplyToComment: commentId, commentId: idFrom(answer, 'id') } };
}

function requireAccount(reply: OutboundReply): ChannelAccountRow {
  if (!reply.account) throw new DeliveryError('No channel account is configured for this conversation', false);
  return reply.account;
}

/** Messenger and Instagram: a message to the person, or a reply to their comment. */
function messagingSender(channel: 'facebook' | 'instagram'): ChannelSender {
  return async (reply) => {
    const account = requireAccount(reply);
    checkLength(channel, reply.message.body);
    if (reply.conversation.kind === 'comment') return replyToComment(reply, account, channel);
    const answer = await graphPost(account, [account.address, 'messages'], {
      recipient: { id: reply.identity.provider_user_id },
      // A reply to a message the person sent (Meta's standard messaging window applies).
      messaging_type: 'RESPONSE',
      message: { text: reply.message.body },
    });
    return { providerMessageId: idFrom(answer, 'message_id'), channelMeta: { mid: idFrom(answer, 'message_id') } };
  };
}

export const facebookSender = messagingSender('facebook');
export const instagramSender = messagingSender('instagram');

/** The Cloud API request for an approved template message. */
export function whatsAppTemplateRequest(to: string, template: WhatsAppTemplate): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      ...(template.parameters.length > 0 ? { components: [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }] } : {}),
    },
  };
}

/**
 * WhatsApp Cloud API: a text reply inside the customer-service window, or an approved template
 * (the reply carries it in its channel metadata) at any time.
 */
export const whatsAppSender: ChannelSender = async (reply) => {
  const account = requireAccount(reply);
  const to = reply.identity.provider_user_id;
  const template = WhatsAppTemplateSchema.safeParse((reply.message.channel_meta as Record<string, unknown> | null)?.template);
  let request: Record<string, unknown>;
  if (template.success) {
    request = whatsAppTemplateRequest(to, template.data);
  } else {
    const latest = await lastInbound(reply.db, reply.conversation.id);
    const window = replyWindow('whatsapp', latest?.created_at ?? null, new Date());
    if (window.state === 'closed') throw new DeliveryError(window.reason.message, false);
    checkLength('whatsapp', reply.message.body);
    request = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body: reply.message.body } };
  }
  const answer = await graphPost(account, [account.address, 'messages'], request);
  const messages = answer.messages;
  const wamid = Array.isArray(messages) && typeof messages[0]?.id === 'string' ? (messages[0].id as string) : null;
  return { providerMessageId: wamid, channelMeta: { wamid } };
};
