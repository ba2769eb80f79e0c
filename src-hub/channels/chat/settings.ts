/**
 * A chat widget is a channel account with channel `chat`: its address is the public widget key
 * that websites put in the script tag; its department receives the chats. This file declares and
 * validates the widget's settings.
 */
import { z } from 'zod';
import { BusinessHoursSchema, isWithinBusinessHours } from '../../../src-shared/index.js';
import { registerChannelAccountSpec, type ChannelAccountRow } from '../registry.js';

/** Where the hub keeps a widget's visitor-token signing key (generated on first use, never sent out). */
export const VISITOR_TOKEN_KEY_SECRET = 'visitorTokenKey';

/** An origin exactly as browsers send it: scheme, host and port, no path. */
const OriginSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'Give an origin like https://www.example.com (scheme and host, no path or trailing slash)');

export const ChatWidgetSettingsSchema = z.object({
  /** Websites allowed to embed the widget (and to open visitor sockets from their pages). */
  allowedOrigins: z.array(OriginSchema).max(50).default([]),
  title: z.string().trim().min(1).max(80).default('Chat with us'),
  greeting: z.string().trim().max(500).default('Hi! How can we help you today?'),
  /** Ask for an email address before the chat starts (the name is always asked). */
  requireEmail: z.boolean().default(false),
  /** When set, the chat is offered only inside these hours; outside them the offline form shows. */
  businessHours: BusinessHoursSchema.nullable().default(null),
  /**
   * The email account (its mailbox address) that answers offline-form messages. Unset: an enabled
   * mailbox of the widget's department, else any enabled mailbox.
   */
  offlineMailbox: z.string().trim().toLowerCase().max(320).nullable().default(null),
});
export type ChatWidgetSettings = z.output<typeof ChatWidgetSettingsSchema>;

// The only credential is the hub-generated token key; an admin may clear it to sign every visitor
// out (they start fresh chats), but has nothing to enter.
const ChatWidgetSecretsSchema = z.object({ [VISITOR_TOKEN_KEY_SECRET]: z.string().min(32).max(128).optional() }).strict();

registerChannelAccountSpec('chat', {
  settings: ChatWidgetSettingsSchema as unknown as z.ZodType<Record<string, unknown>>,
  secrets: ChatWidgetSecretsSchema as unknown as z.ZodType<Record<string, string>>,
  normaliseAddress: (address) => address.trim(),
});

/**
 * The widget's settings, with defaults for anything missing.
 *
 * Settings were validated when saved; a row written before a setting existed still parses.
 */
export function widgetSettings(account: ChannelAccountRow): ChatWidgetSettings {
  const parsed = ChatWidgetSettingsSchema.safeParse(account.settings ?? {});
  return parsed.success ? parsed.data : ChatWidgetSettingsSchema.parse({});
}

/** Inside business hours (always, when none are configured). */
export function isOpen(settings: ChatWidgetSettings, at = new Date()): boolean {
  return settings.businessHours === null || isWithinBusinessHours(settings.businessHours, at);
}
