/**
 * Admin-only socket events for the channel account registry.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  ChannelSchema,
  RemoveChannelAccountRequestSchema,
  SaveChannelAccountRequestSchema,
  type ClientToServerEvents,
} from '../../src-shared/index.js';
import type { EventSpec } from '../realtime/register.js';
import type { Database } from '../store/schema.js';
import { listChannelAccounts, removeChannelAccount, saveChannelAccount, toPublicAccount } from './registry.js';

type Bind = <E extends keyof ClientToServerEvents, S extends z.ZodType>(event: E, spec: EventSpec<E, S>) => void;

const ADMIN = ['admin'] as const;

/** Bind `channels:list`, `channels:save` and `channels:remove` on one console socket. */
export function bindChannelAdminEvents(bind: Bind, db: Kysely<Database>): void {
  bind('channels:list', {
    roles: ADMIN,
    schema: z.object({ channel: ChannelSchema.optional() }).strict(),
    handle: async (req) => ({ accounts: (await listChannelAccounts(db, req.channel)).map(toPublicAccount) }),
  });
  bind('channels:save', {
    roles: ADMIN,
    schema: SaveChannelAccountRequestSchema,
    handle: async (req) => ({ account: toPublicAccount(await saveChannelAccount(db, req)) }),
  });
  bind('channels:remove', {
    roles: ADMIN,
    schema: RemoveChannelAccountRequestSchema,
    handle: async (req) => {
      await removeChannelAccount(db, req.id);
      return { id: req.id };
    },
  });
}
