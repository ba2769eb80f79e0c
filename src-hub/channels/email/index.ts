/**
 * The email channel: the inbound SMTP listener, IMAP polling for mailboxes that ask for it, the
 * outbound sender, attachment downloads and their orphan sweep and, in demo mode, the demo
 * mailboxes and their driver.
 * `createHub` starts it with one call and stops it on close.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { HubLogger } from '../../app.js';
import type { HubConfig } from '../../config.js';
import type { TrafficGenerator } from '../../demo/traffic.js';
import type { InboundMessage, IngestResult } from '../../ingest/ingest.js';
import type { Database } from '../../store/schema.js';
import type { DeliveryDispatcher } from '../delivery.js';
import './account.js';
import { registerAttachmentRoute } from './attachment-route.js';
import { sweepOrphanAttachments } from './attachments.js';
import { createEmailDemoDriver, ensureDemoMailboxes } from './demo.js';
import { ImapPoller } from './imap-poller.js';
import { createEmailSender } from './sender.js';
import { startSmtpListener, type SmtpListener } from './smtp-listener.js';

export interface EmailChannel {
  /** The bound SMTP port, null when the listener is off. */
  smtpPort: number | null;
  imap: ImapPoller | null;
  close(): Promise<void>;
}

export interface EmailChannelDeps {
  app: FastifyInstance;
  db: Kysely<Database>;
  config: HubConfig;
  ingest: (message: InboundMessage) => Promise<IngestResult>;
  delivery: DeliveryDispatcher;
  traffic: TrafficGenerator | null;
  log: HubLogger;
}

const SWEEP_EVERY_MS = 3_600_000;
const ORPHAN_AGE_MS = 86_400_000;

/** Defaults for hubs whose config has no email section (tests, bench): no listener, no polling. */
const LIMITS_WITHOUT_CONFIG = { maxMessageBytes: 25 * 1024 * 1024, maxAttachmentBytes: 10 * 1024 * 1024 };

/** Start the email channel; the sender is always registered, listener and poller as configured. */
export async function startEmailChannel(deps: EmailChannelDeps): Promise<EmailChannel> {
  const { db, config, log } = deps;
  const email = config.email;
  const limits = email ?? LIMITS_WITHOUT_CONFIG;
  const ingestDeps = { db, ingest: deps.ingest, limits: { maxAttachmentBytes: limits.maxAttachmentBytes } };

  registerAttachmentRoute(deps.app, db);
  deps.delivery.register('email', createEmailSender({ captureDir: config.demo ? join(config.dataDir, 'email-outbox') : null }));
  if (config.demo) await ensureDemoMailboxes(db);

  let listener: SmtpListener | null = null;
  let poller: ImapPoller | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  try {
    if (email?.smtp) {
      listener = await startSmtpListener({ ...email.smtp, maxMessageBytes: email.maxMessageBytes, deps: ingestDeps, log });
      log(`SMTP listener on ${email.smtp.host}:${listener.port}`);
      const loopback = ['0.0.0.0', '::', ''].includes(email.smtp.host) ? '127.0.0.1' : email.smtp.host;
      deps.traffic?.setDriver('email', createEmailDemoDriver(db, loopback, listener.port));
    }
    if (email) {
      poller = new ImapPoller({ deps: ingestDeps, intervalMs: email.imapPollMs, maxMessageBytes: email.maxMessageBytes, log });
      poller.start();
      sweeper = setInterval(() => {
        sweepOrphanAttachments(db, new Date(Date.now() - ORPHAN_AGE_MS)).then(
          (removed) => removed > 0 && log(`Removed ${removed} attachments no mail refers to`),
          (error: unknown) => log('attachment sweep failed', error),
        );
      }, SWEEP_EVERY_MS);
      sweeper.unref();
    }
  } catch (error) {
    await listener?.close();
    throw error;
  }

  return {
    smtpPort: listener?.port ?? null,
    imap: poller,
    async close() {
      if (sweeper) clearInterval(sweeper);
      await poller?.stop();
      await listener?.close();
    },
  };
}
