/**
 * X webhook payload → the customer messages in it (pure, checked whole before anything is stored).
 *
 * Ignored on purpose: the account's own tweets and DMs (our replies come back as events too),
 * retweets, tweets that neither mention nor answer the account, and other event types (favorites,
 * follows, typing indicators, read receipts).
 */
import { dateFrom, zodIssues as issuesOf, type WebhookEvent } from '../social/webhook-ingest.js';
import { XWebhookSchema, type DirectMessageEvent, type Tweet } from './payloads.js';

export type XParseResult = { ok: true; forUserId: string; events: WebhookEvent[]; ignored: number } | { ok: false; reason: string };


/** Validate an X Account Activity webhook body and list the customer messages in it. */
export function parseXWebhook(body: unknown): XParseResult {
  const parsed = XWebhookSchema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: `Not an X Account Activity payload: ${issuesOf(parsed.error)}` };
  const payload = parsed.data;
  const me = payload.for_user_id;
  const events: WebhookEvent[] = [];
  let ignored = 0;
  for (const tweet of payload.tweet_create_events ?? []) {
    const event = fromTweet(me, tweet);
    if (event) events.push(event);
    else ignored += 1;
  }
  for (const dm of payload.direct_message_events ?? []) {
    const sender = dm.message_create?.sender_id;
    const user = sender ? payload.users?.[sender] : undefined;
    const event = fromDirectMessage(me, dm, user);
    if (event) events.push(event);
    else ignored += 1;
  }
  return { ok: true, forUserId: me, events, ignored };
}

function fromTweet(me: string, tweet: Tweet): WebhookEvent | null {
  if (tweet.user.id_str === me || tweet.retweeted_status !== undefined) return null;
  const mentionsMe = tweet.entities?.user_mentions?.some((m) => m.id_str === me) ?? false;
  if (!mentionsMe && tweet.in_reply_to_user_id_str !== me) return null;
  return {
    channel: 'x',
    accountAddress: me,
    message: {
      kind: 'mention',
      providerMessageId: tweet.id_str,
      from: { providerUserId: tweet.user.id_str, handle: `@${tweet.user.screen_name}`, displayName: tweet.user.name ?? null },
      body: tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '',
      subject: null,
      receivedAt: dateFrom(tweet.timestamp_ms === undefined ? undefined : Number(tweet.timestamp_ms)),
      channelMeta: {
        tweetId: tweet.id_str,
        ...(tweet.in_reply_to_status_id_str ? { inReplyToTweetId: tweet.in_reply_to_status_id_str } : {}),
        // For the Social Customer Score; used only with the customer's social-profile consent.
        ...(tweet.user.followers_count !== undefined || tweet.user.verified !== undefined
          ? { author: { followersCount: tweet.user.followers_count ?? null, verified: tweet.user.verified === true } }
          : {}),
      },
    },
  };
}

function fromDirectMessage(me: string, dm: DirectMessageEvent, user: { screen_name?: string; name?: string } | undefined): WebhookEvent | null {
  const create = dm.message_create;
  if (dm.type !== 'message_create' || !create) return null;
  if (create.sender_id === me || create.target.recipient_id !== me) return null;
  return {
    channel: 'x',
    accountAddress: me,
    message: {
      kind: 'message',
      providerMessageId: `dm-${dm.id}`,
      from: { providerUserId: create.sender_id, handle: user?.screen_name ? `@${user.screen_name}` : create.sender_id, displayName: user?.name ?? null },
      body: create.message_data.text,
      subject: null,
      receivedAt: dateFrom(dm.created_timestamp === undefined ? undefined : Number(dm.created_timestamp)),
      channelMeta: { dmEventId: dm.id },
    },
  };
}
