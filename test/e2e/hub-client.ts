import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src-shared/index.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Sign in over HTTP and open a socket as that user — how the test plays the team lead. */
export async function connectAs(hubUrl: string, email: string, password: string): Promise<TestSocket> {
  const response = await fetch(`${hubUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  const socket: TestSocket = io(hubUrl, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Ask the demo traffic generator for one customer message now. */
export async function injectCustomerMessage(socket: TestSocket, channel?: string): Promise<{ conversationId: string; messageId: string }> {
  const ack = (await socket.timeout(10_000).emitWithAck('demo:inject', channel ? { channel } : {})) as Ack<{ conversationId: string; messageId: string }>;
  if (!ack.ok) throw new Error(`demo:inject failed: ${ack.error.message}`);
  return ack.data;
}

/**
 * As the lead, hand a conversation back to the queue. Generated messages may continue a demo
 * conversation a colleague owns; tests that reply first make it unassigned, as a lead would.
 */
export async function unassign(socket: TestSocket, conversationId: string): Promise<void> {
  const ack = (await socket.timeout(10_000).emitWithAck('conversation:assign', {
    clientId: 'e2e-lead-client',
    mutationId: crypto.randomUUID(),
    conversationId,
    assigneeId: null,
  })) as Ack<unknown>;
  if (!ack.ok) throw new Error(`unassign failed: ${ack.error.message}`);
}
