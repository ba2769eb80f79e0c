/**
 * Customer 360 requests (console → hub) and answers.
 *
 * These act on one customer and need the hub's whole picture (every customer's identities for a
 * suggestion, the merge snapshot for an unmerge), so they are online requests; their results
 * reach every console's cache through the change log like any other change.
 */
import { z } from 'zod';
import type { MatchSuggestion } from '../domain/customer-match.js';
import { MERGE_FIELDS } from '../domain/customer-merge.js';
import { CONSENT_PURPOSES, type Consent, type MergeRecord, type Reward } from './customer-entities.js';
import { IdSchema, MutationEnvelopeSchema, TimestampSchema, type Conversation, type Customer, type Identity, type Message } from './schemas.js';

export * from './customer-entities.js';

const FieldChoiceSchema = z.enum(['survivor', 'merged']);

export const CustomerSuggestionsRequestSchema = z.object({ customerId: IdSchema }).strict();

export const MergeCustomersRequestSchema = z
  .object({
    survivorId: IdSchema,
    mergedId: IdSchema,
    /** Per field, whose value the survivor keeps (its own when left out). */
    choices: z.partialRecord(z.enum(MERGE_FIELDS), FieldChoiceSchema).default({}),
  })
  .strict()
  .refine((r) => r.survivorId !== r.mergedId, { message: 'A customer cannot be merged with itself', path: ['mergedId'] });
export type MergeCustomersRequest = z.input<typeof MergeCustomersRequestSchema>;

export const UnmergeRequestSchema = z.object({ mergeId: IdSchema }).strict();

const Text = (max: number) => z.string().trim().max(max);
const Nullable = (max: number) => Text(max).nullable().transform((v) => (v === '' ? null : v));

/**
 * Agents' edits of a customer go through the console's outbox (they work offline), so they carry
 * the mutation envelope and the conversation the agent was in (the batch's lock and context), and
 * the console chooses the ids of rows they create.
 */
const CustomerMutation = MutationEnvelopeSchema.extend({ conversationId: IdSchema });

export const UpdateCustomerRequestSchema = CustomerMutation.extend({
  customerId: IdSchema,
  patch: z
    .object({
      name: Text(200).min(1, 'The name is empty'),
      language: Nullable(16),
      country: Nullable(2),
      customerNumber: Nullable(64),
      segment: Nullable(64),
      owner: Nullable(200),
      helpfulAnswers: z.number().int().min(0).max(10_000),
      positiveMentions: z.number().int().min(0).max(10_000),
    })
    .partial()
    .strict(),
}).strict();
export type UpdateCustomerRequest = z.input<typeof UpdateCustomerRequestSchema>;

export const RecordConsentRequestSchema = CustomerMutation.extend({
  consentId: IdSchema,
  customerId: IdSchema,
  identityId: IdSchema.nullable().default(null),
  purpose: z.enum(CONSENT_PURPOSES),
  source: Text(200).min(1, 'Say how the consent was given'),
  grantedAt: TimestampSchema,
}).strict();
export type RecordConsentRequest = z.input<typeof RecordConsentRequestSchema>;

export const RevokeConsentRequestSchema = CustomerMutation.extend({ consentId: IdSchema }).strict();
export type RevokeConsentRequest = z.input<typeof RevokeConsentRequestSchema>;

/** Coupon codes: from the shop system, or made by the console (so the agent can give it out offline). */
export const COUPON_CODE = /^[A-Z0-9-]{4,64}$/;

export const GrantRewardRequestSchema = CustomerMutation.extend({
  rewardId: IdSchema,
  customerId: IdSchema,
  note: Text(500).default(''),
  code: z.string().trim().regex(COUPON_CODE, 'Coupon codes are 4–64 capital letters, digits and dashes'),
}).strict();
export type GrantRewardRequest = z.input<typeof GrantRewardRequestSchema>;

export const CustomerIdRequestSchema = z.object({ customerId: IdSchema }).strict();

export const EraseCustomerRequestSchema = z
  .object({
    customerId: IdSchema,
    /** The customer's current name, typed by the person erasing: a guard against erasing the wrong one. */
    confirmName: z.string().max(200),
  })
  .strict();

/** Everything the hub holds about one customer (DSGVO Art. 15/20). */
export interface CustomerExport {
  exportedAt: string;
  customer: Customer;
  identities: Identity[];
  conversations: Conversation[];
  messages: Message[];
  consents: Consent[];
  rewards: Reward[];
  merges: MergeRecord[];
  audit: { id: string; action: string; actorId: string | null; detail: unknown; createdAt: string }[];
}

export interface CustomerSuggestionsResult {
  /** Each with the candidate's master data, for the per-field merge choice. */
  suggestions: (MatchSuggestion & { customer: Customer })[];
}
