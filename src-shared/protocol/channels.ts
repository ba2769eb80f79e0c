/**
 * Wire shapes of the channel account registry (admin only): the mailboxes, pages, numbers, X
 * accounts and chat widgets the hub receives on and answers from.
 *
 * Credentials go one way: an admin may send them, the hub never sends them back — an account
 * lists only which secrets are set.
 */
import { z } from 'zod';
import { ChannelSchema, DepartmentIdSchema, IdSchema, TimestampSchema } from './schemas.js';

export const ChannelAccountSchema = z.object({
  id: IdSchema,
  channel: ChannelSchema,
  name: z.string(),
  /** What identifies the account at the provider: mailbox address, page id, phone number id, X user id, widget key. */
  address: z.string(),
  departmentId: DepartmentIdSchema,
  settings: z.record(z.string(), z.unknown()),
  /** Names of the credentials that are stored (their values never leave the hub). */
  secretsSet: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type ChannelAccount = z.infer<typeof ChannelAccountSchema>;

export const SaveChannelAccountRequestSchema = z.object({
  /** Absent to create an account. */
  id: IdSchema.optional(),
  channel: ChannelSchema.exclude(['phone']),
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(320),
  departmentId: DepartmentIdSchema,
  settings: z.record(z.string(), z.unknown()).optional(),
  /** Merged into the stored credentials; an empty string removes one. */
  secrets: z.record(z.string().max(100), z.string().max(10_000)).optional(),
  enabled: z.boolean().optional(),
});
export type SaveChannelAccountRequest = z.output<typeof SaveChannelAccountRequestSchema>;

export const RemoveChannelAccountRequestSchema = z.object({ id: IdSchema });
