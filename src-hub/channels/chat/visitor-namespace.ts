/**
 * The `/visitor` socket.io namespace: the chat widget's connection to the hub.
 *
 * Its own authentication, separate from staff sessions: the handshake names a widget (its public
 * key) and carries the visitor token the widget kept from an earlier visit. The handshake is
 * refused for an unknown or disabled widget or a page origin the widget does not allow; a missing
 * or invalid token gets a new visitor (rate limited per network address). Every event is parsed
 * with zod, rate limited and answered with an ack; a socket's events are handled one after another
 * so a visitor's messages are stored in the order they were sent.
 */
import type { Kysely } from 'kysely';
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  OfflineMessageRequestSchema,
  VISITOR_NAMESPACE,
  VisitorAuthSchema,
  VisitorHelloRequestSchema,
  VisitorProfileRequestSchema,
  VisitorSendRequestSchema,
  type VisitorAck,
  type VisitorClientToServerEvents,
  type VisitorProfile,
  type VisitorServerToClientEvents,
} from '../../../src-shared/index.js';
import type { IngestResult, InboundMessage } from '../../ingest/ingest.js';
import type { Database } from '../../store/schema.js';
import { findChannelAccount, getChannelAccount, type ChannelAccountRow } from '../registry.js';
import { ingestOfflineMessage } from './offline.js';
import { originAllowed } from './origins.js';
import type { ChatRateLimits } from './rate-limits.js';
import { widgetSettings, type ChatWidgetSettings } from './settings.js';
import { toVisitorWireError, VisitorError } from './visitor-error.js';
import { identityFields, profileOfIdentity, saveVisitorProfile, visitorHistory, visitorIdentity, visitorMessage, visitorMessageKey } from './visitor-store.js';
import { issueVisitorToken, newVisitorId, verifyVisitorToken, visitorUserId } from './visitor-token.js';

export interface VisitorData {
  accountId: string;
  visitorId: string;
  visitorToken: string;
  /** Name and email given in this session before the visitor's identity exists. */
  profile: VisitorProfile;
  address: string;
}

export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents, Record<string, never>, VisitorData>;
type VisitorSocket = Socket<VisitorClientToServerEvents, VisitorServerToClientEvents, Record<string, never>, VisitorData>;

/** Every socket of one visitor on one widget (several tabs) joins this room. */
export const visitorRoom = (accountId: string, visitorId: string): string => `visitor:${accountId}:${visitorId}`;

export interface VisitorNamespaceDeps {
  io: Server;
  db: Kysely<Database>;
  ingest: (message: InboundMessage) => Promise<IngestResult>;
  /** After a change outside ingest (a visitor's new name): tell consoles. */
  poke: (head: number) => void;
  available: (settings: ChatWidgetSettings) => boolean;
  limits: ChatRateLimits;
  log: (msg: string, extra?: unknown) => void;
}

function refuse(code: string, message: string): Error {
  return Object.assign(new Error(code), { data: { message } });
}

/** The widget a handshake names; without a key, the hub's only enabled widget. */
async function resolveWidget(db: Kysely<Database>, widgetKey: string | undefined): Promise<ChannelAccountRow | undefined> {
  if (widgetKey !== undefined) return findChannelAccount(db, 'chat', widgetKey);
  const enabled = await db.selectFrom('channel_accounts').selectAll().where('channel', '=', 'chat').where('enabled', '=', true).limit(2).execute();
  return enabled.length === 1 ? enabled[0] : undefined;
}

export function createVisitorNamespace(deps: VisitorNamespaceDeps): VisitorNamespace {
  const { db, limits, log } = deps;
  const nsp = deps.io.of(VISITOR_NAMESPACE) as unknown as VisitorNamespace;

  nsp.use(async (socket, next) => {
    const auth = VisitorAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(refuse('bad_request', 'The chat widget sent an invalid handshake'));
    try {
      const account = await resolveWidget(db, auth.data.widgetKey);
      if (!account) return next(refuse('unknown_widget', 'This chat is not available (unknown or switched-off widget)'));
      const settings = widgetSettings(account);
      if (!originAllowed(socket.handshake.headers.origin, socket.handshake.headers.host, settings.allowedOrigins)) {
        return next(refuse('forbidden_origin', 'This website may not use this chat widget'));
      }
      const address = socket.handshake.address;
      let visitorId = auth.data.visitorToken ? await verifyVisitorToken(db, account, auth.data.visitorToken) : null;
      let visitorToken = auth.data.visitorToken ?? '';
      if (visitorId === null) {
        // A first visit, or a token from a rotated key: a new visitor.
        await limits.take([['newVisitorsPerAddress', address]], 'Too many new chats from your network');
        visitorId = newVisitorId();
        visitorToken = await issueVisitorToken(db, account, visitorId);
      }
      socket.data = { accountId: account.id, visitorId, visitorToken, profile: { name: null, email: null }, address };
      next();
    } catch (error) {
      if (error instanceof VisitorError) return next(refuse(error.code, error.message));
      log('visitor handshake failed', error);
      next(refuse('unavailable', 'The chat is not available right now. Please try again later.'));
    }
  });

  nsp.on('connection', (socket) => {
    void socket.join(visitorRoom(socket.data.accountId, socket.data.visitorId));
    bindVisitorEvents(socket, deps);
  });
  return nsp;
}

