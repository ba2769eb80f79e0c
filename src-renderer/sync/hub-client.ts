/**
 * The one wrapper around socket.io-client: typed events, acknowledgements with timeouts, and
 * no offline buffering (the outbox is the only buffer — habit 1 and the offline design).
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src-shared/index.js';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type RequestOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type ResultOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (ack: Ack<infer T>) => void
  ? T
  : never;

/** The request could not be delivered or answered; safe to retry later. */
export class TransientError extends Error {
  override name = 'TransientError';
}

export function connectHub(hubUrl: string, token: string, options: { sync?: boolean } = {}): HubSocket {
  const socket: HubSocket = io(hubUrl, {
    // `sync: false` (a screen's request-only socket): the hub sends it no sync pokes, which the
    // sync runner's socket already receives; decoding every change twice cost frames under load.
    auth: options.sync === false ? { token, sync: false } : { token },
    autoConnect: false,
    // One manager per engine: a cached, shared manager outlives engine restarts (React StrictMode).
    forceNew: true,
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  });
  // socket.io would otherwise queue emits made while disconnected and replay them on reconnect,
  // outside the outbox's ordering and dedupe. Drop its buffer whenever the link goes down.
  socket.on('disconnect', () => {
    socket.sendBuffer = [];
  });
  return socket;
}

/**
 * Emit an event and wait for its acknowledgement.
 *
 * @throws TransientError when disconnected or when no acknowledgement arrives in time.
 */
export async function request<E extends keyof ClientToServerEvents>(
  socket: HubSocket,
  event: E,
  payload: RequestOf<E>,
  timeoutMs = 10_000,
): Promise<Ack<ResultOf<E>>> {
  if (!socket.connected) throw new TransientError('Not connected to the hub');
  try {
    const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(e: E, p: RequestOf<E>): Promise<Ack<ResultOf<E>>> };
    return await timed.emitWithAck(event, payload);
  } catch (error) {
    throw new TransientError(error instanceof Error ? error.message : 'No answer from the hub');
  }
}
