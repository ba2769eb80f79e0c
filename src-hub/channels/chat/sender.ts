/**
 * Agent → visitor: the `chat` channel's sender for the delivery dispatcher.
 *
 * The hub *is* the chat server, so a reply is delivered once it is stored and pushed to the
 * visitor's sockets: it counts as `sent` even when the visitor has no tab open right now — the
 * widget loads it with the history on their next visit (the hello answer), which is what a visitor
 * expects from a chat. `channelMeta.chat.live` tells the agent whether it was seen live.
 */
import type { ChannelSender } from '../delivery.js';
import { DeliveryError } from '../delivery.js';
import { agentDisplayName, toVisitorMessage } from './visitor-store.js';
import { visitorIdOf } from './visitor-token.js';
import { visitorRoom, type VisitorNamespace } from './visitor-namespace.js';

export function createChatSender(visitors: VisitorNamespace): ChannelSender {
  return async ({ message, identity, account, db }) => {
    const visitorId = visitorIdOf(identity.provider_user_id);
    if (!account || visitorId === null) throw new DeliveryError('This conversation did not come from the website chat, so there is no visitor to answer', false);
    const author = message.author_id ? await db.selectFrom('users').select('name').where('id', '=', message.author_id).executeTakeFirst() : undefined;
    const visible = toVisitorMessage({ ...message, author_name: author?.name ?? null }, visitorId);
    if (!visible) throw new DeliveryError('Only replies are sent to visitors', false);
    const room = visitorRoom(account.id, visitorId);
    visitors.to(room).emit('visitor:message', visible);
    // The typing indicator ends with the reply.
    visitors.to(room).emit('visitor:typing', { typing: false, agentName: agentDisplayName(author?.name ?? null) });
    const live = (visitors.adapter.rooms.get(room)?.size ?? 0) > 0;
    return { providerMessageId: null, channelMeta: { chat: { live } } };
  };
}
