/**
 * A local HTTP server standing in for a provider's send API (Meta Graph, X API v2) in tests: it
 * records every request (method, path, headers, parsed JSON body) and answers with whatever the
 * test queued, in the provider's documented response format.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ProviderAnswer {
  status: number;
  body: unknown;
}

export interface ProviderServer {
  url: string;
  requests: CapturedRequest[];
  /** Answer the next requests with these, in order; afterwards `fallback` answers. */
  queue(...answers: ProviderAnswer[]): void;
  /** Resolves with the next request made after this call (or the `n`th from now). */
  next(): Promise<CapturedRequest>;
  close(): Promise<void>;
}

/** Start a capturing provider stand-in; `fallback` answers every request nothing was queued for. */
export async function startProviderServer(fallback: (request: CapturedRequest) => ProviderAnswer): Promise<ProviderServer> {
  const requests: CapturedRequest[] = [];
  const queued: ProviderAnswer[] = [];
  const waiters: ((request: CapturedRequest) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // keep the raw text
      }
      const captured: CapturedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(captured);
      const answer = queued.shift() ?? fallback(captured);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      waiters.shift()?.(captured);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue: (...answers) => queued.push(...answers),
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
