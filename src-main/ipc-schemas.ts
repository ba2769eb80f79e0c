/**
 * Runtime validation of every invoke channel's arguments.
 *
 * The preload checks shapes too, but a compromised renderer can call `ipcRenderer.invoke` itself
 * (only if it escaped the isolated world, which is exactly when this matters), so main re-checks.
 * Tuples reject extra arguments; `strict()` rejects unknown keys.
 */
import { z } from 'zod';
import { IpcLimits, type InvokeArgs, type InvokeChannel } from '../src-preload/contract/channels.js';

const notificationRequest = z
  .object({
    title: z.string().min(1).max(IpcLimits.notificationTitle),
    body: z.string().max(IpcLimits.notificationBody),
    conversationId: z.string().min(1).max(IpcLimits.conversationId).optional(),
  })
  .strict();

/** One schema per channel; the mapped type makes a missing or mistyped channel a compile error. */
export const invokeArgSchemas: { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> } = {
  'app:info': z.tuple([]),
  'notifications:show': z.tuple([notificationRequest]),
  // The URL itself is judged by checkExternalUrl, which returns a reason instead of throwing.
  'shell:open-external': z.tuple([z.string().max(IpcLimits.externalUrl)]),
  'window:set-badge-count': z.tuple([z.number().int().min(0).max(IpcLimits.badgeCount)]),
};
