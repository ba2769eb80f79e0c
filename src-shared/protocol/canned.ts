/**
 * Canned responses (issue 5): shared reply texts that leads and admins maintain on the hub and every
 * console caches through the change log, so agents can use them offline. Variables in the body are
 * filled in the composer (see domain/canned-variables.ts).
 */
import { z } from 'zod';

// Own copies rather than imports from schemas.ts, which imports this file (no import cycle).
const IdSchema = z.uuid();
const TimestampSchema = z.iso.datetime({ offset: true });
/** As MAX_BODY_LENGTH in schemas.ts: a canned response must fit in a reply. */
const MAX_BODY_LENGTH = 20_000;

export const MAX_CANNED_TITLE = 120;

export const CannedResponseSchema = z.object({
  id: IdSchema,
  title: z.string(),
  body: z.string(),
  updatedAt: TimestampSchema,
  /** A deleted response travels once more so caches drop it. */
  deleted: z.boolean(),
});
export type CannedResponse = z.infer<typeof CannedResponseSchema>;

/** Create or update (by the id the console chose, so a retried save changes nothing). */
export const SaveCannedRequestSchema = z
  .object({
    id: IdSchema,
    title: z.string().trim().min(1, 'Give the response a title').max(MAX_CANNED_TITLE),
    body: z.string().trim().min(1, 'The response is empty').max(MAX_BODY_LENGTH),
  })
  .strict();
export type SaveCannedRequest = z.input<typeof SaveCannedRequestSchema>;

export const DeleteCannedRequestSchema = z.object({ id: IdSchema }).strict();
