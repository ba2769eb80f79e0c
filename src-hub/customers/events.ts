/**
 * Customer 360 socket events. Every payload is checked with its zod schema and every caller's
 * role by `bindEvent`; results reach all consoles through the change log and a poke.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  CustomerIdRequestSchema,
  CustomerSuggestionsRequestSchema,
  EraseCustomerRequestSchema,
  GrantRewardRequestSchema,
  LEAD_ROLES,
  MergeCustomersRequestSchema,
  RecordConsentRequestSchema,
  RevokeConsentRequestSchema,
  ROLES,
  UnmergeRequestSchema,
  UpdateCustomerRequestSchema,
  type ClientToServerEvents,
} from '../../src-shared/index.js';
import type { EventSpec } from '../realtime/register.js';
import type { Database } from '../store/schema.js';
import { mergeCustomers, unmergeCustomers } from './merge.js';
import { eraseCustomer, exportCustomer } from './privacy.js';
import { grantReward, recordConsent, revokeConsent, suggestionsFor, updateCustomer } from './service.js';

type Bind = <E extends keyof ClientToServerEvents, S extends z.ZodType>(event: E, spec: EventSpec<E, S>) => void;

/**
 * Bind the `customer:*` events on one console socket.
 *
 * Any staff member may look at suggestions, merge, unmerge, edit, record consent and grant
 * rewards (customers are shared across teams); export and erase are for leads and admins.
 */
export function bindCustomerEvents(bind: Bind, db: Kysely<Database>, poke: (head: number) => void): void {
  const after = <T extends { head: number }>(out: T): Omit<T, 'head'> => {
    if (out.head) poke(out.head);
    const { head: _, ...rest } = out;
    return rest;
  };
  bind('customer:suggestions', {
    roles: ROLES,
    schema: CustomerSuggestionsRequestSchema,
    handle: async (req) => ({ suggestions: await suggestionsFor(db, req.customerId) }),
  });
  bind('customer:merge', {
    roles: ROLES,
    schema: MergeCustomersRequestSchema,
    handle: async (req, { user }) => after(await mergeCustomers(db, user, req)),
  });
  bind('customer:unmerge', {
    roles: ROLES,
    schema: UnmergeRequestSchema,
    handle: async (req, { user }) => after(await unmergeCustomers(db, user, req.mergeId)),
  });
  bind('customer:update', {
    roles: ROLES,
    schema: UpdateCustomerRequestSchema,
    handle: async (req, { user }) => after(await updateCustomer(db, user, req)),
  });
  bind('customer:consent', {
    roles: ROLES,
    schema: RecordConsentRequestSchema,
    handle: async (req, { user }) => after(await recordConsent(db, user, req)),
  });
  bind('customer:consent-revoke', {
    roles: ROLES,
    schema: RevokeConsentRequestSchema,
    handle: async (req, { user }) => after(await revokeConsent(db, user, req.consentId)),
  });
  bind('customer:reward', {
    roles: ROLES,
    schema: GrantRewardRequestSchema,
    handle: async (req, { user }) => after(await grantReward(db, user, req)),
  });
  bind('customer:export', {
    roles: LEAD_ROLES,
    schema: CustomerIdRequestSchema,
    handle: async (req, { user }) => exportCustomer(db, user, req.customerId),
  });
  bind('customer:erase', {
    roles: LEAD_ROLES,
    schema: EraseCustomerRequestSchema,
    handle: async (req, { user }) => {
      after(await eraseCustomer(db, user, req));
      return { customerId: req.customerId };
    },
  });
}
