/**
 * Meta webhook payload → the customer messages in it. Pure (no I/O) so the whole batch is checked
 * before anything is stored, and so the fuzz test can drive it directly.
 *
 * What is ignored on purpose: echoes of our own sends (`is_echo`, comments by the page or account
 * itself), read/delivery receipts, reactions, edits and deletions, and objects/fields Switchboard
 * does not handle. WhatsApp `statuses` are returned separately: they report on our outbound messages.
 */
import type { z } from 'zod';
import { dateFrom, zodIssues as issuesOf, type WebhookEvent } from '../social/webhook-ingest.js';
import {
  FeedValueSchema,
  InstagramCommentValueSchema,
  MetaWebhookSchema,
  WhatsAppValueSchema,
  type MessagingEvent,
  type WhatsAppMessage,
} from './payloads.js';

/** A WhatsApp delivery report on one of our outbound messages. */
export interface WhatsAppStatus {
  phoneNumberId: string;
  wamid: string;
  status: string;
  error: string | null;
}

export type MetaParseResult =
  | { ok: true; object: string; events: WebhookEvent[]; statuses: WhatsAppStatus[]; ignored: number }
  | { ok: false; reason: string };


class Malformed extends Error {}

function parseValue<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Malformed(`${where}: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

/** Validate a Meta webhook body and list the customer messages in it. */
export function parseMetaWebhook(body: unknown): MetaParseResult {
  const parsed = MetaWebhookSchema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: `Not a Meta webhook payload: ${issuesOf(parsed.error)}` };
  const payload = parsed.data;
  const events: WebhookEvent[] = [];
  const statuses: WhatsAppStatus[] = [];
  let ignored = 0;
  try {
    payload.entry.forEach((entry, e) => {
      const channel = payload.object === 'page' ? 'facebook' : payload.object === 'instagram' ? 'instagram' : null;
      for (const messaging of entry.messaging ?? []) {
        const event = channel ? fromMessaging(channel, entry.id, messaging) : null;
        if (event) events.push(event);
        else ignored += 1;
      }
      for (const [c, change] of (entry.changes ?? []).entries()) {
        const where = `entry.${e}.changes.${c}.value`;
        if (payload.object === 'page' && change.field === 'feed') {
          const event = fromFeed(entry.id, parseValue(FeedValueSchema, change.value, where));
          if (event) events.push(event);
          else ignored += 1;
        } else if (payload.object === 'instagram' && change.field === 'comments') {
          const event = fromInstagramComment(entry.id, parseValue(InstagramCommentValueSchema, change.value, where));
          if (event) events.push(event);
          else ignored += 1;
        } else if (payload.object === 'whatsapp_business_account' && change.field === 'messages') {
          const value = parseValue(WhatsAppValueSchema, change.value, where);
          const phoneNumberId = value.metadata.phone_number_id;
          for (const message of value.messages ?? []) {
            const contact = value.contacts?.find((c) => c.wa_id === message.from);
            const event = fromWhatsApp(phoneNumberId, message, contact?.profile?.name ?? null);
            if (event) events.push(event);
            else ignored += 1;
          }
          for (const status of value.statuses ?? []) {
            const error = status.errors?.[0];
            statuses.push({
              phoneNumberId,
              wamid: status.id,
              status: status.status,
              error: error ? `${error.title ?? error.message ?? 'WhatsApp error'}${error.code !== undefined ? ` (${error.code})` : ''}` : null,
            });
          }
        } else {
          ignored += 1;
        }
      }
    });
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, reason: `Malformed event at ${error.message}` };
    throw error;
  }
  return { ok: true, object: payload.object, events, statuses, ignored };
}

function fromMessaging(channel: 'facebook' | 'instagram', accountId: string, event: MessagingEvent): WebhookEvent | null {
  const message = event.message;
  // Receipts, postbacks and reactions carry no message; echoes are our own sends.
  if (!message || message.is_echo || message.is_deleted) return null;
  if (event.sender.id === accountId) return null;
  const attachments = (message.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url ?? null }));
  const body = message.text ?? (attachments.length > 0 ? `[${attachments.map((a) => a.type).join(', ')}]` : '');
  return {
    channel,
    accountAddress: event.recipient.id,
    message: {
      kind: 'message',
      providerMessageId: message.mid,
      from: { providerUserId: event.sender.id, handle: event.sender.id, displayName: null },
      body,
      subject: null,
      receivedAt: dateFrom(event.timestamp),
      channelMeta: {
        mid: message.mid,
        ...(message.reply_to?.mid ? { replyTo: message.reply_to.mid } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      },
    },
  };
}

function fromFeed(pageId: string, value: z.infer<typeof FeedValueSchema>): WebhookEvent | null {
  if (value.item !== 'comment' || value.verb !== 'add') return null;
  if (!value.comment_id || !value.post_id || !value.from) throw new Malformed('a feed comment without comment_id, post_id or from');
  // The page's own comments (our public replies) come back through the feed too.
  if (value.from.id === pageId) return null;
  return {
    channel: 'facebook',
    accountAddress: pageId,
    message: {
      kind: 'comment',
      providerMessageId: value.comment_id,
      from: { providerUserId: value.from.id, handle: value.from.name ?? value.from.id, displayName: value.from.name ?? null },
      body: value.message ?? '',
      subject: null,
      receivedAt: dateFrom(value.created_time === undefined ? undefined : value.created_time * 1000),
      channelMeta: {
        commentId: value.comment_id,
        postId: value.post_id,
        post: { id: value.post_id, ...(value.post?.permalink_url ? { url: value.post.permalink_url } : {}) },
        ...(value.parent_id && value.parent_id !== value.post_id ? { parentCommentId: value.parent_id } : {}),
      },
    },
  };
}

function fromInstagramComment(accountId: string, value: z.infer<typeof InstagramCommentValueSchema>): WebhookEvent | null {
  if (value.from.id === accountId) return null;
  const username = value.from.username;
  return {
    channel: 'instagram',
    accountAddress: accountId,
    message: {
      kind: 'comment',
      providerMessageId: value.id,
      from: { providerUserId: value.from.id, handle: username ? `@${username}` : value.from.id, displayName: username ?? null },
      body: value.text ?? '',
      subject: null,
      channelMeta: {
        commentId: value.id,
        ...(value.media ? { mediaId: value.media.id, post: { id: value.media.id, type: value.media.media_product_type ?? null } } : {}),
        ...(value.parent_id ? { parentCommentId: value.parent_id } : {}),
      },
    },
  };
}

/** The text an agent sees for a WhatsApp message of any type. */
function whatsAppBody(message: WhatsAppMessage): string | null {
  switch (message.type) {
    case 'text':
      return message.text?.body ?? '';
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media = message[message.type];
      return media?.caption ?? `[${message.type}${media?.filename ? `: ${media.filename}` : ''}]`;
    }
    case 'location': {
      const l = message.location;
      return l ? `[location] ${l.name ? `${l.name} ` : ''}${l.latitude},${l.longitude}` : '[location]';
    }
    case 'button':
      return message.button?.text ?? '';
    case 'interactive':
      return message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title ?? '[interactive reply]';
    case 'reaction':
    case 'system':
      return null;
    default:
      return `[${message.type} message: not shown by Switchboard, open WhatsApp to see it]`;
  }
}

function fromWhatsApp(phoneNumberId: string, message: WhatsAppMessage, profileName: string | null): WebhookEvent | null {
  const body = whatsAppBody(message);
  if (body === null) return null;
  const mediaType = ['image', 'video', 'audio', 'document', 'sticker'].includes(message.type) ? message.type : null;
  const media = mediaType ? message[mediaType as 'image'] : undefined;
  return {
    channel: 'whatsapp',
    accountAddress: phoneNumberId,
    message: {
      kind: 'message',
      providerMessageId: message.id,
      from: { providerUserId: message.from, handle: `+${message.from}`, displayName: profileName },
      body,
      subject: null,
      receivedAt: dateFrom(message.timestamp === undefined ? undefined : Number(message.timestamp) * 1000),
      channelMeta: {
        wamid: message.id,
        type: message.type,
        ...(media?.id ? { media: { id: media.id, mimeType: media.mime_type ?? null } } : {}),
        ...(message.context?.id ? { replyTo: message.context.id } : {}),
      },
    },
  };
}
