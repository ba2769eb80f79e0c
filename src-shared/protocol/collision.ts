/**
 * Collision (issue 5): who else is viewing or typing in a conversation, live. Ephemeral socket
 * events only — worth nothing later, so never in the change log, the cache or the outbox.
 */
import { z } from 'zod';

/** A console's state in one conversation; repeated every PRESENCE_REPEAT_MS while it stays. */
export const ConversationPresenceRequestSchema = z
  .object({
    conversationId: z.uuid(),
    /** False when the agent left the conversation (the others stop seeing her at once). */
    viewing: z.boolean(),
    typing: z.boolean(),
  })
  .strict();
export type ConversationPresenceRequest = z.input<typeof ConversationPresenceRequestSchema>;

/** How often a console repeats its presence; the hub forgets one not repeated within PRESENCE_TTL_MS. */
export const PRESENCE_REPEAT_MS = 15_000;
export const PRESENCE_TTL_MS = 40_000;

export const WatchersSchema = z.object({
  conversationId: z.uuid(),
  /** Everyone with the conversation open, one entry per user (typing if any of her windows types). */
  watchers: z.array(z.object({ userId: z.uuid(), name: z.string(), typing: z.boolean() })).max(200),
});
export type Watchers = z.infer<typeof WatchersSchema>;
