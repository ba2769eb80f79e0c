/**
 * A socket.io client in the bench process, signed in as the bench agent: it times what the hub
 * and the wire cost on their own (a pull page, a reply), so the console's share of a measurement
 * can be told apart from the hub's.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src-shared/index.js';

export type NodeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectAgent(hubUrl: string, email: string, password: string): Promise<NodeSocket> {
  const response = await fetch(`${hubUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`bench login failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const socket: NodeSocket = io(hubUrl, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Round-trip times of `sync:pull` pages of `limit` changes from `from` up to `to`. */
export async function timePulls(socket: NodeSocket, from: number, to: number, limit = 1000): Promise<{ ms: number[]; bytes: number[] }> {
  const ms: number[] = [];
  const bytes: number[] = [];
  for (let cursor = from; cursor < to; ) {
    const t = performance.now();
    const ack = await socket.timeout(60_000).emitWithAck('sync:pull', { cursor, limit });
    ms.push(performance.now() - t);
    if (!ack.ok) throw new Error(`sync:pull failed: ${ack.error.message}`);
    bytes.push(JSON.stringify(ack.data).length);
    if (ack.data.cursor === cursor) break;
    cursor = ack.data.cursor;
  }
  return { ms, bytes };
}
