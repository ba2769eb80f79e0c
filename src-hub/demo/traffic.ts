/**
 * Demo traffic: realistic customer messages in German and English on social, email and chat,
 * arriving at random intervals (busier in the 18–22h evening peak), fed through the one ingest
 * function real channels use.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CHANNELS, type Channel } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';
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

/** What `demo:inject` asks for: any customer, one on a channel, or the customer of a conversation. */
export interface DemoTarget {
  channel?: string;
  conversationId?: string;
}

/**
 * Delivers a demo customer message through a channel's real entry point — an SMTP session with the
 * hub's listener, a signed webhook request, a visitor socket — and resolves once the hub has
 * answered it (stored). Returns the provider message id it was stored under.
 */
export type DemoDriver = (message: InboundMessage) => Promise<{ providerMessageId: string }>;

export class TrafficGenerator {
  readonly #random: Random;
  #timer: NodeJS.Timeout | null = null;
  readonly #drivers = new Map<Channel, DemoDriver>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ingest: (message: InboundMessage) => Promise<IngestResult>,
    private readonly options: { intervalMs: number; log: (msg: string, extra?: unknown) => void },
  ) {
    this.#random = createRandom(Date.now() >>> 0);
  }

  /** A channel module routes its demo traffic through its real entry point from now on. */
  setDriver(channel: Channel, driver: DemoDriver): void {
    this.#drivers.set(channel, driver);
  }

  /** Through the channel's driver when it has one, else straight into the ingest function. */
  async #deliver(message: InboundMessage): Promise<{ conversationId: string; messageId: string }> {
    const driver = this.#drivers.get(message.channel);
    if (!driver) {
      const result = await this.ingest(message);
      return { conversationId: result.conversationId, messageId: result.messageId };
    }
    const { providerMessageId } = await driver(message);
    const row = await this.db
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('channel', '=', message.channel)
      .where('provider_message_id', '=', providerMessageId)
      .executeTakeFirst();
    if (!row) throw new Error(`The ${message.channel} demo message ${providerMessageId} was accepted but not stored`);
    return { conversationId: row.conversation_id, messageId: row.id };
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

  /** Generate one customer message now: from anyone, on a given channel, or in a given conversation. */
  async injectOne(target: DemoTarget = {}): Promise<{ conversationId: string; messageId: string }> {
    if (target.conversationId) return this.#injectInto(target.conversationId);
    const { channel } = target;
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
    return this.#deliver(demoInboundFor(this.#random, customer, identity, new Date()));
  }

  /** The customer behind a conversation writes again, through the same ingest path. */
  async #injectInto(conversationId: string): Promise<{ conversationId: string; messageId: string }> {
    const row = await this.db
      .selectFrom('conversations')
      .innerJoin('identities', 'identities.id', 'conversations.identity_id')
      .innerJoin('customers', 'customers.id', 'conversations.customer_id')
      .select([
        'conversations.kind',
        'identities.channel',
        'identities.handle',
        'identities.provider_user_id',
        'identities.display_name',
        'customers.name',
        'customers.language',
        'customers.country',
      ])
      .where('conversations.id', '=', conversationId)
      .executeTakeFirst();
    if (!row) throw new HubError('not_found', 'This conversation does not exist');
    const language = row.language === 'de' ? 'de' : 'en';
    const customer: DemoCustomer = { key: 'target', name: row.name, language, country: row.country ?? 'DE', identities: [] };
    const identity: DemoIdentity = {
      channel: row.channel as DemoIdentity['channel'],
      handle: row.handle,
      providerUserId: row.provider_user_id,
      displayName: row.display_name ?? row.name,
    };
    const message = { ...demoInboundFor(this.#random, customer, identity, new Date()), kind: row.kind };
    return this.#deliver(message);
  }
}
