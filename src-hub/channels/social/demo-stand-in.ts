/**
 * Demo mode only: a local stand-in for Meta's Graph API and X's API v2, so replies in the demo go
 * through the real senders (request building, auth header, response parsing) without calling the
 * internet. It accepts the send requests Switchboard makes and answers in the providers' formats
 * with made-up ids. It listens on 127.0.0.1 only, on a port of its own.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoStandIn {
  /** Base URL for Meta accounts' `apiBaseUrl`. */
  metaBaseUrl: string;
  /** Base URL for X accounts' `apiBaseUrl`. */
  xBaseUrl: string;
  close(): Promise<void>;
}

/** An id shaped like X's (a timestamp-based 64-bit number). */
const snowflake = (): string => String((BigInt(Date.now() - 1_288_834_974_657) << 22n) | BigInt(randomInt(0, 4_194_304)));

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 100_000) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://stand-in').pathname.split('/').filter(Boolean);
  const body = await readJson(request);
  if (request.method !== 'POST' || !body) return answer(response, 400, { error: { message: 'Expected a JSON POST', code: 100 } });
  if (!request.headers.authorization) return answer(response, 401, { error: { message: 'An access token is required', code: 190 } });

  if (path[0] === 'meta') {
    const [, , target, edge] = path;
    if (!target) return answer(response, 404, { error: { message: 'Unknown path', code: 803 } });
    if (edge === 'messages' && body.messaging_product === 'whatsapp') {
      return answer(response, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.DEMO${randomBytes(12).toString('hex').toUpperCase()}` }] });
    }
    if (edge === 'messages') {
      const recipient = body.recipient as Record<string, unknown> | undefined;
      return answer(response, 200, { recipient_id: recipient?.id ?? 'demo-recipient', message_id: `m_demo_${randomBytes(16).toString('base64url')}` });
    }
    if (edge === 'comments' || edge === 'replies') return answer(response, 200, { id: `${target}_${randomInt(1e9, 9e9)}` });
    return answer(response, 404, { error: { message: 'Unknown path', code: 803 } });
  }
  if (path[0] === 'x' && path[1] === '2') {
    if (path[2] === 'tweets') return answer(response, 201, { data: { id: snowflake(), text: body.text, edit_history_tweet_ids: [] } });
    if (path[2] === 'dm_conversations' && path[5] === 'messages') return answer(response, 201, { data: { dm_conversation_id: `${path[4]}-demo`, dm_event_id: snowflake() } });
  }
  return answer(response, 404, { title: 'Not Found Error', detail: 'Unknown path', status: 404 });
}

/** Start the stand-in on a free loopback port. */
export async function startDemoStandIn(log: (msg: string, extra?: unknown) => void): Promise<DemoStandIn> {
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log('demo provider stand-in failed', error);
      if (!response.headersSent) answer(response, 500, { error: { message: 'stand-in error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    metaBaseUrl: `${base}/meta`,
    xBaseUrl: `${base}/x`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
