/**
 * HTTP API: health, hub info, login and logout, and the built console.
 */
import { existsSync } from 'node:fs';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sql, type Kysely } from 'kysely';
import {
  APP_VERSION,
  LoginRequestSchema,
  PROTOCOL_VERSION,
  type DemoAccount,
  type ErrorCode,
  type Health,
  type HubInfo,
  type LoginResponse,
} from '../../src-shared/index.js';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { createSession, findSession, revokeSession } from '../auth/sessions.js';
import { LoginThrottle } from '../auth/throttle.js';
import { toUser } from '../store/mappers.js';
import type { Database } from '../store/schema.js';
import { SECURITY_HEADERS } from './security-headers.js';

export interface RoutesOptions {
  db: Kysely<Database>;
  databaseKind: Health['database'];
  demoAccounts: DemoAccount[] | null;
  sessionTtlMs: number;
  consoleDir: string | null;
  onLogout: (sessionId: string) => void;
  log: (msg: string, extra?: unknown) => void;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };


function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

export async function registerRoutes(app: FastifyInstance, options: RoutesOptions): Promise<void> {
  const { db } = options;
  const throttle = new LoginThrottle();
  // Verified against for unknown emails, so response time does not reveal which accounts exist.
  const dummyHash = await hashPassword(randomUUID());

  // Fastify's own refusals (unparsable JSON, wrong content type, oversized body) get the same
  // `{ error: { code, message } }` shape as the routes' answers. A 5xx never echoes the thrown
  // message: it may carry SQL or driver details.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      options.log(`HTTP ${request.method} ${request.url} failed`, error);
      return reply.code(500).send({ error: { code: 'internal', message: 'The hub could not complete the request. Please try again.', reason: { key: 'internal' } } });
    }
    return reply.code(status).send({ error: { code: CODE_BY_STATUS[status] ?? 'bad_request', message: error.message } });
  });

  app.addHook('onSend', async (_request, reply) => {
    // A page that sets its own policy (the web chat page, which customers' websites may frame)
    // sets all of its security headers itself.
    if (reply.hasHeader('content-security-policy')) return;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  });

  app.get('/healthz', async (_request, reply) => {
    let status: Health['status'] = 'ok';
    try {
      await sql`select 1`.execute(db);
    } catch {
      status = 'degraded';
    }
    const body: Health = {
      status,
      version: APP_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      database: options.databaseKind,
      demo: options.demoAccounts !== null,
    };
    return reply.code(status === 'ok' ? 200 : 503).send(body);
  });

  app.get('/api/info', async () => {
    const info: HubInfo = {
      name: 'Switchboard hub',
      version: APP_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      demo: options.demoAccounts !== null,
      demoAccounts: options.demoAccounts ?? [],
    };
    return info;
  });

  app.post('/api/auth/login', async (request, reply) => {
    const parsed = LoginRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: { code: 'bad_request', message: 'Email and password are required', reason: { key: 'login.required' }, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      });
    }
    const { email, password } = parsed.data;
    const retryAfter = throttle.blockedFor(email, request.ip);
    if (retryAfter > 0) {
      return reply
        .code(429)
        .header('retry-after', Math.ceil(retryAfter / 1000))
        .send({ error: { code: 'forbidden', message: 'Too many failed sign-ins. Please wait a few minutes and try again.', reason: { key: 'login.throttled' } } });
    }
    const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    const ok = await verifyPassword(row?.password_hash ?? dummyHash, password);
    if (!row || !ok || row.disabled) {
      throttle.fail(email, request.ip);
      return reply.code(401).send({ error: { code: 'unauthenticated', message: 'Wrong email or password', reason: { key: 'login.wrongCredentials' } } });
    }
    throttle.succeed(email, request.ip);
    const session = await createSession(db, row.id, options.sessionTtlMs);
    const body: LoginResponse = { token: session.token, expiresAt: session.expiresAt.toISOString(), user: toUser(row) };
    return body;
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = bearer(request);
    const session = token ? await findSession(db, token) : null;
    if (!session) return reply.code(401).send({ error: { code: 'unauthenticated', message: 'No live session', reason: { key: 'session.none' } } });
    await revokeSession(db, session.id);
    options.onLogout(session.id);
    return reply.code(204).send();
  });

  app.get('/api/me', async (request, reply) => {
    const token = bearer(request);
    const session = token ? await findSession(db, token) : null;
    if (!session) return reply.code(401).send({ error: { code: 'unauthenticated', message: 'No live session', reason: { key: 'session.none' } } });
    return { user: session.user, expiresAt: session.expiresAt.toISOString() };
  });

  if (options.consoleDir && existsSync(options.consoleDir)) {
    await app.register(fastifyStatic, {
      root: options.consoleDir,
      prefix: '/',
      index: ['index.html'],
      // Our own Cache-Control per file (see consoleCacheControl), not one maxAge for all.
      cacheControl: false,
      setHeaders: (res, path) => res.setHeader('cache-control', consoleCacheControl(path)),
    });
    // Client-side routes fall back to the console; API paths stay 404 JSON.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/socket.io')) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } });
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain')
        .send('Switchboard hub is running, but the console is not built. Run `npm run build` and restart.'),
    );
  }
}

/**
 * How long a browser may keep a file of the built console. The bundler names everything under
 * `assets/` by a hash of its content, so such a file never changes under its name: cached for a
 * year without asking again (`immutable`), a reload starts from the browser's cache instead of
 * fetching 1.3 MB of script from a hub that is busy at shift start. Everything else (index.html,
 * which names the current assets) is revalidated on every load, so a new build reaches the
 * console at its next start.
 */
export function consoleCacheControl(path: string): string {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
