/**
 * The bench dataset: a seeded contact-center history, bulk-loaded straight into the hub's tables.
 *
 * Loading through `ingest` would take hours at this size (PGlite ingests ~50 messages/s one by
 * one), so rows go in with multi-row Kysely inserts, streamed conversation by conversation in
 * batches that never hold more than a few MB. The result must still be a state the hub could be
 * in: rows loaded without change-log entries are made consistent by pruning the log with the
 * hub's own `pruneChanges` — the state of a hub that has run longer than its log retention. Its
 * head and floor are then equal, and every change the bench measures afterwards goes through the
 * real change log.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { DEPARTMENTS, type Channel, type ConversationKind, type ConversationStatus, type MessageDirection, type User } from '../../src-shared/index.js';
import { hashPassword } from '../../src-hub/auth/passwords.js';
import { headSyncId, pruneChanges } from '../../src-hub/store/changes.js';
import { snippetOf } from '../../src-hub/store/mappers.js';
import type { Database } from '../../src-hub/store/schema.js';
import { createUser } from '../../src-hub/store/users.js';
import { SUBJECTS, agentText, customerText, htmlEmail, noteText, personName } from './content.js';
import { Random } from './stats.js';

export const FULL_SIZE = { conversations: 50_000, messages: 500_000, customers: 20_000 } as const;
/** Share of all messages that are HTML emails of 5–50 KB. */
export const HTML_SHARE = 0.05;
export const HTML_MIN_BYTES = 5 * 1024;
export const HTML_MAX_BYTES = 50 * 1024;
export const SEED = 0x5b_2024;

/** Conversation status mix: a tenth of all conversations is not closed (the queue). */
const STATUS_SHARE: readonly (readonly [ConversationStatus, number])[] = [
  ['open', 0.08],
  ['pending', 0.012],
  ['snoozed', 0.008],
];
/** No phone conversations: the hub refuses replies on them and the phone switch is not built yet. */
const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['email', 25],
  ['whatsapp', 25],
  ['chat', 15],
  ['facebook', 15],
  ['instagram', 12],
  ['x', 8],
];

export interface DatasetSize {
  scale: number;
  conversations: number;
  messages: number;
  customers: number;
}

export function datasetSize(scale: number): DatasetSize {
  return {
    scale,
    conversations: Math.round(FULL_SIZE.conversations * scale),
    messages: Math.round(FULL_SIZE.messages * scale),
    customers: Math.round(FULL_SIZE.customers * scale),
  };
}

export interface Staff {
  /** The agent the bench signs in as. */
  agent: User;
  password: string;
  colleagues: User[];
}

export interface OpenConversation {
  id: string;
  channel: Channel;
}

export interface DatasetSummary {
  size: DatasetSize;
  byStatus: Record<ConversationStatus, number>;
  messages: number;
  htmlEmails: number;
  htmlBytes: number;
  customers: number;
  identities: number;
  /** The change-log head (= floor) after loading. */
  head: number;
  /** Every conversation that is not closed: where new customer messages land. */
  notClosed: OpenConversation[];
}

export const BENCH_PASSWORD = 'bench-password-not-secret';

/** The signed-in agent, 15 agent colleagues and 2 leads, created through the hub's `createUser`. */
export async function createStaff(db: Kysely<Database>): Promise<Staff> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { user: agent } = await createUser(db, {
    email: 'bench.agent@switchboard.bench',
    name: 'Bench Agent',
    role: 'agent',
    departments: [...DEPARTMENTS],
    passwordHash,
  });
  const colleagues: User[] = [];
  for (let i = 0; i < 17; i++) {
    const { user } = await createUser(db, {
      email: `colleague${i}@switchboard.bench`,
      name: `Colleague ${i}`,
      role: i < 15 ? 'agent' : 'lead',
      departments: [...DEPARTMENTS],
      passwordHash,
    });
    colleagues.push(user);
  }
  return { agent, password: BENCH_PASSWORD, colleagues };
}

