/**
 * Demo traffic for Facebook, Instagram and WhatsApp: a generated customer message becomes the
 * webhook request Meta would send (Messenger, page feed comment, Instagram message or comment,
 * WhatsApp Cloud API), signed with the demo account's app secret and POSTed to the hub's own
 * `/webhooks/meta` — the same path real traffic takes.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { InboundMessage } from '../../ingest/ingest.js';
import type { ChannelAccountRow } from '../registry.js';
import { hmacSha256 } from '../social/signature.js';
import type { MetaChannel } from './accounts.js';

const digits = (n: number): string => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

/** The Meta webhook body for `message` arriving on `account`, and the provider id it carries. */
export function metaDemoPayload(channel: MetaChannel, account: ChannelAccountRow, message: InboundMessage): { body: unknown; providerMessageId: string } {
  const at = (message.receivedAt ?? new Date()).getTime();
  const from = message.from;
  if (channel === 'whatsapp') {
    const wamid = `wamid.HBgN${randomBytes(18).toString('base64url').toUpperCase()}`;
    return {
      providerMessageId: wamid,
      body: {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: account.address },
                  contacts: [{ profile: { name: from.displayName ?? from.handle }, wa_id: from.providerUserId }],
                  messages: [{ from: from.providerUserId, id: wamid, timestamp: String(Math.floor(at / 1000)), type: 'text', text: { body: message.body } }],
                },
              },
            ],
          },
        ],
      },
    };
  }
  const object = channel === 'facebook' ? 'page' : 'instagram';
  if (message.kind === 'comment') {
    const postId = `${account.address}_${digits(15)}`;
    if (channel === 'facebook') {
      const commentId = `${postId.split('_')[1]}_${digits(15)}`;
      return {
        providerMessageId: commentId,
        body: {
          object,
          entry: [
            {
              id: account.address,
              time: Math.floor(at / 1000),
              changes: [
                {
                  field: 'feed',
                  value: {
                    from: { id: from.providerUserId, name: from.displayName ?? from.handle },
                    post: { status_type: 'added_photos', is_published: true, id: postId },
                    message: message.body,
                    post_id: postId,
                    comment_id: commentId,
                    created_time: Math.floor(at / 1000),
                    item: 'comment',
                    parent_id: postId,
                    verb: 'add',
                  },
                },
              ],
            },
          ],
        },
      };
    }
    const commentId = digits(17);
    return {
      providerMessageId: commentId,
      body: {
        object,
        entry: [
          {
            id: account.address,
            time: Math.floor(at / 1000),
            changes: [
              {
                field: 'comments',
                value: {
                  from: { id: from.providerUserId, username: from.handle.replace(/^@/, '') },
                  media: { id: digits(17), media_product_type: 'FEED' },
                  id: commentId,
                  text: message.body,
                },
              },
            ],
          },
        ],
      },
    };
  }
  const mid = channel === 'facebook' ? `m_${randomBytes(32).toString('base64url')}` : `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE${randomBytes(24).toString('base64url')}`;
  return {
    providerMessageId: mid,
    body: {
      object,
      entry: [
        {
          id: account.address,
          time: at,
          messaging: [{ sender: { id: from.providerUserId }, recipient: { id: account.address }, timestamp: at, message: { mid, text: message.body } }],
        },
      ],
    },
  };
}

/** Sign a Meta webhook body as Meta does. */
export function signMeta(raw: string, appSecret: string): string {
  return `sha256=${hmacSha256(appSecret, raw, 'hex')}`;
}
