/**
 * Domain vocabulary shared by hub and console.
 *
 * Each union is the single list of allowed values; zod schemas in `protocol/schemas.ts`
 * are built from these arrays so the runtime check and the type never drift apart.
 */
export const ROLES = ['agent', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const DEPARTMENTS = ['sales', 'marketing', 'service', 'support'] as const;
export type DepartmentId = (typeof DEPARTMENTS)[number];

export const CHANNELS = ['email', 'chat', 'facebook', 'instagram', 'whatsapp', 'x', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A private conversation (DM, mail, chat) or a public one (comment under a post, mention). */
export const CONVERSATION_KINDS = ['message', 'comment', 'mention'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Where an outbound reply stands on its way to the customer's channel. */
export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Roles allowed to act on behalf of other agents (assign others' work, watch queue load). */
export const LEAD_ROLES: readonly Role[] = ['lead', 'admin'];

/** True when `role` may perform lead-only actions. */
export function isLeadRole(role: Role): boolean {
  return LEAD_ROLES.includes(role);
}

/** Exhaustiveness guard for discriminated-union switches. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