interface IdentityRef {
  id: string;
  customerId: string;
  channel: Channel;
  handle: string;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Messages per conversation: long-tailed (many short chats, a few long threads), summing exactly to `total`. */
function messageCounts(rng: Random, conversations: number, total: number): Uint16Array {
  const counts = new Uint16Array(conversations);
  const mean = total / conversations;
  let sum = 0;
  for (let i = 0; i < conversations; i++) {
    const c = Math.min(200, 1 + Math.floor(-Math.log(1 - rng.next()) * (mean - 1)));
    counts[i] = c;
    sum += c;
  }
  while (sum !== total) {
    const i = Math.floor(rng.next() * conversations);
    if (sum < total && counts[i]! < 200) {
      counts[i]!++;
      sum++;
    } else if (sum > total && counts[i]! > 1) {
      counts[i]!--;
      sum--;
    }
  }
  return counts;
}

function kindFor(rng: Random, channel: Channel): ConversationKind {
  if (channel === 'facebook' || channel === 'instagram') return rng.next() < 0.7 ? 'message' : 'comment';
  if (channel === 'x') return rng.weighted([['message', 5], ['mention', 3], ['comment', 2]] as const);
  return 'message';
}

function handleFor(channel: Channel, first: string, last: string, n: number): string {
  const plain = `${first}.${last}`.toLowerCase().normalize('NFKD').replace(/[^a-z.]/g, '');
  switch (channel) {
    case 'email':
      return `${plain}${n}@example.com`;
    case 'whatsapp':
      return `+49 15${String(n).padStart(9, '0')}`;
    case 'chat':
      return `visitor-${n}`;
    default:
      return `@${plain.replace('.', '_')}${n}`;
  }
}

/**
 * Stream customers, identities, conversations and messages into the hub database.
 *
 * Memory stays flat: only identity references (~26k at full size) and the current batch are held.
 */
export async function loadDataset(
  db: Kysely<Database>,
  size: DatasetSize,
  staff: Staff,
  log: (msg: string) => void,
): Promise<DatasetSummary> {
  const rng = new Random(SEED);
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const staffIds = [staff.agent.id, ...staff.colleagues.map((c) => c.id)];

  // Customers and their identities (30 % have a second channel).
  const identities: IdentityRef[] = [];
  const customerNames: string[] = [];
  for (let start = 0; start < size.customers; start += 1000) {
    const customers: Record<string, unknown>[] = [];
    const ids: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(size.customers, start + 1000); i++) {
      const { first, last } = personName(rng);
      const id = rng.uuid();
      const created = new Date(now - rng.int(200, 400) * DAY);
      const german = rng.next() < 0.55;
      customers.push({ id, name: `${first} ${last}`, language: german ? 'de' : 'en', country: german ? rng.pick(['DE', 'AT', 'CH']) : rng.pick(['GB', 'US', 'IE']), created_at: created, updated_at: created });
      customerNames.push(`${first} ${last}`);
      const channels = [rng.weighted(CHANNEL_WEIGHTS)];
      if (rng.next() < 0.3) {
        const second = rng.weighted(CHANNEL_WEIGHTS);
        if (second !== channels[0]) channels.push(second);
      }
      for (const channel of channels) {
        const ref: IdentityRef = { id: rng.uuid(), customerId: id, channel, handle: handleFor(channel, first, last, i) };
        identities.push(ref);
        ids.push({ id: ref.id, customer_id: id, channel, handle: ref.handle, provider_user_id: `${channel}-user-${i}`, display_name: `${first} ${last}`, created_at: created });
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('customers').values(customers as never).execute();
      await trx.insertInto('identities').values(ids as never).execute();
    });
  }

  // Which conversations are not closed, and a distinct identity for each of them (the hub keeps
  // at most one conversation per identity and kind open; distinct identities keep that true).
  const statuses: ConversationStatus[] = new Array<ConversationStatus>(size.conversations).fill('closed');
  let k = 0;
  for (const [status, share] of STATUS_SHARE) {
    const n = Math.round(size.conversations * share);
    for (let i = 0; i < n; i++) statuses[k++] = status;
  }
  shuffle(rng, statuses);
  const freeIdentities = shuffle(rng, identities.map((_, i) => i));
  if (k > freeIdentities.length) throw new Error('dataset: more open conversations than identities');
  const counts = messageCounts(rng, size.conversations, size.messages);

  const byStatus: Record<ConversationStatus, number> = { open: 0, pending: 0, snoozed: 0, closed: 0 };
  let conversationsBuf: Record<string, unknown>[] = [];
  let messagesBuf: Record<string, unknown>[] = [];
  let bufBytes = 0;
  let messages = 0;
  let htmlEmails = 0;
  let htmlBytes = 0;
  let nextOpenIdentity = 0;
  const started = Date.now();
  let nextReport = 0.1;

