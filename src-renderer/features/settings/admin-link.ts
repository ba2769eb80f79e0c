/**
 * The Channels screen's own link to the hub.
 *
 * Channel accounts are admin configuration that lives on the hub (with credentials that never leave
 * it), not customer data the console caches for offline work: so this screen does not go through
 * Dexie and the outbox, it talks to the hub directly over a socket of its own while it is open —
 * and says plainly that it needs a connection when there is none.
 */
import { useEffect, useState } from 'react';
import { assertNever, type Ack, type ClientToServerEvents, type WireError } from '../../../src-shared/index.js';
import { connectHub, request, TransientError, type HubSocket } from '../../sync/hub-client.js';
import { hubErrorText } from '../../i18n/hub-error-text.js';
import { t } from '../../i18n/index.js';

export type AdminLink = { kind: 'connecting' } | { kind: 'online'; socket: HubSocket } | { kind: 'offline'; reason: string };

/** A socket to the hub for as long as the calling component is mounted, and how it stands. */
export function useAdminLink(hubUrl: string, token: string): AdminLink {
  const [link, setLink] = useState<AdminLink>({ kind: 'connecting' });
  useEffect(() => {
    const socket = connectHub(hubUrl, token, { sync: false });
    socket.on('connect', () => setLink({ kind: 'online', socket }));
    socket.on('disconnect', (reason) => setLink({ kind: 'offline', reason }));
    socket.on('connect_error', (error) => setLink({ kind: 'offline', reason: error.message }));
    // The OS knows about a lost network before socket.io's heartbeat does; and when it is back,
    // try at once instead of waiting out the reconnect backoff (as the sync engine does).
    const onOffline = () => setLink({ kind: 'offline', reason: 'The network is down' });
    const onOnline = () => {
      socket.disconnect();
      socket.connect();
    };
    globalThis.addEventListener?.('offline', onOffline);
    globalThis.addEventListener?.('online', onOnline);
    socket.connect();
    return () => {
      globalThis.removeEventListener?.('offline', onOffline);
      globalThis.removeEventListener?.('online', onOnline);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [hubUrl, token]);
  return link;
}

/** One admin request; a lost link becomes an error ack, so callers handle a single shape. */
export async function adminRequest<E extends 'channels:list' | 'channels:save' | 'channels:remove' | 'call:dial' | 'telephony:settings' | 'telephony:save-settings'>(
  socket: HubSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Ack<unknown>> {
  try {
    return (await request(socket, event, payload as never)) as Ack<unknown>;
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    return { ok: false, error: { code: 'unavailable', message: `${LINK_TEXT.lost} (${error.message})` } };
  }
}

/** The hub's refusal in words: its messages name the fields (validation issues are part of the message). */
export function describeHubError(error: WireError): string {
  // A role refusal on this screen: the screen's own sentence says who may use it.
  if (error.code === 'forbidden' && (!error.reason || error.reason.key === 'request.roleForbidden')) return t('adminLink.forbidden');
  return hubErrorText(error);
}

/** The link texts in the UI language (getters: read at use, so a language switch applies). */
export const LINK_TEXT = {
  get connecting() { return t('adminLink.connecting'); },
  get offline() { return t('adminLink.offline.channels'); },
  get lost() { return t('adminLink.lost'); },
};

/** The link's state in words (null when online). */
export function describeLink(link: AdminLink, screen: 'channels' | 'dashboard' | 'telephony' = 'channels'): string | null {
  switch (link.kind) {
    case 'connecting':
      return LINK_TEXT.connecting;
    case 'online':
      return null;
    case 'offline':
      return t(`adminLink.offline.${screen}`);
    default:
      return assertNever(link, 'admin link');
  }
}
