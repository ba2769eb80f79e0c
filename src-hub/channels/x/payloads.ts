/**
 * zod shapes of X Account Activity API webhook events the hub reads: `tweet_create_events`
 * (mentions and replies) and `direct_message_events` (with the `users` map for names).
 * Only the fields used are checked; unknown fields and other event types are allowed.
 */
import { z } from 'zod';

const Id = z.string().regex(/^\d{1,32}$/, 'X ids are numeric strings');
const Text = z.string().max(100_000);

const User = z.looseObject({
  id_str: Id,
  screen_name: z.string().max(100),
  name: z.string().max(512).optional(),
  // Profile figures the Social Customer Score reads (v1.1 user object); optional in the payload.
  followers_count: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
});

export const TweetSchema = z.looseObject({
  id_str: Id,
  text: Text.optional(),
  full_text: Text.optional(),
  extended_tweet: z.looseObject({ full_text: Text }).optional(),
  timestamp_ms: z.string().regex(/^\d{1,16}$/).optional(),
  user: User,
  in_reply_to_status_id_str: Id.nullish(),
  in_reply_to_user_id_str: Id.nullish(),
  retweeted_status: z.unknown().optional(),
  entities: z.looseObject({ user_mentions: z.array(z.looseObject({ id_str: Id })).max(100).optional() }).optional(),
});
export type Tweet = z.infer<typeof TweetSchema>;

export const DirectMessageEventSchema = z.looseObject({
  type: z.string().max(64),
  id: Id,
  created_timestamp: z.string().regex(/^\d{1,16}$/).optional(),
  message_create: z
    .looseObject({
      target: z.looseObject({ recipient_id: Id }),
      sender_id: Id,
      message_data: z.looseObject({ text: Text }),
    })
    .optional(),
});
export type DirectMessageEvent = z.infer<typeof DirectMessageEventSchema>;

export const XWebhookSchema = z.looseObject({
  for_user_id: Id,
  tweet_create_events: z.array(TweetSchema).max(1000).optional(),
  direct_message_events: z.array(DirectMessageEventSchema).max(1000).optional(),
  users: z.record(z.string().max(32), z.looseObject({ id: z.string().max(32).optional(), screen_name: z.string().max(100).optional(), name: z.string().max(512).optional() })).optional(),
});
