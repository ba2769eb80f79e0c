/**
 * socket.io server for consoles: token handshake, per-event role checks, and sync pokes.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  AssignRequestSchema,
  BootstrapPlanRequestSchema,
  BootstrapRequestSchema,
  IdSchema,
  LEAD_ROLES,
  MutationBatchRequestSchema,
  PROTOCOL_VERSION,
  ROLES,
  SendReplyRequestSchema,
  SetStatusRequestSchema,
  SyncPullRequestSchema,
  TransferRequestSchema,
  UntagRequestSchema,
  SnoozeRequestSchema,
  SaveCannedRequestSchema,
  DeleteCannedRequestSchema,
  type ClientToServerEvents,
  type MutationBatchResult,
  type ServerToClientEvents,
  type Refusal,
  type SocketData,
  type User,
} from '../../src-shared/index.js';
import { findSession } from '../auth/sessions.js';
import { runMutationBatch } from '../conversations/batch.js';
import { applyUntag } from '../conversations/collaboration.js';
import { applySnooze } from '../conversations/snooze.js';
import { deleteCanned, saveCanned } from '../conversations/canned.js';
import { runMutation } from '../conversations/mutations.js';
import { assignConversation, sendReply, setConversationStatus, transferConversation } from '../conversations/service.js';
import { HubError } from '../errors.js';
import { queueStats } from '../conversations/queue-stats.js';
import { changeLogFloor, changesAfter, headSyncId } from '../store/changes.js';
import { bootstrapPage, bootstrapPlan, conversationSnapshot, queueSnapshot } from '../store/snapshot.js';
import type { Database } from '../store/schema.js';
import type { DemoTarget } from '../demo/traffic.js';
import { bindChannelAdminEvents } from '../channels/admin-events.js';
import { bindCustomerEvents } from '../customers/events.js';
import { bindTelephonyEvents } from '../telephony/events.js';
import { startCallbackEscalation } from '../telephony/escalation.js';
import { createPokeFeed } from './poke-feed.js';
import { createCollisionTracker } from './collision.js';
import { bindEvent, type EventSpec, type HubSocket } from './register.js';

export interface RealtimeOptions {
  db: Kysely<Database>;
  allowedOrigins: string[];
  demoInject: ((target: DemoTarget) => Promise<{ conversationId: string; messageId: string }>) | null;
  /** Called after anything was committed (a reply may be waiting for delivery). */
  onPoke?: (head: number) => void;
  /** How often overdue callbacks are escalated to the leads (default 30 s). */
  callbackSweepMs?: number;
  log: (msg: string, extra?: unknown) => void;
}

export interface Realtime {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  /** Tell every console that the change log grew. */
  poke(head: number): void;
  /** Disconnect every socket of a revoked session. */
  /** Tell a session's consoles why they are signed out (the English text and its reason key), and drop them. */
  revokeSession(sessionId: string, reason: Refusal): void;
  close(): Promise<void>;
}

const STAFF_ROOM = 'staff';
const sessionRoom = (id: string) => `session:${id}`;

