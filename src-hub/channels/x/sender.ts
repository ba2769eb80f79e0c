/**
 * Outbound replies on X through API v2 with OAuth 1.0a user context (the account's access token):
 * a mention is answered with a reply tweet under the customer's latest tweet
 * (`POST /2/tweets` with `reply.in_reply_to_tweet_id`), a direct message with a DM
 * (`POST /2/dm_conversations/with/{participant_id}/messages`).
 */
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { measureReply } from '../../../src-shared/index.js';
import { DeliveryError, type ChannelSender } from '../delivery.js';
import type { ChannelAccountRow } from '../registry.js';
import { lastInbound, metaString } from '../social/last-inbound.js';
import { joinUrl, postJson } from '../social/provider-http.js';
import { xSettingsOf } from './accounts.js';

/** X counts most characters as one, some (CJK, emoji) as two and every link as 23 (twitter-text). */
const MAX_TWEET = 280;
const MAX_DM = 10_000;

/** The `Authorization` header for one request, signed with the app's and account's credentials. */
function oauthHeader(account: ChannelAccountRow, url: string): string {
  const s = account.secrets ?? {};
  if (!s.consumerKey || !s.consumerSecret || !s.accessToken || !s.accessTokenSecret) {
    throw new DeliveryError(`The X account "${account.name}" lacks credentials (consumer key/secret and access token/secret); an admin must add them`, false);
  }
  const oauth = new OAuth({
    consumer: { key: s.consumerKey, secret: s.consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  // JSON bodies are not part of the OAuth 1.0a signature base string.
  return oauth.toHeader(oauth.authorize({ url, method: 'POST' }, { key: s.accessToken, secret: s.accessTokenSecret })).Authorization;
}

interface XError {
  detail?: string;
  title?: string;
  errors?: { message?: string; detail?: string }[];
}

function reasonOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = body as XError;
  return error.detail ?? error.errors?.[0]?.message ?? error.errors?.[0]?.detail ?? error.title ?? null;
}

async function xPost(account: ChannelAccountRow, path: string[], body: unknown): Promise<Record<string, unknown>> {
  const url = joinUrl(xSettingsOf(account).apiBaseUrl, ...path);
  const answer = await postJson({ url, headers: { authorization: oauthHeader(account, url) }, body, provider: 'X', reasonOf });
  const data = typeof answer === 'object' && answer !== null ? (answer as { data?: unknown }).data : undefined;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Reply on X: a reply tweet for mentions, a DM for direct messages. */
export const xSender: ChannelSender = async (reply) => {
  const account = reply.account;
  if (!account) throw new DeliveryError('No channel account is configured for this conversation', false);
  const text = reply.message.body;
  // A mention answered "by private message" goes to the person's DMs instead of a public reply tweet.
  const privately = (reply.message.channel_meta as Record<string, unknown> | null)?.visibility === 'private';
  if (reply.conversation.kind === 'message' || privately) {
    if (text.length > MAX_DM) throw new DeliveryError(`X accepts at most ${MAX_DM} characters in a direct message; this one has ${text.length}`, false);
    const data = await xPost(account, ['2', 'dm_conversations', 'with', reply.identity.provider_user_id, 'messages'], { text });
    const eventId = stringOf(data.dm_event_id);
    return { providerMessageId: eventId ? `dm-${eventId}` : null, channelMeta: { dmEventId: eventId, dmConversationId: stringOf(data.dm_conversation_id) } };
  }
  // Counted as X counts (links 23, CJK and emoji 2): the same rule the hub checked when storing it.
  const length = measureReply('x', 'public', text);
  if (length.over) throw new DeliveryError(`A reply on X may have at most ${MAX_TWEET} characters; this one has ${length.length}`, false);
  const latest = await lastInbound(reply.db, reply.conversation.id);
  const tweetId = metaString(latest, 'tweetId') ?? latest?.provider_message_id ?? null;
  if (!tweetId) throw new DeliveryError('There is no customer tweet in this conversation to reply to', false);
  const data = await xPost(account, ['2', 'tweets'], { text, reply: { in_reply_to_tweet_id: tweetId } });
  const id = stringOf(data.id);
  return { providerMessageId: id, channelMeta: { tweetId: id, inReplyToTweetId: tweetId } };
};
