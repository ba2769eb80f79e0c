import { createHmac } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../src-shared/index.js';

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
 * As the lead, hand a conversation to the Service team's queue, unassigned. Generated messages
 * may continue a demo conversation a colleague owns, or belong to a team only some demo agents
 * are in; Service is the team Anna and Ben share.
 */
export async function unassign(socket: TestSocket, conversationId: string): Promise<void> {
  const ack = (await socket.timeout(10_000).emitWithAck('conversation:transfer', {
    clientId: 'e2e-lead-client',
    mutationId: crypto.randomUUID(),
    conversationId,
    departmentId: 'service',
  })) as Ack<unknown>;
  if (!ack.ok) throw new Error(`unassign failed: ${ack.error.message}`);
}

/**
 * Make the customer of a given conversation write again (demo mode): the generator writes the next
 * customer message through the real ingest path into that conversation's identity and channel.
 */
export async function injectFollowUp(socket: TestSocket, conversationId: string): Promise<{ conversationId: string; messageId: string }> {
  const ack = (await socket.timeout(10_000).emitWithAck('demo:inject', { conversationId })) as Ack<{ conversationId: string; messageId: string }>;
  if (!ack.ok) throw new Error(`demo:inject into ${conversationId} failed: ${ack.error.message}`);
  if (ack.data.conversationId !== conversationId) {
    throw new Error(`demo:inject wrote into ${ack.data.conversationId}, not the requested ${conversationId}`);
  }
  return ack.data;
}

/**
 * Reply to the customer as the socket's user (the lead, in these tests): a colleague answering
 * while an agent is away. Sent without a `seen` view, so the stale-send guard does not apply.
 */
export async function replyAs(socket: TestSocket, conversationId: string, body: string): Promise<{ messageId: string }> {
  const messageId = crypto.randomUUID();
  const ack = (await socket.timeout(10_000).emitWithAck('message:send', {
    clientId: 'e2e-lead-client',
    mutationId: crypto.randomUUID(),
    conversationId,
    messageId,
    body,
    direction: 'outbound',
  })) as Ack<unknown>;
  if (!ack.ok) throw new Error(`reply failed: ${ack.error.message}`);
  return { messageId };
}

/**
 * Every message the hub has stored whose body is exactly `body`, read from its change log with
 * `sync:pull` from cursor 0 — what a brand-new console would download, not any console's cache.
 * A message appears once per stored row (deduplicated by id across log entries).
 */
export async function storedMessagesWithBody(socket: TestSocket, body: string): Promise<{ id: string; conversationId: string; authorId: string | null }[]> {
  const found = new Map<string, { id: string; conversationId: string; authorId: string | null }>();
  let cursor = 0;
  for (;;) {
    const ack = await socket.timeout(30_000).emitWithAck('sync:pull', { cursor, limit: 5000 });
    if (!ack.ok) throw new Error(`sync:pull from ${cursor} failed: ${ack.error.code}: ${ack.error.message}`);
    for (const change of ack.data.changes) {
      if (change.entity === 'message' && change.data.body === body) {
        found.set(change.data.id, { id: change.data.id, conversationId: change.data.conversationId, authorId: change.data.authorId });
      }
    }
    if (!ack.data.hasMore) return [...found.values()];
    cursor = ack.data.cursor;
  }
}

/** As the lead, move a conversation to another department's queue. */
export async function transfer(socket: TestSocket, conversationId: string, departmentId: 'sales' | 'marketing' | 'service' | 'support'): Promise<void> {
  const ack = (await socket.timeout(10_000).emitWithAck('conversation:transfer', {
    clientId: 'e2e-lead-client',
    mutationId: crypto.randomUUID(),
    conversationId,
    departmentId,
  })) as Ack<unknown>;
  if (!ack.ok) throw new Error(`transfer failed: ${ack.error.message}`);
}

/**
 * New WhatsApp conversations whose customer wrote `hoursAgo` hours ago and not since: outside
 * WhatsApp's 24-hour window however the demo history was seeded or what earlier tests did to it.
 *
 * The admin (`admin`) connects a WhatsApp number of the test's own — its app secret known to the
 * test, its Graph API base URL the demo number's local stand-in, so replies really go out — and
 * each customer's message arrives as the signed Cloud API webhook Meta would send, with Meta's
 * `timestamp` in the past. `reader` (a lead) finds the conversations in the change log.
 */
