/**
 * The agent typing indicator: console event `chat:typing` {conversationId, typing}, relayed to the
 * visitor's widget.
 *
 * Bound on every console socket of the hub's main namespace, through the same `bindEvent` as the
 * console's other events (zod, role check, ack). The agent must be allowed to see the
 * conversation (the team visibility rule); a conversation she may not see answers `not_found`
 * like one that does not exist, so the event cannot probe for conversations.
 */
import type { Kysely } from 'kysely';
import { ChatTypingRequestSchema, ROLES, type User } from '../../../src-shared/index.js';
import { findSession } from '../../auth/sessions.js';
import { HubError } from '../../errors.js';
import { bindEvent, type HubSocket } from '../../realtime/register.js';
import type { Realtime } from '../../realtime/server.js';
import { canSee } from '../../store/changes.js';
import type { Database } from '../../store/schema.js';
import { agentDisplayName } from './visitor-store.js';
import { visitorIdOf } from './visitor-token.js';
import { visitorRoom, type VisitorNamespace } from './visitor-namespace.js';

export function bindChatTyping(realtime: Realtime, visitors: VisitorNamespace, db: Kysely<Database>, log: (msg: string, extra?: unknown) => void): void {
  // Checked on every event, like the console's own events: logout or a disabled account apply at once.
  const lookupCaller = async (socket: HubSocket): Promise<User | null> => {
    const token: unknown = socket.handshake.auth?.token;
    return typeof token === 'string' ? ((await findSession(db, token))?.user ?? null) : null;
  };
  realtime.io.on('connection', (socket) => {
    bindEvent(
      socket,
      'chat:typing',
      {
        roles: ROLES,
        schema: ChatTypingRequestSchema,
        handle: async (req, { user }) => {
          const row = await db
            .selectFrom('conversations')
            .innerJoin('identities', 'identities.id', 'conversations.identity_id')
            .select(['conversations.channel', 'conversations.department_id', 'conversations.assignee_id', 'conversations.channel_account_id', 'identities.provider_user_id'])
            .where('conversations.id', '=', req.conversationId)
            .executeTakeFirst();
          if (!row || !canSee(user, row.department_id, row.assignee_id)) throw new HubError('not_found', 'This conversation does not exist or is not in your queue', { reason: 'conversation.notVisible' });
          const visitorId = visitorIdOf(row.provider_user_id);
          if (row.channel !== 'chat' || visitorId === null || row.channel_account_id === null) {
            throw new HubError('bad_request', 'Typing is shown only in website chat conversations');
          }
          const room = visitorRoom(row.channel_account_id, visitorId);
          visitors.to(room).emit('visitor:typing', { typing: req.typing, agentName: agentDisplayName(user.name) });
          return { relayed: visitors.adapter.rooms.get(room)?.size ?? 0 };
        },
      },
      lookupCaller,
      (event, error) => log(`event ${event} failed`, error),
    );
  });
}
