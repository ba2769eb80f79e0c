/**
 * `GET /api/email/messages/:messageId/attachments/:sha256`: the bytes of one attachment of a mail,
 * for a signed-in staff member who may see the mail's conversation.
 *
 * Attachments are hostile until proven otherwise, so they are always served as a download of
 * opaque bytes (`application/octet-stream`, `Content-Disposition: attachment`, `nosniff`, a
 * sandboxing CSP): no browser renders or runs them in the hub's origin. The declared type is in
 * the message's channelMeta for the console to decide how to show it.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findSession } from '../../auth/sessions.js';
import { canSee } from '../../store/changes.js';
import type { Database } from '../../store/schema.js';
import { readAttachment } from './attachments.js';

const ParamsSchema = z.object({ messageId: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

function error(code: string, message: string) {
  return { error: { code, message } };
}

/** RFC 6266 filename parameters: an ASCII fallback and the UTF-8 original. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Register the download route (before the server listens). */
export function registerAttachmentRoute(app: FastifyInstance, db: Kysely<Database>): void {
  app.get('/api/email/messages/:messageId/attachments/:sha256', async (request, reply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const session = token ? await findSession(db, token) : null;
    if (!session) return reply.code(401).send(error('unauthenticated', 'Sign in to download attachments'));
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) return reply.code(400).send(error('bad_request', 'Invalid message id or attachment id'));

    const row = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.channel_meta', 'conversations.department_id', 'conversations.assignee_id'])
      .where('messages.id', '=', params.data.messageId)
      .where('messages.channel', '=', 'email')
      .executeTakeFirst();
    // Not visible and not there look the same: the answer must not reveal other teams' mail.
    const notFound = () => reply.code(404).send(error('not_found', 'This attachment does not exist'));
    if (!row || !canSee(session.user, row.department_id, row.assignee_id)) return notFound();
    const listed = ((row.channel_meta as { attachments?: unknown }).attachments ?? []) as { sha256?: unknown; filename?: unknown }[];
    const meta = Array.isArray(listed) ? listed.find((a) => a.sha256 === params.data.sha256) : undefined;
    if (!meta) return notFound();
    const file = await readAttachment(db, params.data.sha256);
    if (!file) return notFound();

    return reply
      .code(200)
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(typeof meta.filename === 'string' ? meta.filename : 'attachment'))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(file.content));
  });
}