  const flush = async () => {
    if (conversationsBuf.length === 0) return;
    const convs = conversationsBuf;
    const msgs = messagesBuf;
    conversationsBuf = [];
    messagesBuf = [];
    bufBytes = 0;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values(convs as never).execute();
      for (let i = 0; i < msgs.length; i += 2000) await trx.insertInto('messages').values(msgs.slice(i, i + 2000) as never).execute();
    });
    if (messages / size.messages >= nextReport) {
      log(`  loaded ${messages.toLocaleString('en')} / ${size.messages.toLocaleString('en')} messages (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      nextReport += 0.1;
    }
  };

  for (let c = 0; c < size.conversations; c++) {
    const status = statuses[c]!;
    byStatus[status]++;
    const identity = status === 'closed' ? identities[Math.floor(rng.next() * identities.length)]! : identities[freeIdentities[nextOpenIdentity++]!]!;
    const channel = identity.channel;
    const kind = kindFor(rng, channel);
    const count = counts[c]!;
    const id = rng.uuid();
    const subject = channel === 'email' ? rng.pick(SUBJECTS) : null;
    // Closed work lies 1–180 days back; the queue is the last three days.
    const last = status === 'closed' ? now - DAY - rng.next() * 179 * DAY : now - rng.next() * 3 * DAY;
    const step = rng.int(2, 45) * MINUTE;
    const first = last - (count - 1) * step;

    let lastNoteless: { at: number; body: string } | null = null;
    let waitingSince: number | null = null;
    for (let m = 0; m < count; m++) {
      const at = m === count - 1 ? last : first + m * step + rng.int(0, 30_000);
      let direction: MessageDirection =
        m === 0 ? 'inbound' : rng.weighted([['inbound', 50], ['outbound', 42], ['note', 8]] as const);
      // Most open conversations wait for an answer: their last word is the customer's.
      if (m === count - 1 && status === 'open' && rng.next() < 0.7) direction = 'inbound';
      const messageId = rng.uuid();
      let body: string;
      let meta: Record<string, unknown> = {};
      if (direction === 'inbound') {
        if (channel === 'email' && htmlEmails < Math.round(HTML_SHARE * (messages + 1))) {
          body = htmlEmail(rng, rng.int(HTML_MIN_BYTES, HTML_MAX_BYTES), subject ?? '', identity.handle);
          htmlEmails++;
          htmlBytes += body.length;
          meta = { from: identity.handle, subject, contentType: 'text/html' };
        } else {
          body = customerText(rng);
          if (channel === 'email') meta = { from: identity.handle, subject, contentType: 'text/plain' };
        }
        if (waitingSince === null) waitingSince = at;
      } else {
        body = direction === 'note' ? noteText(rng) : agentText(rng);
        if (direction === 'outbound') waitingSince = null;
      }
      if (direction !== 'note') lastNoteless = { at, body };
      messagesBuf.push({
        id: messageId,
        conversation_id: id,
        channel,
        direction,
        author_id: direction === 'inbound' ? null : rng.pick(staffIds),
        body,
        channel_meta: JSON.stringify(meta),
        provider_message_id: direction === 'inbound' ? `bench-${messageId}` : null,
        created_at: new Date(at),
      });
      bufBytes += body.length;
      messages++;
    }

    const assignee =
      status === 'open' && rng.next() < 0.45 ? null : rng.next() < 0.06 ? staff.agent.id : rng.pick(staffIds);
    const priorityRoll = rng.next();
    conversationsBuf.push({
      id,
      customer_id: identity.customerId,
      identity_id: identity.id,
      channel,
      kind,
      status,
      assignee_id: assignee,
      department_id: rng.pick(DEPARTMENTS),
      priority: priorityRoll < 0.92 ? 0 : priorityRoll < 0.98 ? rng.int(1, 20) : rng.int(50, 90),
      subject,
      version: count + rng.int(0, 3),
      snippet: snippetOf(lastNoteless?.body ?? ''),
      last_message_at: new Date(lastNoteless?.at ?? last),
      waiting_since: status === 'open' && waitingSince !== null ? new Date(waitingSince) : null,
      created_at: new Date(first),
      updated_at: new Date(last),
    });
    if (messagesBuf.length >= 4000 || bufBytes >= 8_000_000) await flush();
  }
  await flush();

  // Planner statistics, as after any bulk import (PGlite runs no autovacuum daemon).
  await sql`analyze`.execute(db);
  // The log retention has passed for everything loaded: head = floor, an empty log.
  await pruneChanges(db, new Date(Date.now() + 60_000));
  const head = await headSyncId(db);
  const notClosed = await db.selectFrom('conversations').select(['id', 'channel']).where('status', '!=', 'closed').orderBy('id').execute();
  return {
    size,
    byStatus,
    messages,
    htmlEmails,
    htmlBytes,
    customers: customerNames.length,
    identities: identities.length,
    head,
    notClosed,
  };
}
