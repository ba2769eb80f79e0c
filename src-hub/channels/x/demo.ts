/**
 * Demo traffic for X: a generated mention or direct message becomes the Account Activity webhook
 * request X would send, signed with the demo app's consumer secret and POSTed to the hub's own
 * `/webhooks/x`.
 */
import { randomInt } from 'node:crypto';
import type { InboundMessage } from '../../ingest/ingest.js';
import type { ChannelAccountRow } from '../registry.js';
import { hmacSha256 } from '../social/signature.js';

const snowflake = (at: number): string => String((BigInt(at - 1_288_834_974_657) << 22n) | BigInt(randomInt(0, 4_194_304)));

/** The X webhook body for `message` arriving on `account`, and the provider id it is stored under. */
export function xDemoPayload(account: ChannelAccountRow, message: InboundMessage): { body: unknown; providerMessageId: string } {
  const at = (message.receivedAt ?? new Date()).getTime();
  const from = message.from;
  const screenName = from.handle.replace(/^@/, '');
  const brand = account.name.replace(/[^A-Za-z0-9_]/g, '').slice(0, 15) || 'brand';
  if (message.kind === 'message') {
    const id = snowflake(at);
    return {
      providerMessageId: `dm-${id}`,
      body: {
        for_user_id: account.address,
        direct_message_events: [
          {
            type: 'message_create',
            id,
            created_timestamp: String(at),
            message_create: { target: { recipient_id: account.address }, sender_id: from.providerUserId, message_data: { text: message.body, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } } },
          },
        ],
        users: {
          [from.providerUserId]: { id: from.providerUserId, created_timestamp: String(at - 86_400_000 * 400), name: from.displayName ?? screenName, screen_name: screenName },
          [account.address]: { id: account.address, created_timestamp: String(at - 86_400_000 * 2000), name: account.name, screen_name: brand },
        },
      },
    };
  }
  const id = snowflake(at);
  const text = `@${brand} ${message.body}`;
  return {
    providerMessageId: id,
    body: {
      for_user_id: account.address,
      tweet_create_events: [
        {
          created_at: new Date(at).toUTCString(),
          id: Number(id),
          id_str: id,
          text,
          truncated: false,
          in_reply_to_status_id_str: null,
          in_reply_to_user_id_str: account.address,
          // Profile figures as X sends them in the v1.1 user object (the Social Customer Score reads them).
          user: { id: Number(from.providerUserId), id_str: from.providerUserId, name: from.displayName ?? screenName, screen_name: screenName, followers_count: Number(from.providerUserId.slice(-6)) % 250_000, verified: from.providerUserId.endsWith('4') },
          entities: { hashtags: [], urls: [], user_mentions: [{ screen_name: brand, name: account.name, id: Number(account.address), id_str: account.address, indices: [0, brand.length + 1] }], symbols: [] },
          timestamp_ms: String(at),
        },
      ],
    },
  };
}

/** Sign an X webhook body as X does. */
export function signX(raw: string, consumerSecret: string): string {
  return `sha256=${hmacSha256(consumerSecret, raw, 'base64')}`;
}
