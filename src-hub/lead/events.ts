/**
 * Socket events of the lead tools. Each is validated with zod and role-checked by `bindEvent`,
 * like every hub event: agents get `forbidden` for the lead-only ones.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  AgentProfileSchema,
  ConversationIdRequestSchema,
  LEAD_ROLES,
  LeadSettingsSchema,
  PresenceSetRequestSchema,
  ReportRequestSchema,
  ROLES,
  ShiftEndRequestSchema,
  type AgentProfile,
  type Channel,
  type ClientToServerEvents,
  type PresenceInfo,
} from '../../src-shared/index.js';
import { findSession } from '../auth/sessions.js';
import { HubError } from '../errors.js';
import { bindEvent, type EventSpec, type HubSocket } from '../realtime/register.js';
import { canSee } from '../store/changes.js';

import type { Database } from '../store/schema.js';
import { waitingItem } from './dashboard.js';
import type { LeadTools } from './index.js';
import { buildReport } from './reports.js';
import { claimConversation, fits, routableAgents, waitingInOrder } from './router.js';
import { saveLeadSettings } from './settings.js';

const Empty = z.object({}).strict();

/** The room of all sockets of one user. */
export const userRoom = (userId: string) => `lead-user:${userId}`;

export function bindLeadEvents(socket: HubSocket, ctx: { db: Kysely<Database>; tools: LeadTools; log: (msg: string, extra?: unknown) => void }): void {
  const { db, tools, log } = ctx;
  const lookupCaller = async (s: HubSocket) => {
    const token = (s as unknown as { sessionToken: string }).sessionToken;
    return (await findSession(db, token))?.user ?? null;
  };
  const bind = <E extends keyof ClientToServerEvents, S extends z.ZodType>(event: E, spec: EventSpec<E, S>) =>
    bindEvent(socket, event, spec, lookupCaller, (e, error) => log(`event ${e} failed`, error));

  bind('presence:me', { roles: ROLES, schema: Empty, handle: async (_req, { user }) => tools.presence.info(user) });
  // Her other consoles learn of the change too.
  const tell = (userId: string, info: PresenceInfo) => {
    socket.nsp.to(userRoom(userId)).emit('presence:changed', info);
    return info;
  };
  bind('presence:set', { roles: ROLES, schema: PresenceSetRequestSchema, handle: async (req, { user }) => tell(user.id, await tools.presence.set(user, req.state)) });
  bind('shift:start', { roles: ROLES, schema: Empty, handle: async (_req, { user }) => tell(user.id, await tools.presence.startShift(user)) });
  bind('shift:end', { roles: ROLES, schema: ShiftEndRequestSchema, handle: async (req, { user }) => tell(user.id, await tools.presence.endShift(user, req.handoverNote)) });

  bind('routing:next', {
    roles: ROLES,
    schema: Empty,
    handle: async (_req, { user }) => {
      const [agent] = await routableAgents(db, [user.id]);
      if (!agent) throw new HubError('forbidden', 'Your account cannot take conversations', { reason: 'routing.cannotTake' });
      const waiting = await waitingInOrder(db, tools.sla.states);
      // A few candidates in order: a colleague may take one between our read and our claim.
      for (const c of waiting.filter((w) => fits(agent, w)).slice(0, 10)) {
        const claim = await claimConversation(db, user.id, c.id);
        if (claim) {
          tools.changed();
          return { conversation: claim.conversation };
        }
      }
      return { conversation: null };
    },
  });

  bind('routing:queue', {
    roles: ROLES,
    schema: Empty,
    handle: async (_req, { user }) => {
      const waiting = await waitingInOrder(db, tools.sla.states);
      const items = waiting
        .map((w, i) => ({ w, position: i + 1 }))
        .filter(({ w }) => canSee(user, w.departmentId, null))
        .slice(0, 20)
        .map(({ w, position }) => waitingItem(w, position));
      return { waiting: waiting.length, items };
    },
  });

  bind('routing:position', {
    roles: ROLES,
    schema: ConversationIdRequestSchema,
    handle: async (req, { user }) => {
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', req.conversationId).executeTakeFirst();
      if (!row || !canSee(user, row.department_id, row.assignee_id)) throw new HubError('not_found', 'No such conversation in your view', { reason: 'routing.noSuchConversation' });
      const waiting = await waitingInOrder(db, tools.sla.states);
      const index = waiting.findIndex((w) => w.id === req.conversationId);
      return { position: index < 0 ? null : index + 1, waiting: waiting.length };
    },
  });

  bind('lead:dashboard', { roles: LEAD_ROLES, schema: Empty, handle: async () => tools.dashboard() });

  bind('lead:profiles', {
    roles: LEAD_ROLES,
    schema: Empty,
    handle: async () => {
      const rows = await db
        .selectFrom('users as u')
        .leftJoin('agent_profiles as p', 'p.user_id', 'u.id')
        .select(['u.id', 'p.channels', 'p.languages', 'p.topics', 'p.capacity', 'p.default_capacity'])
        .where('u.disabled', '=', false)
        .execute();
      const profiles: AgentProfile[] = rows.map((r) => ({
        userId: r.id,
        channels: r.channels ?? [],
        languages: r.languages ?? [],
        topics: r.topics ?? [],
        capacity: (r.capacity as Partial<Record<Channel, number>> | null) ?? {},
        defaultCapacity: r.default_capacity ?? 5,
      }));
      return { profiles };
    },
  });

  bind('lead:profile-save', {
    roles: LEAD_ROLES,
    schema: AgentProfileSchema,
    handle: async (req) => {
      const user = await db.selectFrom('users').select('id').where('id', '=', req.userId).executeTakeFirst();
      if (!user) throw new HubError('not_found', 'That colleague does not exist', { reason: 'lead.noSuchColleague' });
      const values = {
        channels: req.channels,
        languages: req.languages,
        topics: req.topics,
        capacity: JSON.stringify(req.capacity),
        default_capacity: req.defaultCapacity,
        updated_at: new Date(),
      };
      await db
        .insertInto('agent_profiles')
        .values({ user_id: req.userId, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
      tools.changed();
      return { profile: req };
    },
  });

  bind('lead:settings', { roles: LEAD_ROLES, schema: Empty, handle: async () => tools.settings() });
  bind('lead:settings-save', {
    roles: LEAD_ROLES,
    schema: LeadSettingsSchema,
    handle: async (req, { user }) => {
      const saved = await saveLeadSettings(db, user, req);
      tools.invalidateSettings();
      await tools.sweep();
      return saved;
    },
  });

  bind('lead:report', { roles: LEAD_ROLES, schema: ReportRequestSchema, handle: async (req) => buildReport(db, req) });
}
