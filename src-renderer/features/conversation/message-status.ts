/**
 * Where a message of the thread stands, in one union: first its trip to the hub (the console's
 * outbox), then — for replies to the customer — its trip out on the customer's channel (the hub's
 * delivery). The row shows this as text, so the state never depends on colour alone.
 */
import { assertNever } from '../../../src-shared/index.js';
import type { CachedMessage } from '../../db/database.js';
import { reasonText } from '../../i18n/hub-error-text.js';
import { t } from '../../i18n/index.js';

export type MessageStatus =
  /** Customer messages, and notes and replies the hub has stored without delivery information. */
  | { kind: 'none' }
  /** In this console's outbox, not yet acknowledged by the hub. */
  | { kind: 'pending' }
  /** The hub refused it (the outbox parked it); the agent may retry or discard. */
  | { kind: 'failed'; reason: string }
  /** The stale-send guard held it back for the agent's review. */
  | { kind: 'needs-attention'; reason: string }
  /** Stored by the hub, waiting to go out on the customer's channel. */
  | { kind: 'queued' }
  /** The channel accepted it. */
  | { kind: 'delivered' }
  /** The channel refused it, or it could not be sent; the reason is the hub's. */
  | { kind: 'undeliverable'; reason: string };

/** The status a message row shows. Local (outbox) states win: the hub has not seen the message yet. */
export function messageStatus(message: CachedMessage): MessageStatus {
  switch (message.localState) {
    case 'pending':
      return { kind: 'pending' };
    case 'failed':
      return { kind: 'failed', reason: reasonText(message.localErrorReason, message.localError ?? t('messageState.refused')) };
    case 'needs-attention':
      return { kind: 'needs-attention', reason: reasonText(message.localErrorReason, message.localError ?? t('messageState.changed')) };
    case undefined:
      break;
    default:
      return assertNever(message.localState, 'local message state');
  }
  if (message.direction !== 'outbound' || !message.delivery) return { kind: 'none' };
  switch (message.delivery.status) {
    case 'queued':
      return { kind: 'queued' };
    case 'sent':
      return { kind: 'delivered' };
    case 'failed':
      return { kind: 'undeliverable', reason: message.delivery.error ?? t('messageState.channelRefused') };
    default:
      return assertNever(message.delivery.status, 'delivery status');
  }
}

/** The short label shown next to the time, in the UI language. */
export function statusLabel(status: MessageStatus): string | null {
  switch (status.kind) {
    case 'none':
      return null;
    case 'pending':
      return t('messageState.sending');
    case 'failed':
      return t('messageState.notSent', { reason: status.reason });
    case 'needs-attention':
      return t('messageState.heldBack');
    case 'queued':
      return t('messageState.queued');
    case 'delivered':
      return t('messageState.delivered');
    case 'undeliverable':
      return t('messageState.undeliverable');
    default:
      return assertNever(status, 'message status');
  }
}
