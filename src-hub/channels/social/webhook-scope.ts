/**
 * A fastify scope for provider webhooks that keeps the raw request body: signatures are computed
 * over the exact bytes the provider sent, which re-serialised JSON would not reproduce.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Webhook bodies above this are refused with 413 (Meta batches stay far below it). */
export const WEBHOOK_BODY_LIMIT = 1_000_000;

/**
 * Register `routes` in an encapsulated scope whose every body arrives as a Buffer; the rest of the
 * hub keeps fastify's JSON parser.
 */
export async function registerWebhookScope(app: FastifyInstance, routes: (scope: FastifyInstance) => void | Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    await routes(scope);
  });
}

/** The raw body of a webhook request (an empty buffer when none was sent). */
export function rawBodyOf(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

export type WebhookRefusal = { status: 400 | 401 | 403 | 404 | 503; code: string; message: string };

/** Answer a refused webhook in the hub's `{ error: { code, message } }` shape. */
export function refuse(reply: FastifyReply, refusal: WebhookRefusal): FastifyReply {
  return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
}

/** Parse JSON from a raw body, or say why not. */
export function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (raw.length === 0) return { ok: false, reason: 'The request has no body' };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'The body is not valid JSON' };
  }
}
