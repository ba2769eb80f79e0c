/**
 * Reports over a date range, per agent, department or channel: handle time (process duration),
 * touches (process depth), first-response time and channel switches.
 *
 * Built from `work_events`, which database triggers write for every reply, note, close and
 * channel change (migration 0030), so the figures cover every path that changes a conversation.
 * - Handle time: the first customer message to each close in the range.
 * - Touches: replies and notes in the range, per conversation touched.
 * - First response: the first customer message to the first reply, for first replies in the range.
 * - Channel switches: changes of a conversation's channel in the range.
 */
import { sql, type Kysely } from 'kysely';
import type { Report, ReportRequest, ReportRow } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import type { Database } from '../store/schema.js';

/** A report reads at most this many events; a wider range must be split. */
const MAX_EVENTS = 500_000;

interface Acc {
  conversations: Set<string>;
  touched: Set<string>;
  touches: number;
  handle: number[];
  firstResponse: number[];
  switches: number;
}

const avg = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Compute a report. */
export async function buildReport(db: Kysely<Database>, req: ReportRequest): Promise<Report> {
  const from = new Date(req.from);
  const to = new Date(req.to);
  const events = await db
    .selectFrom('work_events as e')
    .innerJoin('conversations as c', 'c.id', 'e.conversation_id')
    .select(['e.conversation_id', 'e.user_id', 'e.kind', 'e.channel', 'e.department_id', 'e.at'])
    // The first customer message (it may predate the conversation row: a mail's receipt time).
    .select(sql<Date>`coalesce((select min(m.created_at) from messages m where m.conversation_id = e.conversation_id and m.direction = 'inbound'), c.created_at)`.as('created_at'))
    .select(sql<Date | null>`(select min(f.at) from work_events f where f.conversation_id = e.conversation_id and f.kind = 'reply')`.as('first_reply_at'))
    .where('e.at', '>=', from)
    .where('e.at', '<', to)
    .where('e.kind', 'in', ['reply', 'note', 'closed', 'channel_switch'])
    .limit(MAX_EVENTS + 1)
    .execute();
  if (events.length > MAX_EVENTS) throw new HubError('bad_request', 'This range holds too much activity for one report; choose a shorter range.', { reason: 'report.tooMuch' });
  const groups = new Map<string, Acc>();
  for (const e of events) {
    const key = req.groupBy === 'agent' ? (e.user_id ?? '') : req.groupBy === 'department' ? e.department_id : e.channel;
    const acc = groups.get(key) ?? { conversations: new Set(), touched: new Set(), touches: 0, handle: [], firstResponse: [], switches: 0 };
    groups.set(key, acc);
    acc.conversations.add(e.conversation_id);
    const at = new Date(e.at).getTime();
    const created = new Date(e.created_at).getTime();
    if (e.kind === 'reply' || e.kind === 'note') {
      acc.touches++;
      acc.touched.add(e.conversation_id);
      if (e.kind === 'reply' && e.first_reply_at && new Date(e.first_reply_at).getTime() === at) acc.firstResponse.push((at - created) / 60_000);
    } else if (e.kind === 'closed') {
      acc.handle.push((at - created) / 60_000);
    } else {
      acc.switches++;
    }
  }
  const names = new Map<string, string>();
  if (req.groupBy === 'agent') {
    const ids = [...groups.keys()].filter(Boolean);
    if (ids.length > 0) for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(u.id, u.name);
  }
  const rows: ReportRow[] = [...groups].map(([key, acc]) => ({
    key,
    label: req.groupBy === 'agent' ? (names.get(key) ?? '(no agent)') : key,
    conversations: acc.conversations.size,
    avgHandleMinutes: avg(acc.handle),
    avgTouches: acc.touched.size === 0 ? null : acc.touches / acc.touched.size,
    avgFirstResponseMinutes: avg(acc.firstResponse),
    channelSwitches: acc.switches,
  }));
  rows.sort((a, b) => b.conversations - a.conversations || a.label.localeCompare(b.label));
  return { from: from.toISOString(), to: to.toISOString(), groupBy: req.groupBy, rows };
}
