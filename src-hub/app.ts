/**
 * Assembles the hub: database, HTTP API, socket.io, demo mode. `createHub` is what `main.ts`
 * runs and what integration tests start on a free port.
 */
import Fastify from 'fastify';
import cors from '@fastify/cors';
import type { Kysely } from 'kysely';
import type { DemoAccount } from '../src-shared/index.js';
import type { HubConfig } from './config.js';
import { ensureBootstrapAdmin, ensureDepartments } from './store/bootstrap.js';
import { pruneChanges } from './store/changes.js';
import { openDatabase, type DatabaseKind } from './store/db.js';
import type { Database } from './store/schema.js';
import { registerRoutes } from './http/routes.js';
import { registerCustomerRoutes } from './customers/http.js';
import { startScoreSweep } from './customers/score-sweep.js';
import { startSnoozeSweep } from './conversations/snooze.js';
import { createRealtime, type Realtime } from './realtime/server.js';
import type { InboundMessage, IngestResult } from './ingest/ingest.js';
import { GroupCommitIngest } from './ingest/group-commit.js';
import { seedDemoWorkspace, demoAccounts } from './demo/seed.js';
import { TrafficGenerator } from './demo/traffic.js';
import { DeliveryDispatcher } from './channels/delivery.js';
import { startChatChannel, type ChatChannel } from './channels/chat/index.js';
import { startSocialChannels, type SocialChannels } from './channels/social/start.js';
import { startEmailChannel, type EmailChannel } from './channels/email/index.js';
import { startLeadTools, type LeadTools } from './lead/index.js';

export interface Hub {
  url: string;
  port: number;
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  realtime: Realtime;
  /** Ingest one customer message and poke consoles: the entry point for every channel. */
  ingest(message: InboundMessage): Promise<IngestResult>;
  traffic: TrafficGenerator | null;
  /** Outbound replies: channel modules register their senders here. */
  delivery: DeliveryDispatcher;
  /** The email channel (SMTP listener port, IMAP poller). */
  email: EmailChannel;
  /** Presence, routing, SLAs, the lead dashboard and early warnings. */
  lead: LeadTools;
  close(): Promise<void>;
}

/** Prune the change log now and then every hour; a failure is logged and retried next time. */
function startChangeLogPruning(db: Kysely<Database>, days: number, log: HubLogger): NodeJS.Timeout {
  const prune = () =>
    pruneChanges(db, new Date(Date.now() - days * 86_400_000)).then(
      ({ removed, floor }) => removed > 0 && log(`Pruned ${removed} changes (log floor now ${floor})`),
      (error: unknown) => log('change-log pruning failed', error),
    );
  void prune();
  const timer = setInterval(prune, 3_600_000);
  timer.unref();
  return timer;
}

export type HubLogger = (msg: string, extra?: unknown) => void;

const defaultLog: HubLogger = (msg, extra) => {
  if (extra instanceof Error) console.error(`[hub] ${msg}:`, extra.message);
  else if (extra !== undefined) console.log(`[hub] ${msg}`, extra);
  else console.log(`[hub] ${msg}`);
};

export async function createHub(config: HubConfig, log: HubLogger = defaultLog): Promise<Hub> {
  const { db, kind } = await openDatabase(config.database, {
    onFailure: (error) => log('the embedded database stopped; every request that needs it fails until the hub is restarted', error),
  });
  const app = Fastify({ logger: false, bodyLimit: 1_000_000, trustProxy: false });
  let realtime: Realtime | null = null;
  let traffic: TrafficGenerator | null = null;
  let chat: ChatChannel | null = null;
  let social: SocialChannels | null = null;
  let email: EmailChannel | null = null;
  let lead: LeadTools | null = null;
  const delivery = new DeliveryDispatcher(db, {
    onChange: (head) => realtime?.poke(head),
    log,
    // Demo conversations seeded without a channel account have nowhere real to go: accept them.
    fallback: config.demo ? async () => ({ providerMessageId: null, channelMeta: { demo: 'not sent anywhere: demo conversation without a channel account' } }) : undefined,
  });
  try {
    await ensureDepartments(db);
    let accounts: DemoAccount[] | null = null;
    if (config.demo) {
      accounts = demoAccounts();
      await seedDemoWorkspace(db, log);
    } else {
      await ensureBootstrapAdmin(db, config.bootstrapAdmin, log);
    }

    await app.register(cors, {
      origin: (origin, cb) => cb(null, origin === undefined || config.allowedOrigins.includes(origin)),
    });
    await registerRoutes(app, {
      db,
      databaseKind: kind,
      demoAccounts: accounts,
      sessionTtlMs: config.sessionTtlMs,
      consoleDir: config.consoleDir,
      onLogout: (sessionId) => realtime?.revokeSession(sessionId, { message: 'You signed out', key: 'session.signedOut' }),
      log,
    });
    await registerCustomerRoutes(app, { db, crmApiKey: config.crmApiKey ?? null, poke: (head) => realtime?.poke(head) });

    // Every channel's messages share one group-committing writer (see ingest/group-commit.ts).
    const inbound = new GroupCommitIngest(db);
    const ingest = async (message: InboundMessage): Promise<IngestResult> => {
      const result = await inbound.ingest(message);
      if (result.status === 'stored') {
        realtime?.poke(result.head);
        lead?.inbound({ messageId: result.messageId, conversationId: result.conversationId, body: message.body, at: message.receivedAt ?? new Date() });
      }
      return result;
    };

    if (config.demo) traffic = new TrafficGenerator(db, ingest, { intervalMs: config.demoTrafficIntervalMs, log });
    email = await startEmailChannel({ app, db, config, ingest, delivery, traffic, log });
    social = await startSocialChannels({ app, db, ingest, delivery, traffic, onChange: (head) => realtime?.poke(head), log });

    realtime = createRealtime(app.server, {
      db,
      allowedOrigins: config.allowedOrigins,
      demoInject: traffic ? (target) => traffic!.injectOne(target) : null,
      onPoke: () => {
        delivery.kick();
        lead?.changed();
      },
      log,
    });
    lead = startLeadTools(db, realtime, log, config.lead);
    chat = await startChatChannel({ app, db, realtime, ingest, delivery, traffic, widgetDir: config.chatWidgetDir, log });

    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    traffic?.start();
    delivery.start();
    const pruner = startChangeLogPruning(db, config.changeLogRetentionDays, log);
    const scoreSweep = startScoreSweep(db, (head) => realtime?.poke(head), log, config.scoreSweepMs ?? 300_000);
    const snoozeSweep = startSnoozeSweep(db, (head) => realtime?.poke(head), log, config.snoozeSweepMs ?? 15_000);

    const rt = realtime;
    const mail = email;
    const leadTools = lead;
    let closed = false;
    return {
      url,
      port,
      db,
      databaseKind: kind,
      realtime: rt,
      ingest,
      traffic,
      delivery,
      email: mail,
      lead: leadTools,
      async close() {
        if (closed) return;
        closed = true;
        await mail.close();
        traffic?.stop();
        await delivery.stop();
        await chat?.close();
        await social?.close();
        clearInterval(pruner);
        await scoreSweep.stop();
        await snoozeSweep.stop();
        // Messages already accepted are stored before the database closes.
        await inbound.idle();
        await leadTools.close();
        // socket.io first: the HTTP server's close waits for its connections.
        await rt.close();
        await app.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await email?.close().catch(() => undefined);
    traffic?.stop();
    await delivery.stop();
    await social?.close().catch(() => undefined);
    await chat?.close().catch(() => undefined);
    await lead?.close().catch(() => undefined);
    await realtime?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw error;
  }
}
