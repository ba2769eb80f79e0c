/**
 * The hub under test: the real `createHub` on PGlite in a temporary data directory (demo off,
 * port 0) serving the built console, plus a writer for customer traffic that the bench generates.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Selectable } from 'kysely';
import { createHub, type Hub } from '../../src-hub/app.js';
import type { HubConfig } from '../../src-hub/config.js';
import { appendChanges, type PendingChange } from '../../src-hub/store/changes.js';
import { snippetOf, toConversation, toMessage, type MessageRow } from '../../src-hub/store/mappers.js';
import type { ConversationsTable } from '../../src-hub/store/schema.js';
import type { Channel, Conversation } from '../../src-shared/index.js';
import { HTML_MAX_BYTES, HTML_MIN_BYTES, HTML_SHARE, type OpenConversation } from './dataset.js';
import { customerText, htmlEmail } from './content.js';
import type { Random } from './stats.js';
import { loopbackHubConfig } from '../support/hub-config.js';

export interface BenchHub {
  hub: Hub;
  dataDir: string;
  /** Errors the hub logged (failed events etc.): printed at the end, never silently dropped. */
  errors: string[];
  close(): Promise<void>;
}

export async function startBenchHub(consoleDir: string): Promise<BenchHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  const errors: string[] = [];
  const config: HubConfig = loopbackHubConfig(dataDir, { sessionTtlMs: 12 * 3_600_000, consoleDir });
  const hub = await createHub(config, (msg, extra) => {
    if (extra !== undefined) errors.push(`${msg}: ${extra instanceof Error ? extra.message : JSON.stringify(extra)}`);
  });
  return {
    hub,
    dataDir,
    errors,
    async close() {
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One customer message the bench makes arrive at the hub. */
export interface InboundEvent {
  conversationId: string;
  channel: Channel;
  body: string;
  html: boolean;
  /** When it reached the hub (the event time). */
  at: Date;
}

/**
 * Customer traffic into existing conversations that are not closed, with the dataset's mix: 5 %
 * are HTML emails of 5–50 KB, the rest short messages.
 */
export function makeEvents(rng: Random, targets: readonly OpenConversation[], n: number, at: (i: number) => Date): InboundEvent[] {
  const emails = targets.filter((t) => t.channel === 'email');
  const events: InboundEvent[] = [];
  for (let i = 0; i < n; i++) {
    const html = emails.length > 0 && rng.next() < HTML_SHARE;
    const target = html ? rng.pick(emails) : rng.pick(targets);
    const body = html ? htmlEmail(rng, rng.int(HTML_MIN_BYTES, HTML_MAX_BYTES), 'Re: Ihre Anfrage', 'customer@example.com') : customerText(rng);
    events.push({ conversationId: target.id, channel: target.channel, body, html, at: at(i) });
  }
  return events;
}

/**
 * Store a batch of customer messages as `ingestInbound` stores each one — the message row, the
 * conversation update (reopen, version + 1 per message, snippet, waiting time) and a message and
 * a conversation change-log entry per message — but in one transaction of four statements per
 * batch, as a hub with group commit would. Returns the new head.
 *
 * Why not `hub.ingest`: on PGlite it stores one message per transaction with about ten
 * statements, far below the 500/s the console must keep up with (the bench prints the rate); this
 * writer lets the bench load the console rather than the hub's single embedded connection. The
 * change-log entries are built with the hub's own mappers and appended with `appendChanges`, so the
 * console receives what ingest would send. When one batch holds several messages for the same
 * conversation, each conversation entry carries the version and snippet after its own message.
 */
export async function writeInbound(hub: Hub, events: readonly InboundEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows: MessageRow[] = events.map((e) => {
    const id = randomUUID();
    return {
      id,
      conversation_id: e.conversationId,
      channel: e.channel,
      direction: 'inbound',
      author_id: null,
      body: e.body,
      channel_meta: e.html ? { contentType: 'text/html' } : {},
      provider_message_id: `bench-live-${id}`,
      created_at: e.at,
    };
  });
  const perConversation = new Map<string, { n: number; snippet: string; first: Date; last: Date }>();
  for (const e of events) {
    const agg = perConversation.get(e.conversationId);
    if (!agg) perConversation.set(e.conversationId, { n: 1, snippet: snippetOf(e.body), first: e.at, last: e.at });
    else {
      agg.n++;
      agg.snippet = snippetOf(e.body);
      if (e.at < agg.first) agg.first = e.at;
      if (e.at > agg.last) agg.last = e.at;
    }
  }
  const values = sql.join(
    [...perConversation].map(([id, a]) => sql`(${id}::uuid, ${a.n}::int, ${a.snippet}::text, ${a.last}::timestamptz, ${a.first}::timestamptz)`),
  );
  return hub.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('messages')
      .values(rows.map((r) => ({ ...r, channel_meta: JSON.stringify(r.channel_meta) })))
      .execute();
    const updated = await sql<Selectable<ConversationsTable>>`
      update conversations c set status = 'open', version = c.version + v.n, snippet = v.snippet,
        last_message_at = greatest(c.last_message_at, v.last_at), waiting_since = coalesce(c.waiting_since, v.first_at),
        updated_at = now()
      from (values ${values}) as v(id, n, snippet, last_at, first_at)
      where c.id = v.id
      returning c.*`.execute(trx);
    const after = new Map(updated.rows.map((r) => [r.id, toConversation(r)]));
    const applied = new Map<string, number>();
    const changes: PendingChange[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const final = after.get(e.conversationId);
      if (!final) throw new Error(`writeInbound: conversation ${e.conversationId} does not exist`);
      const k = (applied.get(e.conversationId) ?? 0) + 1;
      applied.set(e.conversationId, k);
      const behind = perConversation.get(e.conversationId)!.n - k;
      const conversation: Conversation = { ...final, version: final.version - behind, snippet: snippetOf(e.body) };
      changes.push({ entity: 'message', data: toMessage(rows[i]!) }, { entity: 'conversation', data: conversation });
    }
    return appendChanges(trx, changes);
  });
}
