/**
 * HTTP for the web chat: the embeddable loader `/chat/widget.js`, the chat page `/chat` (standalone,
 * or framed by the loader on a customer's website) and its built assets under `/chat/assets/`.
 *
 * The chat page sets its own security headers (the hub's global hook leaves a response that has a
 * CSP alone): as strict as the console's, except that the websites a widget allows may frame it
 * (`frame-ancestors`), which is also why it sends no `X-Frame-Options`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/schema.js';
import { findChannelAccount } from '../registry.js';
import { safeHost } from './origins.js';
import { widgetSettings } from './settings.js';

const CHAT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat</title>
<link rel="stylesheet" href="/chat/assets/chat.css">
<script src="/chat/assets/chat.js" defer></script>
</head>
<body>
<main id="switchboard-chat"></main>
</body>
</html>
`;

/** The chat page's CSP: its own scripts and styles only, sockets to the hub, framed by `frameAncestors`. */
export function chatPageCsp(host: string | null, frameAncestors: readonly string[]): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
  ].join('; ');
}

function chatPageHeaders(reply: FastifyReply, csp: string): FastifyReply {
  return reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
}

const ChatPageQuery = z.object({ widget: z.string().trim().min(1).max(320).optional() });

export async function registerChatRoutes(app: FastifyInstance, db: Kysely<Database>, widgetDir: string): Promise<void> {
  const built = () => existsSync(join(widgetDir, 'widget.js')) && existsSync(join(widgetDir, 'chat.js'));
  const notBuilt = (reply: FastifyReply) =>
    reply.code(503).type('text/plain').send('The chat widget is not built. Run `npm run build` and restart the hub.');

  app.get('/chat', async (request, reply) => {
    const query = ChatPageQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: { code: 'bad_request', message: 'Invalid widget key' } });
    const account = query.data.widget ? await findChannelAccount(db, 'chat', query.data.widget) : undefined;
    const origins = account ? widgetSettings(account).allowedOrigins : [];
    chatPageHeaders(reply, chatPageCsp(safeHost(request.headers.host), origins));
    if (!built()) return notBuilt(reply);
    return reply.type('text/html; charset=utf-8').send(CHAT_PAGE);
  });

  // The loader runs on customers' websites: short cache so a hub update reaches them soon.
  app.get('/chat/widget.js', async (_request, reply) => {
    if (!built()) return notBuilt(reply);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(await readFile(join(widgetDir, 'widget.js')));
  });

  if (existsSync(widgetDir)) {
    await app.register(fastifyStatic, { root: widgetDir, prefix: '/chat/assets/', decorateReply: false, index: false, maxAge: 300_000 });
  }
}
