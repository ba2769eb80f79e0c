/**
 * From a verified, parsed webhook to stored messages: route each event to its channel account,
 * validate every message before storing any, then ingest them one by one.
 *
 * A provider batch is not one transaction: each message is stored atomically and idempotently by
 * its provider id (the one ingest path guarantees both). If the database fails half-way, the hub
 * answers 5xx, the provider redelivers the whole batch, the messages already stored come back as
 * duplicates and the rest is stored — the batch completes without anything stored twice or half.
 * Validation happens up front so a malformed event refuses the whole batch before anything is written.
 */
import type { InboundMessage, IngestResult } from '../../ingest/ingest.js';
import { InboundMessageSchema } from '../../ingest/ingest.js';
import { HubError } from '../../errors.js';
import type { ChannelAccountRow } from '../registry.js';
import type { Channel } from '../../../src-shared/index.js';
import type { WebhookRefusal } from './webhook-scope.js';

/** One customer message found in a webhook, addressed to an account by the provider's id for it. */
export interface WebhookEvent {
  channel: Channel;
  /** Page id, Instagram account id, phone number id, X user id. */
  accountAddress: string;
  message: Omit<InboundMessage, 'accountId' | 'department' | 'channel'>;
}

export interface WebhookOutcome {
  stored: number;
  duplicates: number;
  /** Events for no configured account (or an account of another app); acknowledged and dropped. */
  unrouted: number;
}

export interface IngestDeps {
  ingest: (message: InboundMessage) => Promise<IngestResult>;
  log: (msg: string, extra?: unknown) => void;
}

/**
 * Route, validate and store `events`.
 *
 * @param accounts the enabled accounts of the provider, loaded once for the request.
 * @param mayUse whether an account may receive this request's events (it belongs to the app whose
 *   secret signed the request).
 */
export async function ingestWebhookEvents(
  events: WebhookEvent[],
  accounts: ChannelAccountRow[],
  mayUse: (account: ChannelAccountRow) => boolean,
  deps: IngestDeps,
): Promise<{ ok: true; outcome: WebhookOutcome } | { ok: false; refusal: WebhookRefusal }> {
  const ready: InboundMessage[] = [];
  let unrouted = 0;
  for (const event of events) {
    const account = accounts.find((a) => a.channel === event.channel && a.address === event.accountAddress && a.enabled);
    if (!account || !mayUse(account)) {
      unrouted += 1;
      deps.log(`webhook event for ${event.channel} account ${event.accountAddress} dropped: no such account signed by this app`);
      continue;
    }
    const message: InboundMessage = { ...event.message, channel: event.channel, accountId: account.id, department: account.department_id };
    const checked = InboundMessageSchema.safeParse(message);
    if (!checked.success) {
      return { ok: false, refusal: { status: 400, code: 'bad_request', message: `Event ${event.message.providerMessageId} is invalid: ${zodIssues(checked.error)}` } };
    }
    ready.push(message);
  }

  const outcome: WebhookOutcome = { stored: 0, duplicates: 0, unrouted };
  for (const message of ready) {
    try {
      const result = await deps.ingest(message);
      if (result.status === 'stored') outcome.stored += 1;
      else outcome.duplicates += 1;
    } catch (error) {
      if (error instanceof HubError && error.code === 'bad_request') {
        return { ok: false, refusal: { status: 400, code: 'bad_request', message: error.message } };
      }
      deps.log('webhook ingest failed; the provider will retry', error);
      return { ok: false, refusal: unavailable() };
    }
  }
  return { ok: true, outcome };
}

/** The retryable answer when the database cannot be reached: the provider redelivers later. */
export function unavailable(): WebhookRefusal {
  return { status: 503, code: 'unavailable', message: 'The hub cannot store messages right now; please retry.' };
}

/** The first few zod issues, readable in a 400 answer. */
export function zodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Milliseconds since the epoch → Date, when plausible (providers' clocks, not ours, decide order). */
export function dateFrom(ms: number | undefined): Date | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  // A timestamp far in the future (or before 2006) is a malformed one: keep the arrival time instead.
  if (ms < 1_136_073_600_000 || ms > Date.now() + 86_400_000) return undefined;
  return date;
}
