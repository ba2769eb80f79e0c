/**
 * The hub's inbound SMTP listener: the MX (or forwarding target) for the configured mailboxes.
 *
 * It accepts mail only for enabled email channel accounts (550 for any other recipient), tells
 * clients the size limit up front (EHLO SIZE; 552 when exceeded), answers 5xx with the reason for
 * mail it will not store, and 4xx when storing failed for a reason that may pass (the database is
 * unreachable), so the sending server keeps the mail and retries. A mail is answered 250 only after
 * the ingest transaction committed.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { HubLogger } from '../../app.js';
import { findChannelAccount, type ChannelAccountRow } from '../registry.js';
import { ingestMail, type MailIngestDeps } from './inbound.js';
import { MailRejected } from './parse.js';

export interface SmtpListenerOptions {
  host: string;
  port: number;
  tls: { keyFile: string; certFile: string } | null;
  maxMessageBytes: number;
  deps: MailIngestDeps;
  log: HubLogger;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/** An Error smtp-server turns into the SMTP reply `code message`. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

const TEMPORARY = 'The mailbox cannot store mail right now; please try again later';

/** The first recipient of this transaction that is one of our mailboxes. */
async function accountFor(deps: MailIngestDeps, session: SMTPServerSession): Promise<ChannelAccountRow | undefined> {
  for (const rcpt of session.envelope.rcptTo) {
    const account = await findChannelAccount(deps.db, 'email', rcpt.address);
    if (account) return account;
  }
  return undefined;
}

/** Read the DATA stream; smtp-server keeps counting past the limit, we stop keeping bytes. */
function readData(stream: SMTPServerDataStream): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
  });
}

/** Start listening; resolves once the port is bound (SMTP_PORT=0 picks a free one). */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { deps, log } = options;
  const tls = options.tls ? { key: await readFile(options.tls.keyFile), cert: await readFile(options.tls.certFile) } : null;
  const server = new SMTPServer({
    name: hostname(),
    banner: 'Switchboard hub',
    logger: false,
    // Receiving mail for our own mailboxes needs no login; there is no relaying to authorise.
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !tls,
    ...(tls ?? {}),
    size: options.maxMessageBytes,
    rejectOversized: true,
    maxClients: 100,
    maxRecipients: 100,
    closeTimeout: 2_000,
    disableReverseLookup: true,

    onRcptTo(address, _session, callback) {
      findChannelAccount(deps.db, 'email', address.address).then(
        (account) => callback(account ? null : smtpError(550, `No mailbox ${address.address} here`)),
        (error: unknown) => {
          log('SMTP: mailbox lookup failed', error);
          callback(smtpError(451, TEMPORARY));
        },
      );
    },

    onData(stream, session, callback) {
      void (async () => {
        const raw = await readData(stream);
        if (raw === null) return callback(smtpError(552, `The mail is larger than this mailbox accepts (${options.maxMessageBytes} bytes)`));
        const account = await accountFor(deps, session);
        if (!account) return callback(smtpError(550, 'None of the recipients is a mailbox here'));
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const result = await ingestMail(deps, raw, account, envelopeFrom || null);
        callback(null, result.status === 'stored' ? `Stored as ${result.messageId}` : `Already stored as ${result.messageId}`);
      })().catch((error: unknown) => {
        if (error instanceof MailRejected) return callback(smtpError(error.responseCode, error.message));
        log('SMTP: storing a mail failed; the sender was told to retry', error);
        callback(smtpError(451, TEMPORARY));
      });
    },
  });
  // Socket errors of single clients arrive here; without a listener they would crash the hub.
  server.on('error', (error) => log('SMTP listener error', error));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`The SMTP port ${options.host}:${options.port} is in use; set SMTP_PORT to another port, 0 for a free one, or off`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => {
      server.server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
