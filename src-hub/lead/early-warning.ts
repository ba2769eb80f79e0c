/**
 * Early warning: a spike in volume, or in negative messages, on a topic or hashtag — the start of
 * a "shitstorm" — raises an alert to the leads with the messages behind it.
 *
 * Counts are kept per topic in one-minute buckets for the last hour, fed by every stored inbound
 * message. A spike is a window (5 minutes) with at least `minMessages` on the topic and at least
 * `factor` times the topic's average per window over the rest of the hour. One alert per topic and
 * kind per cooldown. The counts live in this hub process (they restart empty); alerts are stored.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { textSignals, type Alert } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';

export interface EarlyWarningOptions {
  windowMinutes: number;
  minMessages: number;
  minNegative: number;
  factor: number;
  cooldownMinutes: number;
}

export const DEFAULT_EARLY_WARNING: EarlyWarningOptions = { windowMinutes: 5, minMessages: 10, minNegative: 5, factor: 3, cooldownMinutes: 15 };

const HOUR_BUCKETS = 60;
const KEEP_MESSAGES = 30;

interface TopicStats {
  /** minute index → [all, negative] */
  buckets: Map<number, [number, number]>;
  recent: { messageId: string; conversationId: string; body: string; at: number; negative: boolean }[];
}

export class EarlyWarning {
  private readonly topics = new Map<string, TopicStats>();
  private readonly lastAlert = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: EarlyWarningOptions,
    private readonly raise: (alert: Alert) => void,
    private readonly log: (msg: string, extra?: unknown) => void,
  ) {}

  /** Count one stored inbound message; may raise alerts (stored, then pushed). */
  observe(message: { messageId: string; conversationId: string; body: string; at: Date }): void {
    const signals = textSignals(message.body);
    if (signals.topics.length === 0) return;
    const negative = signals.negative > 0;
    const minute = Math.floor(message.at.getTime() / 60_000);
    for (const topic of signals.topics) {
      const stats: TopicStats = this.topics.get(topic) ?? { buckets: new Map(), recent: [] };
      this.topics.set(topic, stats);
      const bucket = stats.buckets.get(minute) ?? [0, 0];
      bucket[0] += 1;
      if (negative) bucket[1] += 1;
      stats.buckets.set(minute, bucket);
      for (const old of stats.buckets.keys()) if (old <= minute - HOUR_BUCKETS) stats.buckets.delete(old);
      stats.recent.push({ ...message, body: message.body.slice(0, 500), at: message.at.getTime(), negative });
      if (stats.recent.length > KEEP_MESSAGES) stats.recent.shift();
      this.check(topic, stats, minute);
    }
  }

  private check(topic: string, stats: TopicStats, minute: number): void {
    const { windowMinutes, minMessages, minNegative, factor } = this.options;
    let inWindow = 0;
    let negInWindow = 0;
    let before = 0;
    let negBefore = 0;
    for (const [m, [all, neg]] of stats.buckets) {
      if (m > minute - windowMinutes) {
        inWindow += all;
        negInWindow += neg;
      } else {
        before += all;
        negBefore += neg;
      }
    }
    const windowsBefore = (HOUR_BUCKETS - windowMinutes) / windowMinutes;
    // A topic with no history has a baseline of one message per window, so a quiet topic needs
    // `factor` × that and the minimum count before it alarms.
    const baseline = Math.max(1, before / windowsBefore);
    const negBaseline = Math.max(1, negBefore / windowsBefore);
    if (negInWindow >= minNegative && negInWindow >= factor * negBaseline) {
      this.alert('negative_spike', topic, stats, `${negInWindow} negative messages on ${topic} in ${windowMinutes} min (usual: ${negBaseline.toFixed(1)})`, true);
    } else if (inWindow >= minMessages && inWindow >= factor * baseline) {
      this.alert('volume_spike', topic, stats, `${inWindow} messages on ${topic} in ${windowMinutes} min (usual: ${baseline.toFixed(1)})`, false);
    }
  }

  private alert(kind: Alert['kind'], topic: string, stats: TopicStats, summary: string, negativeOnly: boolean): void {
    const key = `${kind}|${topic}`;
    const now = Date.now();
    const last = this.lastAlert.get(key);
    if (last !== undefined && now - last < this.options.cooldownMinutes * 60_000) return;
    this.lastAlert.set(key, now);
    const since = now - this.options.windowMinutes * 60_000;
    const messages = stats.recent
      .filter((m) => m.at >= since && (!negativeOnly || m.negative))
      .map((m) => ({ messageId: m.messageId, conversationId: m.conversationId, body: m.body, at: new Date(m.at).toISOString() }));
    const alert: Alert = { id: randomUUID(), kind, topic, createdAt: new Date(now).toISOString(), summary, messages };
    this.db
      .insertInto('lead_alerts')
      .values({ id: alert.id, kind, topic, summary, messages: JSON.stringify(messages), created_at: new Date(now) })
      .execute()
      .then(() => this.raise(alert), (error: unknown) => this.log('early warning: storing an alert failed', error));
  }
}

/** Alerts of the last 24 hours, newest first. */
export async function recentAlerts(db: Kysely<Database>, limit = 20): Promise<Alert[]> {
  const rows = await db
    .selectFrom('lead_alerts')
    .selectAll()
    .where('created_at', '>', new Date(Date.now() - 86_400_000))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    topic: r.topic,
    summary: r.summary,
    createdAt: new Date(r.created_at).toISOString(),
    messages: r.messages as Alert['messages'],
  }));
}
