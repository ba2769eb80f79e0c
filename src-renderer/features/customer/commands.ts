/**
 * Customer edits as outbox commands (habit 5): they work offline and reach the hub exactly once.
 *
 * No optimistic rows: the panel lists the customer's outbox rows as "waiting to send" (or failed,
 * with the hub's reason) until the change log brings the stored consent, coupon or master data.
 * The console chooses the ids, and the coupon code, so the agent can hand the code out at once.
 */
import type { ConsentPurpose, UpdateCustomerRequest } from '../../../src-shared/index.js';
import type { OutboxRow, SwitchboardDb } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { clientIdOf } from '../../sync/client-id.js';
import { t as translate } from '../../i18n/index.js';


async function enqueue(db: SwitchboardDb, name: OutboxRow['name'], payload: Record<string, unknown>): Promise<void> {
  const mutationId = newId();
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    const clientId = await clientIdOf(db);
    await db.outbox.add({ mutationId, name, payload: { clientId, mutationId, ...payload }, status: 'pending', attempts: 0, lastError: null, createdAt: new Date().toISOString() });
  });
}

const COUPON_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A coupon code nobody can guess, made here so it exists before the hub is reached. */
export function newCouponCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const body = [...bytes].map((b) => COUPON_ALPHABET[b % COUPON_ALPHABET.length]).join('');
  return `SB-${body.slice(0, 5)}-${body.slice(5)}`;
}

/** Grant a coupon; returns its code. */
export async function queueReward(db: SwitchboardDb, args: { conversationId: string; customerId: string; note: string }): Promise<string> {
  const code = newCouponCode();
  await enqueue(db, 'customer:reward', { conversationId: args.conversationId, customerId: args.customerId, rewardId: newId(), code, note: args.note.trim() });
  return code;
}

export async function queueConsent(
  db: SwitchboardDb,
  args: { conversationId: string; customerId: string; identityId: string | null; purpose: ConsentPurpose; source: string; grantedAt: string },
): Promise<void> {
  await enqueue(db, 'customer:consent', { ...args, consentId: newId(), source: args.source.trim() });
}

export async function queueRevokeConsent(db: SwitchboardDb, args: { conversationId: string; consentId: string }): Promise<void> {
  await enqueue(db, 'customer:consent-revoke', args);
}

export async function queueCustomerUpdate(db: SwitchboardDb, args: { conversationId: string; customerId: string; patch: UpdateCustomerRequest['patch'] }): Promise<void> {
  await enqueue(db, 'customer:update', args);
}

/** How a waiting customer edit reads in the panel. */
export function describePending(row: OutboxRow): string {
  const p = row.payload as { code?: string; purpose?: string; source?: string };
  switch (row.name) {
    case 'customer:reward':
      return translate('customer.pending.coupon', { code: p.code ?? '' });
    case 'customer:consent':
      return translate('customer.pending.consent', { purpose: p.purpose ?? '', source: p.source ?? '' });
    case 'customer:consent-revoke':
      return translate('customer.pending.consentRevoked');
    case 'customer:update':
      return translate('customer.pending.masterData');
    default:
      return row.name;
  }
}
