/**
 * IMAP polling for mailboxes kept on an existing mail server: every account whose settings name an
 * IMAP host is read every `imapPollMs`; unseen mail goes through the same parser and ingest path as
 * SMTP, and is marked \Seen only after it is stored.
 *
 * A mail the hub refuses (too big, unparseable) is flagged with {@link REJECTED_KEYWORD} and left
 * unseen, so a person finds it in the mailbox and the poller does not fetch it again. A temporary
 * failure (database down) leaves the mail unseen and stops this round; the next one retries. A
 * crash between storing and marking only means the next round finds a duplicate, which the ingest
 * path recognises by Message-ID.
 */
import { ImapFlow } from 'imapflow';
import type { HubLogger } from '../../app.js';
import { listChannelAccounts, type ChannelAccountRow } from '../registry.js';
import { emailSecretsOf, emailSettingsOf } from './account.js';
import { ingestMail, type MailIngestDeps } from './inbound.js';
import { MailRejected } from './parse.js';

export const REJECTED_KEYWORD = '$SwitchboardRejected';

export interface ImapPollerOptions {
  deps: MailIngestDeps;
  intervalMs: number;
  maxMessageBytes: number;
  log: HubLogger;
}

export interface PollSummary {
  stored: number;
  duplicates: number;
  rejected: number;
}

export class ImapPoller {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<PollSummary> | null = null;
  /** Refused mails per account ("uidValidity:uid"), for servers that refuse custom keywords. */
  readonly #refused = new Map<string, Set<string>>();

  constructor(private readonly options: ImapPollerOptions) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.pollNow().catch((error: unknown) => this.options.log('IMAP poll failed', error));
    }, this.options.intervalMs);
    this.#timer.unref();
    void this.pollNow().catch((error: unknown) => this.options.log('IMAP poll failed', error));
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  /** Poll every IMAP mailbox once (joins a round in progress). */
  pollNow(): Promise<PollSummary> {
    this.#running ??= this.#pollAll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #pollAll(): Promise<PollSummary> {
    const total: PollSummary = { stored: 0, duplicates: 0, rejected: 0 };
    const accounts = (await listChannelAccounts(this.options.deps.db, 'email')).filter((a) => a.enabled && emailSettingsOf(a).imap);
    for (const account of accounts) {
      try {
        const summary = await this.pollAccount(account);
        total.stored += summary.stored;
        total.duplicates += summary.duplicates;
        total.rejected += summary.rejected;
      } catch (error) {
        this.options.log(`IMAP: polling ${account.address} failed; will retry`, error);
      }
    }
    return total;
  }

  /** Fetch, store and mark the unseen mail of one mailbox. */
  async pollAccount(account: ChannelAccountRow): Promise<PollSummary> {
    const imap = emailSettingsOf(account).imap;
    if (!imap) return { stored: 0, duplicates: 0, rejected: 0 };
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: emailSecretsOf(account).imapPassword ?? '' },
      logger: false,
      connectionTimeout: 15_000,
    });
    // A dropped connection is reported through the running command; the event needs a listener.
    client.on('error', (error: Error) => this.options.log(`IMAP: connection to ${imap.host} failed`, error));
    await client.connect();
    try {
      const lock = await client.getMailboxLock(imap.mailbox);
      try {
        return await this.#drain(client, account);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async #drain(client: ImapFlow, account: ChannelAccountRow): Promise<PollSummary> {
    const summary: PollSummary = { stored: 0, duplicates: 0, rejected: 0 };
    const validity = client.mailbox ? String(client.mailbox.uidValidity) : '0';
    const refused = this.#refused.get(account.id) ?? new Set<string>();
    this.#refused.set(account.id, refused);
    const uids = (await client.search({ seen: false, unKeyword: REJECTED_KEYWORD }, { uid: true })) || [];
    for (const uid of uids) {
      if (refused.has(`${validity}:${uid}`)) continue;
      const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!head) continue; // expunged meanwhile
      try {
        if ((head.size ?? 0) > this.options.maxMessageBytes) {
          throw new MailRejected(552, `The mail is larger than this mailbox accepts (${this.options.maxMessageBytes} bytes)`);
        }
        const full = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!full || !full.source) continue;
        const result = await ingestMail(this.options.deps, full.source, account, null);
        if (result.status === 'stored') summary.stored++;
        else summary.duplicates++;
      } catch (error) {
        if (!(error instanceof MailRejected)) throw error; // temporary: leave unseen, retry next round
        summary.rejected++;
        refused.add(`${validity}:${uid}`);
        this.options.log(`IMAP: refused mail ${uid} in ${account.address}: ${error.message}`);
        await client.messageFlagsAdd(String(uid), [REJECTED_KEYWORD], { uid: true }).catch(() => false);
        continue;
      }
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
    return summary;
  }
}
