/**
 * Socket events of the phone switch: the four call/callback mutations as single events (the
 * outbox sends them in `mutation:batch`, see batch.ts), click-to-dial, settings and the report.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  CallReportRequestSchema,
  DialRequestSchema,
  LEAD_ROLES,
  LogCallRequestSchema,
  ROLES,
  ScheduleCallbackRequestSchema,
  TelephonySettingsSchema,
  UpdateCallbackRequestSchema,
  UpdateCallRequestSchema,
  type CallReport,
  type ClientToServerEvents,
} from '../../src-shared/index.js';
import { runMutation } from '../conversations/mutations.js';
import { HubError } from '../errors.js';
import { canSee } from '../store/changes.js';
import type { EventSpec } from '../realtime/register.js';
import type { Database } from '../store/schema.js';
import { clickToDial } from './dial.js';
import { applyLogCall, applyScheduleCallback, applyUpdateCallback, applyUpdateCall } from './service.js';
import { loadTelephonySettings, saveTelephonySettings, settingsView } from './settings.js';

type Bind = <E extends keyof ClientToServerEvents, S extends z.ZodType>(event: E, spec: EventSpec<E, S>) => void;

/** Channel switches to the phone and callbacks in [from, to), for leads' reporting. */
export async function callReport(db: Kysely<Database>, from: Date, to: Date): Promise<CallReport> {
  const calls = await db
    .selectFrom('messages')
    .select([
      sql<string>`channel_meta->'call'->>'fromChannel'`.as('from_channel'),
      sql<string>`channel_meta->'call'->>'outcome'`.as('outcome'),
      sql<string>`channel_meta->'call'->>'reason'`.as('reason'),
    ])
    .where(sql<boolean>`channel_meta ? 'call'`)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  const count = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
  const reasons = count(calls.map((c) => c.reason.trim() || '(no reason given)'));
  const callbacks = await db
    .selectFrom('callbacks')
    .select(['status', sql<number>`count(*)::int`.as('n'), sql<number>`count(escalated_at)::int`.as('escalated')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('status')
    .execute();
  const byStatus = Object.fromEntries(callbacks.map((r) => [r.status, Number(r.n)]));
  return {
    calls: calls.length,
    byFromChannel: count(calls.map((c) => c.from_channel)),
    byOutcome: count(calls.map((c) => c.outcome)),
    byReason: Object.entries(reasons)
      .map(([reason, n]) => ({ reason, count: n }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 20),
    callbacks: {
      open: byStatus.open ?? 0,
      done: byStatus.done ?? 0,
      cancelled: byStatus.cancelled ?? 0,
      escalated: callbacks.reduce((n, r) => n + Number(r.escalated), 0),
    },
  };
}

/** Bind the phone-switch events on one console socket; `poke` announces committed changes. */
export function bindTelephonyEvents(bind: Bind, db: Kysely<Database>, poke: (head: number) => void): void {
  bind('call:log', {
    roles: ROLES,
    schema: LogCallRequestSchema,
    handle: async (req, { user }) => {
      const { result, head } = await runMutation(db, user, req, 'call:log', (ctx) => applyLogCall(ctx, req));
      if (head) poke(head);
      return result;
    },
  });
  bind('call:update', {
    roles: ROLES,
    schema: UpdateCallRequestSchema,
    handle: async (req, { user }) => {
      const { result, head } = await runMutation(db, user, req, 'call:update', (ctx) => applyUpdateCall(ctx, req));
      if (head) poke(head);
      return result;
    },
  });
  bind('callback:schedule', {
    roles: ROLES,
    schema: ScheduleCallbackRequestSchema,
    handle: async (req, { user }) => {
      const { result, head } = await runMutation(db, user, req, 'callback:schedule', (ctx) => applyScheduleCallback(ctx, req));
      if (head) poke(head);
      return result;
    },
  });
  bind('callback:update', {
    roles: ROLES,
    schema: UpdateCallbackRequestSchema,
    handle: async (req, { user }) => {
      const { result, head } = await runMutation(db, user, req, 'callback:update', (ctx) => applyUpdateCallback(ctx, req));
      if (head) poke(head);
      return result;
    },
  });
  bind('call:dial', {
    roles: ROLES,
    schema: DialRequestSchema,
    handle: async (req, { user }) => {
      // Only for a conversation the agent may see: the PBX must not become a free dialler.
      const conversation = await db.selectFrom('conversations').selectAll().where('id', '=', req.conversationId).executeTakeFirst();
      if (!conversation || !canSee(user, conversation.department_id, conversation.assignee_id)) {
        throw new HubError('not_found', 'This conversation does not exist or is not yours to see', { reason: 'conversation.notVisible' });
      }
      const settings = await loadTelephonySettings(db);
      if (!settings.clickToDial) throw new HubError('bad_request', 'No click-to-dial system is configured; dial with your softphone', { reason: 'telephony.noClickToDial' });
      return clickToDial(settings.clickToDial, { number: req.number, ext: req.ext, agent: user.email });
    },
  });
  bind('telephony:settings', {
    roles: ROLES,
    schema: z.object({}).strict(),
    handle: async (_req, { user }) => settingsView(await loadTelephonySettings(db), user.role),
  });
  bind('telephony:save-settings', {
    roles: ['admin'],
    schema: TelephonySettingsSchema,
    handle: async (req, { user }) => settingsView(await saveTelephonySettings(db, user, req), user.role),
  });
  bind('calls:report', {
    roles: LEAD_ROLES,
    schema: CallReportRequestSchema,
    handle: async (req) => callReport(db, new Date(req.from), new Date(req.to)),
  });
}