export async function whatsappConversationsOutsideWindow(
  hubUrl: string,
  admin: TestSocket,
  reader: TestSocket,
  count: number,
  hoursAgo = 30,
): Promise<string[]> {
  const listed = (await admin.timeout(10_000).emitWithAck('channels:list', { channel: 'whatsapp' })) as Ack<{ accounts: { settings: Record<string, unknown> }[] }>;
  if (!listed.ok) throw new Error(`channels:list failed: ${listed.error.message}`);
  const apiBaseUrl = listed.data.accounts.map((a) => a.settings.apiBaseUrl).find((u): u is string => typeof u === 'string');
  if (!apiBaseUrl) throw new Error('the demo has no WhatsApp number whose stand-in the test could reuse');
  const appSecret = crypto.randomUUID();
  const phoneNumberId = `9${String(Date.now()).padStart(14, '0')}`;
  const saved = (await admin.timeout(10_000).emitWithAck('channels:save', {
    channel: 'whatsapp',
    name: `E2E WhatsApp ${phoneNumberId}`,
    address: phoneNumberId,
    departmentId: 'service',
    settings: { apiBaseUrl },
    secrets: { appSecret, verifyToken: crypto.randomUUID(), accessToken: `token-${crypto.randomUUID()}` },
  } as never)) as Ack<unknown>;
  if (!saved.ok) throw new Error(`channels:save failed: ${saved.error.message}`);

  // Only changes after this point can hold the new messages: the log before it is not read (after
  // a full e2e run it is long, and reading it while a console signs in slows that sign-in down).
  const hello = (await reader.timeout(10_000).emitWithAck('hello', { protocolVersion: PROTOCOL_VERSION })) as Ack<{ head: number }>;
  if (!hello.ok) throw new Error(`hello failed: ${hello.error.message}`);
  const from = hello.data.head;
  const tag = `e2e-window-${crypto.randomUUID()}`;
  const at = Math.floor((Date.now() - hoursAgo * 3_600_000) / 1000);
  for (let i = 0; i < count; i++) {
    const waId = `4915${String(Date.now()).slice(-8)}${i}`;
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: `Window customer ${i + 1}` }, wa_id: waId }],
                messages: [{ from: waId, id: `wamid.E2E${crypto.randomUUID()}`, timestamp: String(at), type: 'text', text: { body: `Is my order on its way? (${tag} ${i})` } }],
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
    const response = await fetch(`${hubUrl}/webhooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw });
    if (response.status !== 200) throw new Error(`the WhatsApp webhook answered ${response.status}: ${await response.text()}`);
  }

  const found = new Map<number, string>();
  const deadline = Date.now() + 15_000;
  let cursor = from;
  while (found.size < count) {
    for (;;) {
      const ack = await reader.timeout(30_000).emitWithAck('sync:pull', { cursor, limit: 5000 });
      if (!ack.ok) throw new Error(`sync:pull from ${cursor} failed: ${ack.error.message}`);
      for (const change of ack.data.changes) {
        if (change.entity !== 'message' || !change.data.body.includes(tag)) continue;
        found.set(Number(/ (\d+)\)$/.exec(change.data.body)?.[1]), change.data.conversationId);
      }
      cursor = ack.data.cursor;
      if (!ack.data.hasMore) break;
    }
    if (found.size >= count) break;
    if (Date.now() > deadline) throw new Error(`only ${found.size} of ${count} WhatsApp conversations arrived`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
}

/**
 * Mail the hub's SMTP listener as a new customer and wait for the conversation it opens.
 *
 * Unlike `injectCustomerMessage`, whose generated text may continue an older demo conversation and
 * mention anything, the test decides every word the conversation holds. `subject` must be unique.
 */
export async function mailNewConversation(
  lead: TestSocket,
  smtpPort: number,
  mail: { from: string; to?: string; subject: string; text: string; messageId?: string },
): Promise<string> {
  const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 5_000 });
  try {
    await transport.sendMail({ to: 'service@brightline.example', ...mail });
  } finally {
    transport.close();
  }
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ack = (await lead.timeout(10_000).emitWithAck('sync:bootstrap', { phase: 'queue', limit: 2000 })) as Ack<Snapshot>;
    const found = ack.ok ? ack.data.conversations.find((c) => c.subject?.includes(mail.subject)) : undefined;
    if (found) return found.id;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No conversation with the subject ${mail.subject} appeared within 20 s`);
}
