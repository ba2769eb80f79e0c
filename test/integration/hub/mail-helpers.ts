/**
 * Real mail parts for the email tests: a customer's mail client (nodemailer) speaking SMTP to the
 * hub's listener, and a local SMTP relay (smtp-server) that captures what the hub sends out and
 * can be told to answer with temporary or permanent failures.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { HubConfig } from '../../../src-hub/config.js';

/** Email config for a test hub: listener on a free loopback port, small limits to test them. */
export function testEmailConfig(overrides: Partial<NonNullable<HubConfig['email']>> = {}): NonNullable<HubConfig['email']> {
  return {
    smtp: { host: '127.0.0.1', port: 0, tls: null },
    maxMessageBytes: 300_000,
    maxAttachmentBytes: 100_000,
    imapPollMs: 3_600_000,
    ...overrides,
  };
}

export interface SmtpFailure {
  responseCode?: number;
  response?: string;
  message: string;
}

/** Send one mail to the hub's listener; resolves with the server's reply or rejects with it. */
export async function sendToHub(port: number, mail: SendMailOptions): Promise<{ response: string }> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5_000 });
  try {
    const info = await transport.sendMail(mail);
    return { response: String(info.response) };
  } finally {
    transport.close();
  }
}

/** The SMTP failure a send ended with (fails the test when it succeeded). */
export async function refusedBy(port: number, mail: SendMailOptions): Promise<SmtpFailure> {
  try {
    const { response } = await sendToHub(port, mail);
    throw new Error(`expected the hub to refuse the mail, it answered: ${response}`);
  } catch (error) {
    const e = error as SmtpFailure;
    if (e.responseCode === undefined) throw error;
    return e;
  }
}

export interface CapturedMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface CaptureRelay {
  port: number;
  mails: CapturedMail[];
  /** 'ok' accepts; 'temporary' answers DATA with 451; 'permanent' refuses recipients with 550. */
  mode: 'ok' | 'temporary' | 'permanent';
  close(): Promise<void>;
}

/** A local SMTP relay standing in for the company's mail server. */
export async function startCaptureRelay(): Promise<CaptureRelay> {
  const relay: CaptureRelay = { port: 0, mails: [], mode: 'ok', close: async () => undefined };
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    disableReverseLookup: true,
    closeTimeout: 500,
    onRcptTo(address, _session, callback) {
      if (relay.mode === 'permanent') return callback(Object.assign(new Error(`No such user ${address.address}`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (relay.mode === 'temporary') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            relay.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  relay.port = typeof address === 'object' && address ? address.port : 0;
  relay.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return relay;
}

/** Poll `check` until it holds (the hub works asynchronously: delivery runs after the reply commits). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000, tick?: () => void): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    tick?.();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
