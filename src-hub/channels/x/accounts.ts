/**
 * X channel accounts: address = the X user id of the brand's account (`for_user_id` in Account
 * Activity webhooks). Secrets are the X app's consumer key and secret (the secret also signs the
 * CRC answer and webhook signatures) and the account's OAuth 1.0a access token and secret, which
 * the v2 send endpoints take as user context. The API base URL is a setting so tests and the demo
 * can point it at a local stand-in.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/schema.js';
import { listChannelAccounts, registerChannelAccountSpec, type ChannelAccountRow } from '../registry.js';

export const DEFAULT_X_API_BASE_URL = 'https://api.x.com';

export const XSettingsSchema = z.object({
  apiBaseUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_X_API_BASE_URL),
});
export type XSettings = z.output<typeof XSettingsSchema>;

export const XSecretsSchema = z.object({
  consumerKey: z.string().min(1).optional(),
  consumerSecret: z.string().min(1).optional(),
  accessToken: z.string().min(1).optional(),
  accessTokenSecret: z.string().min(1).optional(),
});

registerChannelAccountSpec('x', {
  settings: XSettingsSchema,
  secrets: XSecretsSchema as z.ZodType<Record<string, string>>,
  normaliseAddress: (address) => address.trim(),
});

/** The enabled X accounts. */
export async function xAccounts(db: Kysely<Database>): Promise<ChannelAccountRow[]> {
  return (await listChannelAccounts(db, 'x')).filter((a) => a.enabled);
}

/** An account's settings with defaults filled in. */
export function xSettingsOf(account: ChannelAccountRow): XSettings {
  const parsed = XSettingsSchema.safeParse(account.settings ?? {});
  return parsed.success ? parsed.data : XSettingsSchema.parse({});
}
