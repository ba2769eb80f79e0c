/**
 * zod shapes of the Meta webhook payloads the hub reads, after Meta's documented formats:
 * Messenger and Instagram messaging (`entry[].messaging[]`), Facebook page feed comments and
 * Instagram comments (`entry[].changes[]`), and the WhatsApp Cloud API
 * (`entry[].changes[].value.messages[]` with `contacts[]`, and `statuses[]`).
 *
 * Only the fields Switchboard uses are checked; unknown fields are allowed (Meta adds fields over
 * time). Array lengths and strings are bounded so a hostile body cannot make the hub work hard.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(256);
const Text = z.string().max(100_000);
/** Meta sends ids as strings, but some test tools send numbers. */
const IdLike = z.union([Id, z.number().int().nonnegative().transform(String)]);

const Attachment = z.looseObject({
  type: z.string().max(64),
  payload: z.looseObject({ url: z.string().max(4096).optional() }).nullish(),
});

export const MessagingEventSchema = z.looseObject({
  sender: z.looseObject({ id: IdLike }),
  recipient: z.looseObject({ id: IdLike }),
  timestamp: z.number().optional(),
  message: z
    .looseObject({
      mid: Id,
      text: Text.optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      attachments: z.array(Attachment).max(50).optional(),
      reply_to: z.looseObject({ mid: Id.optional() }).optional(),
    })
    .optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;

export const FeedValueSchema = z.looseObject({
  item: z.string().max(64),
  verb: z.string().max(64),
  from: z.looseObject({ id: IdLike, name: z.string().max(512).optional() }).optional(),
  post_id: Id.optional(),
  comment_id: Id.optional(),
  parent_id: Id.optional(),
  message: Text.optional(),
  created_time: z.number().optional(),
  post: z.looseObject({ permalink_url: z.string().max(4096).optional() }).optional(),
});

export const InstagramCommentValueSchema = z.looseObject({
  id: Id,
  text: Text.optional(),
  from: z.looseObject({ id: IdLike, username: z.string().max(512).optional() }),
  media: z.looseObject({ id: Id, media_product_type: z.string().max(64).optional() }).optional(),
  parent_id: Id.optional(),
});

const WhatsAppMedia = z.looseObject({ id: Id.optional(), mime_type: z.string().max(256).optional(), caption: Text.optional(), filename: z.string().max(1024).optional() });

export const WhatsAppMessageSchema = z.looseObject({
  from: Id,
  id: Id,
  timestamp: z.string().regex(/^\d{1,12}$/).optional(),
  type: z.string().max(64),
  text: z.looseObject({ body: Text }).optional(),
  image: WhatsAppMedia.optional(),
  video: WhatsAppMedia.optional(),
  audio: WhatsAppMedia.optional(),
  document: WhatsAppMedia.optional(),
  sticker: WhatsAppMedia.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().max(1024).optional(), address: z.string().max(2048).optional() }).optional(),
  button: z.looseObject({ text: Text }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ id: z.string().max(256), title: Text }).optional(),
      list_reply: z.looseObject({ id: z.string().max(256), title: Text }).optional(),
    })
    .optional(),
  reaction: z.looseObject({ message_id: Id.optional(), emoji: z.string().max(64).optional() }).optional(),
  context: z.looseObject({ id: Id.optional(), from: Id.optional() }).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

export const WhatsAppValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.looseObject({ phone_number_id: Id, display_phone_number: z.string().max(64).optional() }),
  contacts: z.array(z.looseObject({ wa_id: Id, profile: z.looseObject({ name: z.string().max(512).optional() }).optional() })).max(1000).optional(),
  messages: z.array(WhatsAppMessageSchema).max(1000).optional(),
  statuses: z
    .array(
      z.looseObject({
        id: Id,
        status: z.string().max(64),
        timestamp: z.string().max(20).optional(),
        recipient_id: Id.optional(),
        errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().max(2048).optional(), message: z.string().max(2048).optional() })).max(20).optional(),
      }),
    )
    .max(1000)
    .optional(),
});

export const ChangeSchema = z.looseObject({ field: z.string().max(128), value: z.unknown() });

export const EntrySchema = z.looseObject({
  id: IdLike,
  time: z.number().optional(),
  messaging: z.array(MessagingEventSchema).max(1000).optional(),
  changes: z.array(ChangeSchema).max(1000).optional(),
});

export const MetaWebhookSchema = z.looseObject({
  object: z.string().max(64),
  entry: z.array(EntrySchema).max(1000),
});
export type MetaWebhook = z.infer<typeof MetaWebhookSchema>;
