/**
 * What an email channel account (a mailbox) is configured with.
 *
 * The account's `address` is the mailbox (support@company.example); mail the SMTP listener receives
 * for it becomes a conversation, and replies leave from it through `settings.relay`. Mailboxes kept
 * on an existing mail server are read through `settings.imap` instead of (or besides) MX delivery.
 * Passwords live in `secrets` and never reach a console.
 */
import { z } from 'zod';
import { registerChannelAccountSpec, type ChannelAccountRow } from '../registry.js';

const hostname = z.string().trim().min(1).max(253);

export const RelaySettingsSchema = z.object({
  host: hostname,
  port: z.number().int().min(1).max(65535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the relay offers it. */
  secure: z.boolean().default(false),
  user: z.string().max(320).optional(),
});

export const ImapSettingsSchema = z.object({
  host: hostname,
  port: z.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true),
  user: z.string().min(1).max(320),
  mailbox: z.string().min(1).max(200).default('INBOX'),
});

export const EmailSettingsSchema = z.object({
  relay: RelaySettingsSchema.optional(),
  imap: ImapSettingsSchema.optional(),
});
export type EmailSettings = z.infer<typeof EmailSettingsSchema>;

export const EmailSecretsSchema = z.object({
  relayPassword: z.string().optional(),
  imapPassword: z.string().optional(),
});

/** Mail addresses compare case-insensitively in practice (the local part formally not, but every provider does). */
export const normaliseMailAddress = (address: string): string => address.trim().toLowerCase();

registerChannelAccountSpec('email', {
  settings: EmailSettingsSchema as z.ZodType<Record<string, unknown>>,
  secrets: EmailSecretsSchema as z.ZodType<Record<string, string>>,
  normaliseAddress: normaliseMailAddress,
});

/** The account's settings, validated again on use (rows written before a schema change stay readable). */
export function emailSettingsOf(account: ChannelAccountRow): EmailSettings {
  const parsed = EmailSettingsSchema.safeParse(account.settings ?? {});
  return parsed.success ? parsed.data : {};
}

export function emailSecretsOf(account: ChannelAccountRow): { relayPassword?: string; imapPassword?: string } {
  const parsed = EmailSecretsSchema.safeParse(account.secrets ?? {});
  return parsed.success ? parsed.data : {};
}
