/**
 * Requests of the lead dashboard and the presence control. Both talk to the hub directly over a
 * socket of their own (see settings/admin-link.ts): live queue load, presence and shifts are hub
 * state, not cached customer data, and mean nothing offline.
 */
import type { Ack, ClientToServerEvents, WireError } from '../../../src-shared/index.js';
import { request, TransientError, type HubSocket } from '../../sync/hub-client.js';
import { hubErrorText } from '../../i18n/hub-error-text.js';
import { t } from '../../i18n/index.js';

type RequestOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type ResultOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (ack: Ack<infer T>) => void ? T : never;

/** One request; a lost link becomes an error ack, so callers handle a single shape. */
export async function leadRequest<E extends keyof ClientToServerEvents>(socket: HubSocket, event: E, payload: RequestOf<E>): Promise<Ack<ResultOf<E>>> {
  try {
    return (await request(socket, event, payload)) as Ack<ResultOf<E>>;
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    return { ok: false, error: { code: 'unavailable', message: `The connection to the hub was lost; nothing was changed (${error.message})`, reason: { key: 'linkLost' } } };
  }
}

/** The hub's refusal in words. */
export function describeLeadError(error: WireError): string {
  // A role refusal on this screen: the screen's own sentence says who may use it.
  if (error.code === 'forbidden' && (!error.reason || error.reason.key === 'request.roleForbidden')) return t('lead.forbidden');
  return hubErrorText(error);
}

/** "12 min", "3 h 5 min", "2 d 4 h": how long since `iso`. */
export function since(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return t('time.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hoursMinutes', { hours, minutes: minutes % 60 });
  return t('time.daysHours', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** A fresh mutation envelope for an online lead action (the hub dedupes by it). */
export function leadEnvelope(): { clientId: string; mutationId: string } {
  return { clientId: 'lead-dashboard', mutationId: crypto.randomUUID() };
}
