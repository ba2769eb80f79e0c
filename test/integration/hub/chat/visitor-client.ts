/**
 * A web chat visitor for integration tests: a real socket.io-client connection to the hub's
 * `/visitor` namespace, as the widget makes it.
 */
import { io, type Socket } from 'socket.io-client';
import type { VisitorAck, VisitorAuth, VisitorClientToServerEvents, VisitorServerToClientEvents } from '../../../../src-shared/index.js';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

export interface VisitorOptions extends VisitorAuth {
  /** Sent as the handshake's Origin header (browsers always send one on WebSocket handshakes). */
  origin?: string;
}

const open = new Set<VisitorSocket>();

function socketFor(hubUrl: string, options: VisitorOptions): VisitorSocket {
  const { origin, ...auth } = options;
  const socket: VisitorSocket = io(`${hubUrl}/visitor`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  open.add(socket);
  return socket;
}

/** A connected visitor socket; rejects with the handshake's connect_error. */
export function connectVisitor(hubUrl: string, options: VisitorOptions): Promise<VisitorSocket> {
  const socket = socketFor(hubUrl, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The connect_error of a refused handshake; fails if it is accepted. */
export function visitorRefusal(hubUrl: string, options: VisitorOptions): Promise<Error & { data?: { message?: string } }> {
  const socket = socketFor(hubUrl, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the visitor handshake was accepted'));
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error as Error & { data?: { message?: string } });
    });
  });
}

/** Send a visitor event and wait (at most 5 s) for its ack. */
export function visitorEmit<E extends keyof VisitorClientToServerEvents & string>(
  socket: VisitorSocket,
  event: E,
  payload: Parameters<VisitorClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<VisitorClientToServerEvents[E]>[1]>[0]> {
  const untyped = socket as unknown as Socket;
  return untyped.timeout(5_000).emitWithAck(event, payload) as never;
}

/** The data of an ok ack; fails with the hub's refusal otherwise. */
export function visitorOk<T>(ack: VisitorAck<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** The next `event` payload that satisfies `until`; rejects after `timeoutMs`. */
export function nextVisitorEvent<E extends keyof VisitorServerToClientEvents & string>(
  socket: VisitorSocket,
  event: E,
  until: (payload: Parameters<VisitorServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<VisitorServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = (payload: Parameters<VisitorServerToClientEvents[E]>[0]) => {
      if (!until(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    socket.on(event, listener as never);
  });
}

/** Close every visitor socket a test opened. */
export function closeVisitors(): void {
  for (const socket of open) socket.close();
  open.clear();
}