/** The widget as it is now (an admin may have changed or disabled it since the handshake). */
async function currentWidget(db: Kysely<Database>, accountId: string): Promise<ChannelAccountRow> {
  const account = await getChannelAccount(db, accountId);
  if (!account || !account.enabled) throw new VisitorError('unauthenticated', 'This chat has been switched off');
  return account;
}

/** The profile agents see: the identity's once the visitor has written, else this session's. */
async function currentProfile(db: Kysely<Database>, data: VisitorData): Promise<VisitorProfile> {
  const identity = await visitorIdentity(db, data.visitorId);
  if (!identity) return data.profile;
  const stored = profileOfIdentity(identity);
  return { name: stored.name ?? data.profile.name, email: stored.email ?? data.profile.email };
}

function bindVisitorEvents(socket: VisitorSocket, deps: VisitorNamespaceDeps): void {
  const { db, limits, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();

  /** Bind one event: ack required, zod-parsed, handled after the socket's previous event. */
  const on = <E extends keyof VisitorClientToServerEvents, S extends z.ZodType>(
    event: E,
    schema: S,
    handle: (input: z.output<S>) => Promise<Parameters<Parameters<VisitorClientToServerEvents[E]>[1]>[0] extends VisitorAck<infer T> ? T : never>,
  ) => {
    socket.on(event as never, ((...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      const reply = ack as (a: VisitorAck<unknown>) => void;
      const payload = args.length > 1 ? args[0] : undefined;
      queue = queue.then(async () => {
        try {
          const parsed = schema.safeParse(payload ?? {});
          if (!parsed.success) {
            throw new VisitorError('bad_request', parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
          }
          reply({ ok: true, data: await handle(parsed.data) });
        } catch (error) {
          if (!(error instanceof VisitorError)) log(`visitor event ${event} failed`, error);
          reply({ ok: false, error: toVisitorWireError(error) });
        }
      });
    }) as never);
  };

  const data = socket.data;
  const perVisitor = `${data.accountId}:${data.visitorId}`;

  /** Remember name/email; once the visitor has an identity, agents see the change too. */
  async function applyProfile(update: Partial<VisitorProfile>): Promise<VisitorProfile> {
    const profile = { ...(await currentProfile(db, data)) };
    if (update.name) profile.name = update.name;
    if (update.email) profile.email = update.email;
    data.profile = profile;
    const head = await saveVisitorProfile(db, data.visitorId, profile);
    if (head) deps.poke(head);
    return profile;
  }

  on('visitor:hello', VisitorHelloRequestSchema, async (req) => {
    await limits.take([['otherPerVisitor', perVisitor]], 'Too many requests');
    const account = await currentWidget(db, data.accountId);
    const settings = widgetSettings(account);
    const profile = req.profile && (req.profile.name || req.profile.email) ? await applyProfile(req.profile) : await currentProfile(db, data);
    data.profile = profile;
    return {
      visitorToken: data.visitorToken,
      profile,
      widget: { title: settings.title, greeting: settings.greeting, requireEmail: settings.requireEmail },
      available: deps.available(settings),
      messages: await visitorHistory(db, data.accountId, data.visitorId),
    };
  });

  on('visitor:profile', VisitorProfileRequestSchema, async (req) => {
    await limits.take([['otherPerVisitor', perVisitor]], 'Too many requests');
    return { profile: await applyProfile(req) };
  });

  on('visitor:message', VisitorSendRequestSchema, async (req) => {
    await limits.take(
      [
        ['messageBurst', perVisitor],
        ['messageSustained', perVisitor],
      ],
      'You are sending messages too fast',
    );
    const account = await currentWidget(db, data.accountId);
    const profile = await currentProfile(db, data);
    const settings = widgetSettings(account);
    if (settings.requireEmail && !profile.email) throw new VisitorError('bad_request', 'Please give your email address first');
    const { handle, displayName } = identityFields(data.visitorId, profile);
    const result = await deps.ingest({
      channel: 'chat',
      kind: 'message',
      // Namespaced by visitor: a retry with the same client id is a duplicate, and no visitor can
      // name another visitor's message.
      providerMessageId: visitorMessageKey(data.visitorId, req.clientMessageId),
      from: { providerUserId: visitorUserId(data.visitorId), handle, displayName },
      body: req.body,
      channelMeta: { chat: { visitorId: data.visitorId, widget: account.name } },
      accountId: account.id,
      department: account.department_id,
    });
    const message = await visitorMessage(db, data.accountId, data.visitorId, result.messageId);
    if (!message) throw new Error(`stored chat message ${result.messageId} is not visible to its visitor`);
    // The visitor's other tabs show it too.
    if (result.status === 'stored') socket.to(visitorRoom(data.accountId, data.visitorId)).emit('visitor:message', message);
    return { message, duplicate: result.status === 'duplicate' };
  });

  on('visitor:offline-message', OfflineMessageRequestSchema, async (req) => {
    await limits.take(
      [
        ['offlinePerVisitor', perVisitor],
        ['offlinePerAddress', data.address],
      ],
      'You have sent several messages already',
    );
    const account = await currentWidget(db, data.accountId);
    data.profile = { name: req.name, email: req.email };
    await ingestOfflineMessage({ db, ingest: deps.ingest }, account, data.visitorId, req);
    return { received: true as const };
  });
}
