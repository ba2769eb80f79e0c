/**
 * SLA policies and timers: first-response, next-response and resolution targets per channel and
 * priority class, counted in service minutes of a calendar (see business-time.ts).
 */
import { z } from 'zod';
import { CHANNELS, type Channel } from './types.js';
import { addBusinessMinutes, ServiceCalendarSchema, type ServiceCalendar } from './business-time.js';

export const SLA_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];

export const SLA_KINDS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

const Minutes = z.number().int().min(1).max(60 * 24 * 365);

/** One policy; `*` matches any channel or priority. The most specific match wins. */
export const SlaPolicySchema = z.object({
  channel: z.union([z.enum(CHANNELS), z.literal('*')]),
  priority: z.union([z.enum(SLA_PRIORITIES), z.literal('*')]),
  firstResponseMinutes: Minutes,
  nextResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

export const SlaSettingsSchema = z.object({
  calendar: ServiceCalendarSchema,
  /** A timer warns once this share of its target has passed. */
  warnAtPercent: z.number().int().min(1).max(99).default(80),
  policies: z.array(SlaPolicySchema).min(1).max(200),
});
export type SlaSettings = z.infer<typeof SlaSettingsSchema>;

/** Urgent from 80, high from 50, normal from 10 (the hub's 0–100 priority, e.g. a Social Customer Score). */
export function slaPriorityOf(priority: number, vip = false): SlaPriority {
  if (priority >= 80) return 'urgent';
  if (priority >= 50 || vip) return 'high';
  if (priority >= 10) return 'normal';
  return 'low';
}

/** The policy for a channel and class: exact match first, then channel-only, priority-only, catch-all. */
export function policyFor(policies: readonly SlaPolicy[], channel: Channel, priority: SlaPriority): SlaPolicy | null {
  const rank = (p: SlaPolicy) => (p.channel === channel ? 2 : p.channel === '*' ? 0 : -10) + (p.priority === priority ? 1 : p.priority === '*' ? 0 : -10);
  let best: SlaPolicy | null = null;
  let bestRank = -1;
  for (const p of policies) {
    const r = rank(p);
    if (r >= 0 && r > bestRank) {
      best = p;
      bestRank = r;
    }
  }
  return best;
}

/** What the timers need to know about a conversation. */
export interface SlaSubject {
  createdAt: Date;
  /** The first reply to the customer, if any. */
  firstResponseAt: Date | null;
  /** Since when the customer waits for an answer (null: nobody is waiting). */
  waitingSince: Date | null;
  closed: boolean;
}

export type SlaTimerState = 'ok' | 'warning' | 'breached';

export interface SlaTimer {
  kind: SlaKind;
  state: SlaTimerState;
  targetMinutes: number;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date | null;
}

/** Adds service minutes; a cache may be passed so repeated sweeps over the same timers stay cheap. */
export type AddMinutes = (from: Date, minutes: number) => Date | null;

/** A memoising `AddMinutes` for one calendar (timer starts do not move, so answers never go stale). */
export function cachedAddMinutes(calendar: ServiceCalendar, maxEntries = 200_000): AddMinutes {
  const cache = new Map<string, Date | null>();
  return (from, minutes) => {
    const key = `${from.getTime()}|${minutes}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = addBusinessMinutes(calendar, from, minutes);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/**
 * The running timers of a conversation at `now`.
 *
 * First response runs from creation until the first reply; next response from the moment the
 * customer started waiting again (after a first reply); resolution from creation until closed.
 * A stopped timer is not returned: what was met or missed is recorded when it happens.
 */
export function slaTimers(subject: SlaSubject, policy: SlaPolicy, warnAtPercent: number, add: AddMinutes, now: Date): SlaTimer[] {
  if (subject.closed) return [];
  const timers: SlaTimer[] = [];
  const run = (kind: SlaKind, startedAt: Date, targetMinutes: number) => {
    const dueAt = add(startedAt, targetMinutes);
    const warnAt = add(startedAt, (targetMinutes * warnAtPercent) / 100);
    const t = now.getTime();
    const state: SlaTimerState = dueAt && t >= dueAt.getTime() ? 'breached' : warnAt && t >= warnAt.getTime() ? 'warning' : 'ok';
    timers.push({ kind, state, targetMinutes, startedAt, warnAt, dueAt });
  };
  if (!subject.firstResponseAt) run('first_response', subject.createdAt, policy.firstResponseMinutes);
  else if (subject.waitingSince) run('next_response', subject.waitingSince, policy.nextResponseMinutes);
  run('resolution', subject.createdAt, policy.resolutionMinutes);
  return timers;
}

/** The worst state among timers: breached over warning over ok. */
export function worstState(timers: readonly SlaTimer[]): SlaTimerState {
  if (timers.some((t) => t.state === 'breached')) return 'breached';
  if (timers.some((t) => t.state === 'warning')) return 'warning';
  return 'ok';
}

/** Defaults for a new hub: Mon–Fri 08:00–20:00, Sat 09:00–14:00 in Berlin; tighter on chat and social. */
export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  calendar: {
    hours: {
      timeZone: 'Europe/Berlin',
      days: {
        mon: [['08:00', '20:00']],
        tue: [['08:00', '20:00']],
        wed: [['08:00', '20:00']],
        thu: [['08:00', '20:00']],
        fri: [['08:00', '20:00']],
        sat: [['09:00', '14:00']],
      },
    },
    holidays: [],
  },
  warnAtPercent: 80,
  policies: [
    { channel: '*', priority: '*', firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 2880 },
    { channel: '*', priority: 'urgent', firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 480 },
    { channel: '*', priority: 'high', firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 960 },
    { channel: 'chat', priority: '*', firstResponseMinutes: 2, nextResponseMinutes: 5, resolutionMinutes: 60 },
    { channel: 'whatsapp', priority: '*', firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 1440 },
    { channel: 'x', priority: '*', firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 1440 },
    { channel: 'facebook', priority: '*', firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 1440 },
    { channel: 'instagram', priority: '*', firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 1440 },
  ],
};
