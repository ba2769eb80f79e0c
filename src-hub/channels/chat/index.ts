/**
 * The web chat channel: widget HTTP routes, the `/visitor` namespace, the `chat` sender, the agent
 * typing relay and, in demo mode, the demo widget and its traffic driver.
 *
 * `startChatChannel` is the one call `app.ts` makes, after socket.io exists and before the hub
 * listens (routes must be registered before).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TrafficGenerator } from '../../demo/traffic.js';
import type { IngestResult, InboundMessage } from '../../ingest/ingest.js';
import type { Realtime } from '../../realtime/server.js';
import type { Database } from '../../store/schema.js';
import type { DeliveryDispatcher } from '../delivery.js';
import { createAvailability } from './availability.js';
import { createDemoChatDriver, ensureDemoWidget } from './demo.js';
import { ChatRateLimits, DEFAULT_CHAT_RATE_LIMITS, type ChatRateLimitOptions } from './rate-limits.js';
import { registerChatRoutes } from './routes.js';
import { createChatSender } from './sender.js';
import { bindChatTyping } from './typing.js';
import { createVisitorNamespace, type VisitorNamespace } from './visitor-namespace.js';
import './settings.js';

/** Where `npm run build` puts the widget (see scripts/build-widget.mjs). */
export const DEFAULT_WIDGET_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'out', 'widget');

export interface ChatChannelDeps {
  app: FastifyInstance;
  db: Kysely<Database>;
  realtime: Realtime;
  ingest: (message: InboundMessage) => Promise<IngestResult>;
  delivery: DeliveryDispatcher;
  traffic: TrafficGenerator | null;
  /** The built widget; defaults to `out/widget`. */
  widgetDir?: string | null;
  rateLimits?: Partial<ChatRateLimitOptions>;
  log: (msg: string, extra?: unknown) => void;
}

export interface ChatChannel {
  visitors: VisitorNamespace;
  close(): Promise<void>;
}

export async function startChatChannel(deps: ChatChannelDeps): Promise<ChatChannel> {
  const { app, db, realtime, log } = deps;
  await registerChatRoutes(app, db, deps.widgetDir ?? DEFAULT_WIDGET_DIR);
  const visitors = createVisitorNamespace({
    io: realtime.io as never,
    db,
    ingest: deps.ingest,
    poke: (head) => realtime.poke(head),
    available: createAvailability(realtime.io.of('/') as never),
    limits: new ChatRateLimits({ ...DEFAULT_CHAT_RATE_LIMITS, ...deps.rateLimits }),
    log,
  });
  deps.delivery.register('chat', createChatSender(visitors));
  bindChatTyping(realtime, visitors, db, log);

  if (deps.traffic) {
    await ensureDemoWidget(db);
    deps.traffic.setDriver(
      'chat',
      createDemoChatDriver(db, () => {
        const address = app.server.address();
        if (!address || typeof address === 'string') throw new Error('The hub is not listening yet');
        const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
        return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      }),
    );
  }
  return {
    visitors,
    async close() {
      visitors.disconnectSockets(true);
    },
  };
}
