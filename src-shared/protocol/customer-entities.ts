/**
 * Customer 360 rows that the change log carries to consoles: consents, rewards, merge records,
 * and the customer's master data and score inputs (extending `CustomerSchema`).
 *
 * Kept apart from `customer.ts` (the requests) so `schemas.ts` can import these without a cycle.
 */
import { z } from 'zod';

const Id = z.uuid();
const Timestamp = z.iso.datetime({ offset: true });

/** What a consent covers. `social-profile`: a social identity's profile data is linked to the master data. */
export const CONSENT_PURPOSES = ['social-profile', 'crm-sync', 'marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const ScoreInputsSchema = z.object({
  followers: z.number().int().nonnegative().nullable(),
  verified: z.boolean(),
  messages90d: z.number().int().nonnegative(),
  helpfulAnswers: z.number().int().nonnegative(),
  positiveMentions: z.number().int().nonnegative(),
});

/** Master data beyond the name (from the CRM or typed by agents); optional for older hubs' rows. */
export const CustomerMasterFields = {
  customerNumber: z.string().nullable().optional(),
  segment: z.string().nullable().optional(),
  /** The account owner named in the CRM (free text: the CRM's user, not a Switchboard user). */
  owner: z.string().nullable().optional(),
  scoreInputs: ScoreInputsSchema.nullable().optional(),
  /** Set while this customer is merged into another; consoles drop such a row from the cache. */
  mergedInto: Id.nullable().optional(),
  /** Set when the customer was erased (DSGVO Art. 17); nothing personal is left. */
  erasedAt: Timestamp.nullable().optional(),
};

export const ConsentSchema = z.object({
  id: Id,
  customerId: Id,
  /** The identity (a social profile) the consent is about; null for the customer as a whole. */
  identityId: Id.nullable(),
  purpose: z.enum(CONSENT_PURPOSES),
  /** How it was given, in words: "DM on Instagram", "web form", "phone call". */
  source: z.string().min(1).max(200),
  grantedAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  recordedBy: Id.nullable(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const RewardSchema = z.object({
  id: Id,
  customerId: Id,
  kind: z.literal('coupon'),
  code: z.string().min(1).max(64),
  note: z.string().max(500),
  grantedBy: Id.nullable(),
  createdAt: Timestamp,
});
export type Reward = z.infer<typeof RewardSchema>;

/** A merge as consoles see it (the snapshot to undo it stays on the hub). */
export const MergeRecordSchema = z.object({
  id: Id,
  survivorId: Id,
  mergedId: Id,
  /** The merged-away customer's name at the time, so the panel can say what an unmerge restores. */
  mergedName: z.string(),
  /** Fields the survivor took from the merged customer. */
  fieldsTaken: z.array(z.string()),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  undoneAt: Timestamp.nullable(),
});
export type MergeRecord = z.infer<typeof MergeRecordSchema>;
