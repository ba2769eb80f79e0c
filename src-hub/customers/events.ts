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
  LEAD_ROLES,
  MUTATION_SCHEMAS,
  MergeCustomersRequestSchema,
  ROLES,
  UnmergeRequestSchema,
  type ClientToServerEvents,
  type User,
} from '../../src-shared/index.js';
import type { EventSpec } from '../realtime/register.js';
import type { Database } from '../store/schema.js';
import { assertWorksWith } from './lookup.js';
import { mergeCustomers, unmergeCustomers } from './merge.js';
import { eraseCustomer, exportCustomer } from './privacy.js';
import { runMutation, type Applied, type MutationContext } from '../conversations/mutations.js';
import { applyGrantReward, applyRecordConsent, applyRevokeConsent, applyUpdateCustomer, suggestionsFor } from './service.js';

/** The customer edits that are outbox mutations, and how each is applied (also used by mutation:batch). */
export const CUSTOMER_MUTATIONS = {
  'customer:update': applyUpdateCustomer,
  'customer:consent': applyRecordConsent,
  'customer:consent-revoke': applyRevokeConsent,
  'customer:reward': applyGrantReward,
} as const;
export type CustomerMutationName = keyof typeof CUSTOMER_MUTATIONS;

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
    handle: async (req, { user }) => {
      await assertWorksWith(db, user, [req.customerId]);
      return { suggestions: await suggestionsFor(db, req.customerId) };
    },
  });
  bind('customer:merge', {
    roles: ROLES,
    schema: MergeCustomersRequestSchema,
    handle: async (req, { user }) => {
      await assertWorksWith(db, user, [req.survivorId, req.mergedId]);
      return after(await mergeCustomers(db, user, req));
    },
  });
  bind('customer:unmerge', {
    roles: ROLES,
    schema: UnmergeRequestSchema,
    handle: async (req, { user }) => {
      const record = await db.selectFrom('customer_merges').select(['survivor_id', 'merged_id']).where('id', '=', req.mergeId).executeTakeFirst();
      if (record) await assertWorksWith(db, user, [record.survivor_id, record.merged_id]);
      return after(await unmergeCustomers(db, user, req.mergeId));
    },
  });
  // Outbox mutations: idempotent per (client id, mutation id), as inside mutation:batch.
  const run = async <T>(user: User, req: { clientId: string; mutationId: string }, name: CustomerMutationName, apply: (ctx: MutationContext) => Promise<Applied<T>>) => {
    const { result, head } = await runMutation(db, user, req, name, apply);
    if (head) poke(head);
    return result;
  };
  bind('customer:update', {
    roles: ROLES,
    schema: MUTATION_SCHEMAS['customer:update'],
    handle: async (req, { user }) => run(user, req, 'customer:update', (ctx) => applyUpdateCustomer(ctx, req)),
  });
  bind('customer:consent', {
    roles: ROLES,
    schema: MUTATION_SCHEMAS['customer:consent'],
    handle: async (req, { user }) => run(user, req, 'customer:consent', (ctx) => applyRecordConsent(ctx, req)),
  });
  bind('customer:consent-revoke', {
    roles: ROLES,
    schema: MUTATION_SCHEMAS['customer:consent-revoke'],
    handle: async (req, { user }) => run(user, req, 'customer:consent-revoke', (ctx) => applyRevokeConsent(ctx, req)),
  });
  bind('customer:reward', {
    roles: ROLES,
    schema: MUTATION_SCHEMAS['customer:reward'],
    handle: async (req, { user }) => run(user, req, 'customer:reward', (ctx) => applyGrantReward(ctx, req)),
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
