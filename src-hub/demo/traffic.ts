/**
 * Demo traffic: realistic customer messages in German and English on social, email and chat,
 * arriving at random intervals (busier in the 18–22h evening peak), fed through the one ingest
 * function real channels use.
 */
import { randomUUID } from 'node:crypto';
import { CHANNELS, type Channel } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import type { InboundMessage, IngestResult } from '../ingest/ingest.js';
import { DEMO_CUSTOMERS, DEMO_INBOUND, fillTemplate, type DemoCustomer, type DemoIdentity } from './content.js';
import { createRandom, type Random } from './random.js';

/** Build one inbound message for a demo customer's identity from the template pool. */
export function demoInboundFor(random: Random, customer: DemoCustomer, identity: DemoIdentity, at: Date): InboundMessage {
  const sameChannel = DEMO_INBOUND.filter((t) => t.channel === identity.channel);
  const inLanguage = sameChannel.filter((t) => t.language === customer.language);
  const template = random.pick(inLanguage.length > 0 ? inLanguage : sameChannel);
  const meta: Record<string, unknown> = { demo: true };
  if (template.kind === 'comment') meta.post = { id: `post-${random.int(1000, 9999)}`, title: customer.language === 'de' ? 'Unser neues Brightline Phone X' : 'Meet the new Brightline Phone X' };
  return {
    channel: identity.channel,
    kind: template.kind,
    providerMessageId: `demo-${identity.channel}-${randomUUID()}`,
    from: { providerUserId: identity.providerUserId, handle: identity.handle, displayName: identity.displayName },
    body: fillTemplate(template.body, { name: customer.name }),
    subject: template.subject,
    channelMeta: meta,
    receivedAt: at,
    department: template.department,
    priority: template.urgent ? 50 : 0,
    customer: { language: customer.language, country: customer.country },
  };
}

/** How much busier than average the given local hour is; contact centers peak 18–22h. */
export function peakFactor(hour: number): number {
  if (hour >= 18 && hour < 22) return 2.5;
  if (hour >= 8 && hour < 18) return 1;
  return 0.4;
}

export class TrafficGenerator {
  readonly #random: Random;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ingest: (message: InboundMessage) => Promise<IngestResult>,
    private readonly options: { intervalMs: number; log: (msg: string, extra?: unknown) => void },
  ) {
    this.#random = createRandom(Date.now() >>> 0);
  }

  start(): void {
    if (this.options.intervalMs <= 0 || this.#timer) return;
    this.#schedule();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    const base = this.options.intervalMs / peakFactor(new Date().getHours());
    const delay = Math.round(base * (0.3 + this.#random.next() * 1.4));
    this.#timer = setTimeout(() => {
      this.injectOne().catch((error: unknown) => this.options.log('demo traffic failed', error));
      if (this.#timer) this.#schedule();
    }, delay);
    this.#timer.unref();
  }

  /** Generate one customer message now, optionally on a given channel. */
  async injectOne(channel?: string): Promise<{ conversationId: string; messageId: string }> {
    if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
      throw new HubError('bad_request', `Unknown channel "${channel}"`);
    }
    const candidates = DEMO_CUSTOMERS.flatMap((customer) =>
      customer.identities
        .filter((identity) => channel === undefined || identity.channel === (channel as Channel))
        .map((identity) => ({ customer, identity })),
    );
    if (candidates.length === 0) throw new HubError('bad_request', `No demo customer writes on ${channel}`);
    const { customer, identity } = this.#random.pick(candidates);
    const result = await this.ingest(demoInboundFor(this.#random, customer, identity, new Date()));
    return { conversationId: result.conversationId, messageId: result.messageId };
  }
}