export function createRealtime(httpServer: HttpServer, options: RealtimeOptions): Realtime {
  const { db, log } = options;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    cors: { origin: options.allowedOrigins, credentials: false },
    maxHttpBufferSize: 1_000_000,
    serveClient: false,
  });

  io.use(async (socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token === '') {
      return next(Object.assign(new Error('unauthenticated'), { data: { message: 'Sign in first: no session token was sent' } }));
    }
    try {
      const session = await findSession(db, token);
      if (!session) {
        return next(Object.assign(new Error('unauthenticated'), { data: { message: 'Your session is invalid or has expired. Please sign in again.', reason: { key: 'session.expired' } } }));
      }
      socket.data = { userId: session.user.id, role: session.user.role, sessionId: session.id };
      (socket as unknown as { sessionToken: string }).sessionToken = token;
      next();
    } catch (error) {
      log('handshake failed', error);
      next(Object.assign(new Error('unavailable'), { data: { message: 'The hub cannot check your session right now' } }));
    }
  });

  // Re-checked on every event so that logout, expiry or a disabled account take effect at once,
  // and role changes apply without reconnecting.
  const lookupCaller = async (socket: HubSocket): Promise<User | null> => {
    const token = (socket as unknown as { sessionToken: string }).sessionToken;
    const session = await findSession(db, token);
    return session?.user ?? null;
  };
  const onError = (event: string, error: unknown) => log(`event ${event} failed`, error);

  const collision = createCollisionTracker(io, db);

  io.on('connection', (socket) => {
    // A screen's request-only socket (`auth.sync: false`) gets no sync pokes: the console's sync
    // runner already receives them, and every poke batch would be decoded once more per socket.
    const wantsPokes = (socket.handshake.auth as { sync?: unknown } | undefined)?.sync !== false;
    void socket.join(wantsPokes ? [STAFF_ROOM, sessionRoom(socket.data.sessionId)] : [sessionRoom(socket.data.sessionId)]);
    const bind = <E extends keyof ClientToServerEvents, S extends z.ZodType>(event: E, spec: EventSpec<E, S>) =>
      bindEvent(socket, event, spec, lookupCaller, onError);

    bind('hello', {
      roles: ROLES,
      schema: z.object({ protocolVersion: z.number().int() }),
      handle: async (req, { user }) => {
        if (req.protocolVersion !== PROTOCOL_VERSION) {
          throw new HubError(
            'protocol_mismatch',
            `This console speaks protocol ${req.protocolVersion}, the hub speaks ${PROTOCOL_VERSION}. Please update the console.`,
            { reason: 'protocolMismatch', params: { console: req.protocolVersion, hub: PROTOCOL_VERSION } },
          );
        }
        return { protocolVersion: PROTOCOL_VERSION, user, head: await headSyncId(db) };
      },
    });

    bind('sync:pull', {
      roles: ROLES,
      schema: SyncPullRequestSchema,
      handle: async (req, { user }) => {
        const floor = await changeLogFloor(db);
        if (req.cursor < floor) {
          throw new HubError('cursor_expired', 'This console was offline longer than the hub keeps changes; it reloads its cache.', { reason: 'cursorExpired' });
        }
        return changesAfter(db, req.cursor, req.limit, user);
      },
    });

    bind('sync:bootstrap', {
      roles: ROLES,
      schema: BootstrapRequestSchema,
      handle: async (req, { user }) => (req.phase === 'queue' ? queueSnapshot(db, user, req.limit) : bootstrapPage(db, user, req.page)),
    });

    bind('sync:plan', {
      roles: ROLES,
      schema: BootstrapPlanRequestSchema,
      handle: async (req, { user }) => bootstrapPlan(db, user, req.pageSize),
    });

    bind('sync:conversation', {
      roles: ROLES,
      schema: z.object({ conversationId: IdSchema }),
      handle: async (req, { user }) => conversationSnapshot(db, user, req.conversationId),
    });

    bind('message:send', {
      roles: ROLES,
      schema: SendReplyRequestSchema,
      handle: async (req, { user }) => {
        const { result, head } = await sendReply(db, user, req);
        if (head) poke(head);
        return result;
      },
    });

    bind('conversation:assign', {
      roles: ROLES,
      schema: AssignRequestSchema,
      handle: async (req, { user }) => {
        const { result, head } = await assignConversation(db, user, req);
        if (head) poke(head);
        return result;
      },
    });

    bind('conversation:set-status', {
      roles: ROLES,
      schema: SetStatusRequestSchema,
      handle: async (req, { user }) => {
        const { result, head } = await setConversationStatus(db, user, req);
        if (head) poke(head);
        return result;
      },
    });

    bind('conversation:transfer', {
      roles: ROLES,
      schema: TransferRequestSchema,
      handle: async (req, { user }) => {
        const { result, head } = await transferConversation(db, user, req);
        if (head) poke(head);
        return result;
      },
    });

    bind('canned:save', {
      roles: LEAD_ROLES,
      schema: SaveCannedRequestSchema,
      handle: async (req, { user }) => {
        const { canned, head } = await saveCanned(db, user, req);
        if (head) poke(head);
        return { canned };
      },
    });

    bind('canned:delete', {
      roles: LEAD_ROLES,
      schema: DeleteCannedRequestSchema,
      handle: async (req, { user }) => {
        const { canned, head } = await deleteCanned(db, user, req);
        if (head) poke(head);
        return { canned };
      },
    });

    bind('conversation:untag', {
      roles: ROLES,
      schema: UntagRequestSchema,
      handle: async (req, { user }) => {
        const { result, head } = await runMutation(db, user, req, 'conversation:untag', (ctx) => applyUntag(ctx, req));
        if (head) poke(head);
        return result;
      },
    });

    bind('conversation:snooze', {
      roles: ROLES,
      schema: SnoozeRequestSchema,
      handle: async (req, { user }) => {
        const { result, head } = await runMutation(db, user, req, 'conversation:snooze', (ctx) => applySnooze(ctx, req));
        if (head) poke(head);
        return result;
      },
    });

    // The outbox's batch: the envelope is checked here, each item's payload and role by
    // runMutationBatch with the same schema and roles as its single event above.
    bind('mutation:batch', {
      roles: ROLES,
      schema: MutationBatchRequestSchema,
      handle: async (req, { user }) => {
        const { results, head, failure } = await runMutationBatch(db, user, req.mutations);
        if (failure !== null && !(failure instanceof HubError)) onError('mutation:batch', failure);
        if (head) poke(head);
        return { results } as MutationBatchResult;
      },
    });

    collision.attach(socket, bind);
    bindChannelAdminEvents(bind, db);
    bindCustomerEvents(bind, db, poke);
    bindTelephonyEvents(bind, db, poke);

    bind('queue:stats', {
      roles: LEAD_ROLES,
      schema: z.object({}).strict(),
      handle: async () => queueStats(db),
    });

    bind('demo:inject', {
      roles: LEAD_ROLES,
      schema: z.object({ channel: z.string().max(32).optional(), conversationId: IdSchema.optional() }),
      handle: async (req) => {
        if (!options.demoInject) throw new HubError('forbidden', 'The traffic generator runs only in demo mode');
        return options.demoInject(req);
      },
    });
  });

  // Pokes carry small commits' changes, filtered per viewer and emitted in log order.
  const feed = createPokeFeed(io, db, STAFF_ROOM, log);

  function poke(head: number): void {
    options.onPoke?.(head);
    feed.announce(head);
  }

  const escalation = startCallbackEscalation(db, poke, log, options.callbackSweepMs ?? 30_000);

  return {
    io,
    poke,
    revokeSession(sessionId, reason) {
      io.to(sessionRoom(sessionId)).emit('session:revoked', { reason: reason.message, hubReason: { key: reason.key, ...(reason.params ? { params: reason.params } : {}) } });
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    close: async () => {
      await escalation.stop();
      collision.stop();
      // The feed reads the log; let it finish before the database goes away.
      await feed.idle();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
