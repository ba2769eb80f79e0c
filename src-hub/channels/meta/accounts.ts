/**
 * Meta channel accounts: a Facebook page (address = page id), an Instagram professional account
 * (address = its Instagram account id) or a WhatsApp Business number (address = phone number id).
 *
 * Every account stores the secret of the Meta app its webhooks come from (to check
 * `X-Hub-Signature-256`), the verify token typed into the app's webhook settings, and the access
 * token the send APIs take. The Graph API base URL is a setting so tests and the demo can point it
 * at a local stand-in.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Channel } from '../../../src-shared/index.js';
import type { Database } from '../../store/schema.js';
import { listChannelAccounts, registerChannelAccountSpec, type ChannelAccountRow } from '../registry.js';

export const META_CHANNELS = ['facebook', 'instagram', 'whatsapp'] as const satisfies readonly Channel[];
export type MetaChannel = (typeof META_CHANNELS)[number];

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';

export const MetaSettingsSchema = z.object({
  apiBaseUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_GRAPH_BASE_URL),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'Graph API versions look like v21.0')
    .default(DEFAULT_GRAPH_VERSION),
  /** Comments: answer under the comment (public) or in a private message to the commenter. */
  commentReplies: z.enum(['public', 'private']).default('public'),
});
export type MetaSettings = z.output<typeof MetaSettingsSchema>;

export const MetaSecretsSchema = z.object({
  appSecret: z.string().min(1).optional(),
  verifyToken: z.string().min(1).optional(),
  accessToken: z.string().min(1).optional(),
});

for (const channel of META_CHANNELS) {
  registerChannelAccountSpec(channel, {
    settings: MetaSettingsSchema,
    secrets: MetaSecretsSchema as z.ZodType<Record<string, string>>,
    normaliseAddress: (address) => address.trim(),
  });
}

/** The enabled Facebook, Instagram and WhatsApp accounts. */
export async function metaAccounts(db: Kysely<Database>): Promise<ChannelAccountRow[]> {
  const all = await Promise.all(META_CHANNELS.map((channel) => listChannelAccounts(db, channel)));
  return all.flat().filter((a) => a.enabled);
}

/** An account's settings with defaults filled in (stored settings were validated on save). */
export function metaSettingsOf(account: ChannelAccountRow): MetaSettings {
  const parsed = MetaSettingsSchema.safeParse(account.settings ?? {});
  return parsed.success ? parsed.data : MetaSettingsSchema.parse({});
}
