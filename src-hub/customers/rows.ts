/**
 * Customer 360 rows → wire DTOs, and the audit log writer.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Consent, ConsentPurpose, MergeRecord, Reward } from '../../src-shared/index.js';
import type { CustomerConsentsTable, CustomerMergesTable, CustomerRewardsTable, Database } from '../store/schema.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function toConsent(row: Selectable<CustomerConsentsTable>): Consent {
  return {
    id: row.id,
    customerId: row.customer_id,
    identityId: row.identity_id,
    purpose: row.purpose as ConsentPurpose,
    source: row.source,
    grantedAt: iso(row.granted_at),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
    recordedBy: row.recorded_by,
  };
}

export function toReward(row: Selectable<CustomerRewardsTable>): Reward {
  return { id: row.id, customerId: row.customer_id, kind: 'coupon', code: row.code, note: row.note, grantedBy: row.granted_by, createdAt: iso(row.created_at) };
}

export function toMergeRecord(row: Selectable<CustomerMergesTable>): MergeRecord {
  return {
    id: row.id,
    survivorId: row.survivor_id,
    mergedId: row.merged_id,
    mergedName: row.merged_name,
    fieldsTaken: Array.isArray(row.fields_taken) ? row.fields_taken : [],
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    undoneAt: row.undone_at ? iso(row.undone_at) : null,
  };
}

/** Audit actions; `detail` carries ids and field names only, never personal data. */
export type AuditAction =
  | 'auto-link'
  | 'merge'
  | 'unmerge'
  | 'update'
  | 'consent'
  | 'consent-revoke'
  | 'reward'
  | 'export'
  | 'erase'
  | 'crm-push'
  | 'crm-import';

/** Append an audit entry inside the caller's transaction. */
export async function audit(
  trx: Transaction<Database>,
  customerId: string,
  action: AuditAction,
  actorId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await trx.insertInto('customer_audit').values({ id: randomUUID(), customer_id: customerId, action, actor_id: actorId, detail: JSON.stringify(detail) }).execute();
}
