/**
 * Cuts one browser context (one agent's computer) off the hub, and brings it back.
 *
 * Chromium's offline emulation (`context.setOffline`) closes the console's open WebSocket at once
 * and fails every new connection attempt, which is what a lost network looks like to the console.
 * Reloading while offline would fail too, though: in these tests the console itself is served by
 * the hub, where the desktop app loads it from disk. So the link records the console's own files
 * (the document and its assets) as the browser loads them, and while offline it serves just those —
 * the app shell. The hub's API and socket stay unreachable.
 */
import type { BrowserContext, Request, Response, Route } from '@playwright/test';
import { hubUrl } from '../../playwright.config.js';

interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Parts of the hub that are not the app shell: never served from the recording. */
function isHubLink(url: URL): boolean {
  return url.pathname.startsWith('/socket.io') || url.pathname.startsWith('/api/') || url.pathname === '/healthz';
}

export class OfflineLink {
  readonly #shell = new Map<string, Recorded>();
  readonly #recording = new Set<Promise<void>>();
  readonly #serveShell = (route: Route) => this.#fulfil(route);
  #offline = false;

  private constructor(private readonly context: BrowserContext) {
    context.on('response', (response) => this.#record(response));
  }

  /** Start recording the app shell; attach before the context's first page loads the console. */
  static attach(context: BrowserContext): OfflineLink {
    return new OfflineLink(context);
  }

  /** Take the computer offline: the socket drops; a reload still finds the recorded shell. */
  async goOffline(): Promise<void> {
    if (this.#offline) return;
    await Promise.all(this.#recording);
    if (!this.#shell.has(`${hubUrl}/`)) throw new Error('OfflineLink: the console was not loaded after attach()');
    // A document served by the test (not from 127.0.0.1) counts as a public page to Chromium's
    // Local Network Access checks, which would then block its socket to the loopback hub once the
    // link is back. A desktop app shell from disk may talk to the hub; grant the same here.
    await this.context.grantPermissions(['local-network-access']);
    await this.context.route('**/*', this.#serveShell);
    await this.context.setOffline(true);
    this.#offline = true;
  }

  /** Bring the computer back online; the console reconnects on its own (after its backoff). */
  async goOnline(): Promise<void> {
    if (!this.#offline) return;
    await this.context.setOffline(false);
    await this.context.unroute('**/*', this.#serveShell);
    this.#offline = false;
  }

  #record(response: Response): void {
    const request: Request = response.request();
    const url = new URL(response.url());
    if (url.origin !== hubUrl || isHubLink(url) || request.method() !== 'GET' || response.status() !== 200) return;
    const pending = response
      .body()
      .then((body) => {
        this.#shell.set(`${url.origin}${url.pathname}`, { status: 200, contentType: response.headers()['content-type'] ?? 'application/octet-stream', body });
      })
      // A response whose body is gone (the page navigated on) is simply not recorded.
      .catch(() => undefined)
      .finally(() => this.#recording.delete(pending));
    this.#recording.add(pending);
  }

  async #fulfil(route: Route): Promise<void> {
    const url = new URL(route.request().url());
    const recorded = url.origin === hubUrl && !isHubLink(url) ? this.#shell.get(`${url.origin}${url.pathname}`) : undefined;
    if (!recorded || route.request().method() !== 'GET') return route.fallback(); // fails: offline
    return route.fulfill({ status: recorded.status, contentType: recorded.contentType, body: recorded.body });
  }
}
