/**
 * Collision (issue 5): who views or types in which conversation, held in memory only.
 *
 * Each console socket announces `conversation:presence` when an agent opens, types in or leaves a
 * conversation, and repeats it while she stays. The hub answers with the current watchers and
 * tells every socket viewing the same conversation (a room per conversation). A socket that
 * disconnects, or stops repeating, is forgotten. Nothing is written: after a hub restart the
 * consoles' next repetition rebuilds the picture within PRESENCE_REPEAT_MS.
 *
 * Held per hub process: with several hub nodes the rooms would need socket.io's adapter for
 * PostgreSQL, which this hub does not run yet.
 */
import type { Kysely } from 'kysely';
import type { Server } from 'socket.io';
import {
  ConversationPresenceRequestSchema,
  PRESENCE_TTL_MS,
  ROLES,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type Watchers,
} from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { canSee } from '../store/changes.js';
import type { Database } from '../store/schema.js';
import type { EventSpec, HubSocket } from './register.js';

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Bind = <E extends keyof ClientToServerEvents, S extends import('zod').ZodType>(event: E, spec: EventSpec<E, S>) => void;

interface Entry {
  userId: string;
  name: string;
  typing: boolean;
  /** Date.now() of the last announcement. */
  at: number;
}

const room = (conversationId: string) => `watch:${conversationId}`;

export interface CollisionTracker {
  /** Bind `conversation:presence` on a new console socket and forget it when it disconnects. */
  attach(socket: HubSocket, bind: Bind): void;
  stop(): void;
}

export function createCollisionTracker(io: Io, db: Kysely<Database>): CollisionTracker {
  /** conversationId → socket id → entry */
  const viewing = new Map<string, Map<string, Entry>>();

  function watchersOf(conversationId: string): Watchers['watchers'] {
    const byUser = new Map<string, Watchers['watchers'][number]>();
    for (const e of viewing.get(conversationId)?.values() ?? []) {
      const seen = byUser.get(e.userId);
      byUser.set(e.userId, { userId: e.userId, name: e.name, typing: (seen?.typing ?? false) || e.typing });
    }
    return [...byUser.values()];
  }

  function publish(conversationId: string): void {
    io.to(room(conversationId)).emit('conversation:watchers', { conversationId, watchers: watchersOf(conversationId) });
  }

  function leave(socketId: string, conversationId: string): boolean {
    const entries = viewing.get(conversationId);
    if (!entries?.delete(socketId)) return false;
    if (entries.size === 0) viewing.delete(conversationId);
    io.in(socketId).socketsLeave(room(conversationId));
    return true;
  }

  // Consoles that vanished without a disconnect (a sleeping laptop) drop out after the TTL.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [conversationId, entries] of viewing) {
      let changed = false;
      for (const [socketId, e] of entries) if (now - e.at > PRESENCE_TTL_MS) changed = leave(socketId, conversationId) || changed;
      if (changed) publish(conversationId);
    }
  }, PRESENCE_TTL_MS / 4);
  sweep.unref();

  return {
    attach(socket, bind) {
      bind('conversation:presence', {
        roles: ROLES,
        schema: ConversationPresenceRequestSchema,
        handle: async (req, { user }) => {
          if (!req.viewing) {
            if (leave(socket.id, req.conversationId)) publish(req.conversationId);
            return { watchers: watchersOf(req.conversationId) };
          }
          const row = await db
            .selectFrom('conversations')
            .select(['department_id', 'assignee_id'])
            .where('id', '=', req.conversationId)
            .executeTakeFirst();
          // One answer for "missing" and "not yours", so the event cannot probe for conversations.
          if (!row || !canSee(user, row.department_id, row.assignee_id)) {
            leave(socket.id, req.conversationId);
            throw new HubError('not_found', 'This conversation does not exist or is not in your queue', { reason: 'conversation.notVisible' });
          }
          let entries = viewing.get(req.conversationId);
          if (!entries) viewing.set(req.conversationId, (entries = new Map()));
          const before = entries.get(socket.id);
          entries.set(socket.id, { userId: user.id, name: user.name, typing: req.typing, at: Date.now() });
          await socket.join(room(req.conversationId));
          // A mere repetition tells no one anything new.
          if (!before || before.typing !== req.typing) publish(req.conversationId);
          return { watchers: watchersOf(req.conversationId) };
        },
      });
      socket.on('disconnect', () => {
        for (const conversationId of [...viewing.keys()]) if (leave(socket.id, conversationId)) publish(conversationId);
      });
    },
    stop() {
      clearInterval(sweep);
    },
  };
}
