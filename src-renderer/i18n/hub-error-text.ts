/**
 * The hub's refusals in the agent's language.
 *
 * The hub answers a refusal with a stable reason key and its parameters (src-shared
 * `WireError.reason`); this turns them into the catalog's sentence (`hubErrors.<key>`). A reason
 * this console does not know (a newer hub), a malformed one, or none at all (an older hub) shows
 * the hub's own message, so nothing is ever lost, only left in English.
 */
import { CHANNELS, WireReasonSchema, type Channel, type ReasonParams } from '../../src-shared/index.js';
import { CHANNEL_LABELS } from '../lib/channels.js';
import { formatTime } from '../lib/time.js';
import { i18n, t } from './index.js';

type Params = Record<string, string | number | boolean>;

const isChannel = (value: unknown): value is Channel => typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const time = (value: unknown): string => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? formatTime(value) : String(value ?? ''));

/** "the customer wrote 2 new messages, a colleague replied 1 time": the stale guard's facts as a list. */
function staleChanges(params: ReasonParams): string {
  const parts: string[] = [];
  if (count(params.customer) > 0) parts.push(t('hubErrors.stale.customer', { count: count(params.customer) }));
  if (count(params.colleagues) > 0) parts.push(t('hubErrors.stale.colleagues', { count: count(params.colleagues) }));
  if (params.assigned === true) parts.push(t('hubErrors.stale.assigned'));
  if (params.closed === true) parts.push(t('hubErrors.stale.closed'));
  return parts.join(', ');
}

/** The label a too-long reply gets ("A WhatsApp message"), as the hub's rule names it. */
function replyLabel(channel: unknown, visibility: unknown): string {
  if (channel === 'x') return visibility === 'public' ? t('hubErrors.reply.label.x') : t('hubErrors.reply.label.xPrivate');
  if (channel === 'whatsapp' || channel === 'facebook' || channel === 'instagram') return t(`hubErrors.reply.label.${channel}`);
  return t('hubErrors.reply.label.other');
}

/**
 * Parameters as the sentence wants them: times in the agent's zone and language, channel ids as
 * channel names, the stale guard's facts as words.
 */
function wordParams(key: string, params: ReasonParams): Params {
  const out: Params = { ...params };
  if (isChannel(params.channel)) out.channel = CHANNEL_LABELS[params.channel];
  if ('closedAt' in params) out.closedAt = time(params.closedAt);
  if ('dueAt' in params) out.dueAt = time(params.dueAt);
  if (key === 'conversation.stale') out.changes = staleChanges(params);
  if (key === 'reply.tooLong') out.label = replyLabel(params.channel, params.visibility);
  return out;
}

/**
 * Words for a refusal's reason, or `fallback` (the hub's message) when there is no reason this
 * console knows.
 */
export function reasonText(reason: unknown, fallback: string): string {
  const parsed = WireReasonSchema.safeParse(reason);
  if (!parsed.success) return fallback;
  const { key, params = {} } = parsed.data;
  // X's public replies count links as 23: the sentence says so.
  const textKey = key === 'reply.tooLong' && params.channel === 'x' && params.visibility === 'public' ? 'reply.tooLongX' : key;
  const path = `hubErrors.${textKey}`;
  // Only leaves are sentences: a key naming a group ("stale") is not one.
  if (!i18n.exists(path) || typeof i18n.t(path as never, { returnObjects: true } as never) !== 'string') return fallback;
  return (t as unknown as (k: string, p: Params) => string)(path, wordParams(key, params));
}

/** A refusal a shared rule worked out (reply window, snooze time) in the agent's language. */
export function refusalText(refusal: { key: string; params?: ReasonParams; message: string }): string {
  return reasonText({ key: refusal.key, ...(refusal.params ? { params: refusal.params } : {}) }, refusal.message);
}

/** A wire error (or anything shaped like one) in the agent's language. */
export function hubErrorText(error: { message: string; reason?: unknown }): string {
  return reasonText(error.reason, error.message);
}
