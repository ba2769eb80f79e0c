/**
 * Wire schemas of the team-lead tools: presence and shifts, routing, SLA settings, the live
 * dashboard, early warnings and reports. Requests are parsed by the hub; the dashboard, alerts and
 * reports are parsed by the console before it shows them.
 */
import { z } from 'zod';
import { CHANNELS, DEPARTMENTS, ROLES } from '../domain/types.js';
import { SLA_KINDS, SlaSettingsSchema } from '../domain/sla.js';

const Id = z.uuid();
const Timestamp = z.iso.datetime({ offset: true });
const Channel = z.enum(CHANNELS);
const Department = z.enum(DEPARTMENTS);

/** What an agent sets; `offline` is also what the hub says when no console of hers is connected. */
export const PRESENCE_STATES = ['available', 'busy', 'away', 'offline'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export const PresenceSetRequestSchema = z.object({ state: z.enum(['available', 'busy', 'away']) }).strict();
export const ShiftEndRequestSchema = z.object({ handoverNote: z.string().trim().max(4000).default('') }).strict();

export const HandoverSchema = z.object({ userId: Id, name: z.string(), endedAt: Timestamp, note: z.string() });

export const PresenceInfoSchema = z.object({
  /** What the agent chose. */
  chosen: z.enum(PRESENCE_STATES),
  /** What routing uses: `offline` when none of her consoles is connected. */
  effective: z.enum(PRESENCE_STATES),
  connected: z.boolean(),
  shift: z.object({ id: Id, startedAt: Timestamp }).nullable(),
  /** Hand-over notes colleagues of her departments left at their last shift ends (last 24 h). */
  handovers: z.array(HandoverSchema),
});
export type PresenceInfo = z.infer<typeof PresenceInfoSchema>;

export const ConversationIdRequestSchema = z.object({ conversationId: Id }).strict();

export const QueuePositionSchema = z.object({
  /** 1-based place in the routing order of the waiting, unassigned conversations; null when not waiting. */
  position: z.number().int().positive().nullable(),
  waiting: z.number().int().nonnegative(),
});
export type QueuePosition = z.infer<typeof QueuePositionSchema>;

const CapacitySchema = z.partialRecord(Channel, z.number().int().min(0).max(100));

/** Skills and capacity of one agent, saved by a lead. Empty skill lists mean "any". */
export const AgentProfileSchema = z.object({
  userId: Id,
  channels: z.array(Channel).max(CHANNELS.length),
  languages: z.array(z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'Use a language code like de or en')).max(20),
  topics: z.array(z.string().trim().toLowerCase().min(2).max(50)).max(50),
  /** Open conversations per channel; channels not listed use `defaultCapacity`. */
  capacity: CapacitySchema,
  defaultCapacity: z.number().int().min(0).max(100),
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;

/** Lead-editable hub settings. */
export const LeadSettingsSchema = z.object({
  sla: SlaSettingsSchema,
  /** After an agent went offline or ended her shift, her open work returns to the queue after this. */
  handbackGraceMinutes: z.number().min(0).max(24 * 60),
  /** Whether the hub assigns waiting conversations to available agents by itself. */
  autoAssign: z.boolean(),
});
export type LeadSettings = z.infer<typeof LeadSettingsSchema>;

export const QueueCellSchema = z.object({
  channel: Channel,
  departmentId: Department,
  open: z.number().int(),
  waiting: z.number().int(),
  oldestWaitingSince: Timestamp.nullable(),
});

export const SlaItemSchema = z.object({
  conversationId: Id,
  kind: z.enum(SLA_KINDS),
  state: z.enum(['warning', 'breached']),
  dueAt: Timestamp.nullable(),
  channel: Channel,
  departmentId: Department,
  assigneeId: Id.nullable(),
  snippet: z.string(),
});
export type SlaItem = z.infer<typeof SlaItemSchema>;

export const AgentRowSchema = z.object({
  userId: Id,
  name: z.string(),
  role: z.enum(ROLES),
  departments: z.array(Department),
  state: z.enum(PRESENCE_STATES),
  connected: z.boolean(),
  shiftStartedAt: Timestamp.nullable(),
  load: z.number().int(),
  capacity: z.number().int(),
  conversations: z.array(z.object({ id: Id, channel: Channel, snippet: z.string(), waitingSince: Timestamp.nullable() })),
});
export type AgentRow = z.infer<typeof AgentRowSchema>;

export const WaitingRowSchema = z.object({
  conversationId: Id,
  position: z.number().int().positive(),
  channel: Channel,
  departmentId: Department,
  priority: z.number().int(),
  sentiment: z.number().int(),
  vip: z.boolean(),
  slaState: z.enum(['ok', 'warning', 'breached']),
  waitingSince: Timestamp,
  snippet: z.string(),
});
export type WaitingRow = z.infer<typeof WaitingRowSchema>;

export const RoutingQueueSchema = z.object({ waiting: z.number().int().nonnegative(), items: z.array(WaitingRowSchema) });

export const AlertSchema = z.object({
  id: Id,
  kind: z.enum(['volume_spike', 'negative_spike']),
  topic: z.string(),
  createdAt: Timestamp,
  summary: z.string(),
  messages: z.array(z.object({ messageId: Id, conversationId: Id, body: z.string(), at: Timestamp })).max(50),
});
export type Alert = z.infer<typeof AlertSchema>;

export const DashboardSchema = z.object({
  generatedAt: Timestamp,
  /** Newest inbound message the figures include (what "live" is measured against). */
  latestInboundAt: Timestamp.nullable(),
  queues: z.array(QueueCellSchema),
  sla: z.object({ atRisk: z.number().int(), breached: z.number().int(), items: z.array(SlaItemSchema) }),
  agents: z.array(AgentRowSchema),
  today: z.object({
    inbound: z.number().int(),
    replies: z.number().int(),
    closed: z.number().int(),
    /** Share of conversations the customer wrote in today that have been answered since (null: none). */
    responseRate: z.number().min(0).max(1).nullable(),
  }),
  waiting: z.array(WaitingRowSchema),
  history: z.object({
    bucketMinutes: z.number().int(),
    buckets: z.array(z.object({ at: Timestamp, inbound: z.number().int(), replies: z.number().int(), waiting: z.number().int().nullable() })),
  }),
  alerts: z.array(AlertSchema),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const REPORT_GROUPS = ['agent', 'department', 'channel'] as const;
export const ReportRequestSchema = z
  .object({ from: Timestamp, to: Timestamp, groupBy: z.enum(REPORT_GROUPS) })
  .strict()
  .refine((r) => Date.parse(r.to) > Date.parse(r.from), 'The range must end after it starts')
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, 'A report covers at most 400 days');
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

export const ReportRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  conversations: z.number().int(),
  /** Process duration: first customer message to close (closed conversations only). */
  avgHandleMinutes: z.number().nullable(),
  /** Process depth: replies and notes per conversation. */
  avgTouches: z.number().nullable(),
  avgFirstResponseMinutes: z.number().nullable(),
  channelSwitches: z.number().int(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

export const ReportSchema = z.object({
  from: Timestamp,
  to: Timestamp,
  groupBy: z.enum(REPORT_GROUPS),
  rows: z.array(ReportRowSchema),
});
export type Report = z.infer<typeof ReportSchema>;

const CSV_COLUMNS: [keyof ReportRow, string][] = [
  ['label', 'Group'],
  ['conversations', 'Conversations'],
  ['avgHandleMinutes', 'Avg handle time (min)'],
  ['avgTouches', 'Avg touches'],
  ['avgFirstResponseMinutes', 'Avg first response (min)'],
  ['channelSwitches', 'Channel switches'],
];

/**
 * A report as CSV (RFC 4180, CRLF). Cells that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or CR) get a leading apostrophe: agent names are user-controlled.
 */
export function reportToCsv(report: Report): string {
  const cell = (value: unknown): string => {
    let text = value === null || value === undefined ? '' : typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.map(([, title]) => cell(title)).join(',')];
  for (const row of report.rows) lines.push(CSV_COLUMNS.map(([key]) => cell(row[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
