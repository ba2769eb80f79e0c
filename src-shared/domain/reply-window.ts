/**
 * Reply windows: some channels let a business answer freely only for a while after the customer
 * last wrote. WhatsApp's customer-service window is 24 hours; outside it only pre-approved
 * template messages may be sent. Pure rule, shared so the console can say why before sending
 * and the hub refuses the same way when the reply arrives.
 */
import type { Refusal } from '../protocol/errors.js';
import type { Channel } from './types.js';

/** WhatsApp Business: free-form replies within 24 h after the customer's last inbound message. */
export const WHATSAPP_SERVICE_WINDOW_MS = 24 * 3_600_000;

export type ReplyWindow =
  /** The channel has no window (email, chat, Messenger…): replies are always allowed. */
  | { state: 'none' }
  | { state: 'open'; closesAt: string }
  /** `reason`: why, as a key the console words in its language (the English text for the hub's message). */
  | { state: 'closed'; closedAt: string | null; reason: Refusal };

/**
 * Where the reply window of a conversation stands at `now`.
 *
 * @param lastInboundAt when the customer last wrote on this conversation (null: never).
 */
export function replyWindow(channel: Channel, lastInboundAt: Date | string | null, now: Date = new Date()): ReplyWindow {
  if (channel !== 'whatsapp') return { state: 'none' };
  if (lastInboundAt === null) {
    return {
      state: 'closed',
      closedAt: null,
      reason: { key: 'replyWindow.neverWrote', message: 'The customer has not written on WhatsApp yet, so only a template message can be sent.' },
    };
  }
  const closesAt = new Date(new Date(lastInboundAt).getTime() + WHATSAPP_SERVICE_WINDOW_MS);
  if (now.getTime() < closesAt.getTime()) return { state: 'open', closesAt: closesAt.toISOString() };
  return {
    state: 'closed',
    closedAt: closesAt.toISOString(),
    reason: {
      key: 'replyWindow.closed',
      // The console formats the time in the agent's zone and language; the message says UTC.
      params: { closedAt: closesAt.toISOString() },
      message:
        'WhatsApp allows free-form replies only within 24 hours after the customer last wrote; that window closed at ' +
        `${closesAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Only a template message can be sent until the customer writes again.`,
    },
  };
}
