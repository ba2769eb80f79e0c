/**
 * Social channels in one call: Meta (Facebook, Instagram, WhatsApp) and X webhooks, their outbound
 * senders and, in demo mode, demo accounts with a local provider stand-in and demo drivers.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { TrafficGenerator } from '../../demo/traffic.js';
import type { InboundMessage, IngestResult } from '../../ingest/ingest.js';
import type { Database } from '../../store/schema.js';
import type { DeliveryDispatcher } from '../delivery.js';
import { facebookSender, instagramSender, whatsAppSender } from '../meta/senders.js';
import { registerMetaWebhook } from '../meta/webhook.js';
import { xSender } from '../x/sender.js';
import { registerXWebhook } from '../x/webhook.js';
import { registerSocialDemoDrivers, seedDemoSocialAccounts } from './demo-accounts.js';
import { startDemoStandIn, type DemoStandIn } from './demo-stand-in.js';
import { registerWebhookScope } from './webhook-scope.js';

export interface SocialChannelsDeps {
  app: FastifyInstance;
  db: Kysely<Database>;
  ingest: (message: InboundMessage) => Promise<IngestResult>;
  delivery: DeliveryDispatcher;
  /** Non-null in demo mode: demo accounts are seeded and demo traffic goes through the webhooks. */
  traffic: TrafficGenerator | null;
  /** Consoles are poked with the new change-log head (delivery updates from WhatsApp statuses). */
  onChange: (head: number) => void;
  log: (msg: string, extra?: unknown) => void;
}

export interface SocialChannels {
  close(): Promise<void>;
}

/** The URL to reach the hub's own HTTP server from this process (loopback for wildcard hosts). */
function ownUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | null;
  if (!address) throw new Error('The hub is not listening yet');
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Register the social webhooks and senders; call before the hub starts listening. */
export async function startSocialChannels(deps: SocialChannelsDeps): Promise<SocialChannels> {
  const { app, db, log } = deps;
  await registerWebhookScope(app, (scope) => {
    registerMetaWebhook(scope, { db, ingest: deps.ingest, log, onChange: deps.onChange });
    registerXWebhook(scope, { db, ingest: deps.ingest, log });
  });
  deps.delivery.register('facebook', facebookSender);
  deps.delivery.register('instagram', instagramSender);
  deps.delivery.register('whatsapp', whatsAppSender);
  deps.delivery.register('x', xSender);

  let standIn: DemoStandIn | null = null;
  if (deps.traffic) {
    standIn = await startDemoStandIn(log);
    await seedDemoSocialAccounts(db, standIn);
    registerSocialDemoDrivers(deps.traffic, db, () => ownUrl(app));
  }
  return {
    async close() {
      await standIn?.close();
    },
  };
}
