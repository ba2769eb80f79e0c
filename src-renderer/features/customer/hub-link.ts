/**
 * The customer panel's requests to the hub. Suggestions, merges, consents and the rest need the
 * hub's whole picture, so they are online requests on a socket of the panel's own (as the
 * Channels screen does); their results come back into the cache through the change log.
 */
import type { Ack, ClientToServerEvents } from '../../../src-shared/index.js';
import { request, TransientError, type HubSocket } from '../../sync/hub-client.js';

export { useAdminLink as useHubLink, type AdminLink as HubLink } from '../settings/admin-link.js';

type CustomerEvent = Extract<keyof ClientToServerEvents, `customer:${string}`>;
type ResultOf<E extends CustomerEvent> = Parameters<ClientToServerEvents[E]>[1] extends (ack: Ack<infer T>) => void ? T : never;

/** One request; a lost link becomes an error ack, so callers handle a single shape. */
export async function customerRequest<E extends CustomerEvent>(socket: HubSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<Ack<ResultOf<E>>> {
  try {
    return (await request(socket, event, payload as never)) as Ack<ResultOf<E>>;
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    return { ok: false, error: { code: 'unavailable', message: `The connection to the hub was lost; nothing was changed (${error.message})`, reason: { key: 'linkLost' } } };
  }
}

/** i18n key of the offline note (the panel translates it). */
export const OFFLINE_TEXT = 'customer.offline';
