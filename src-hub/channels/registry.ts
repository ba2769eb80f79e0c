/**
 * The channel account registry: every mailbox, Facebook/Instagram page, WhatsApp number, X account
 * and chat widget the hub receives on and answers from.
 *
 * Admins configure accounts over the socket (`channels:*` events, admin role). Credentials live in
 * `secrets` and never leave the hub: what consoles get is {@link toPublicAccount}, which lists only
 * the names of the secrets that are set. Each channel module validates its own `settings` and
 * `secrets` shape with {@link ChannelAccountSpec} schemas registered here.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { Channel, ChannelAccount, DepartmentId, SaveChannelAccountRequest } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import type { ChannelAccountsTable, Database } from '../store/schema.js';

export type ChannelAccountRow = Selectable<ChannelAccountsTable>;

/** What a channel module declares about its accounts' configuration. */
export interface ChannelAccountSpec {
  /** Non-secret settings (e.g. the provider's API base URL, an IMAP host). */
  settings: z.ZodType<Record<string, unknown>>;
  /** Credentials; stored on the hub only. */
  secrets: z.ZodType<Record<string, string>>;
  /** Normalise the provider address (lower-case a mailbox, strip a `+` from a number). */
  normaliseAddress?: (address: string) => string;
}

const specs = new Map<Channel, ChannelAccountSpec>();

/** Channel modules call this once at import time. */
export function registerChannelAccountSpec(channel: Channel, spec: ChannelAccountSpec): void {
  specs.set(channel, spec);
}

function specFor(channel: Channel): ChannelAccountSpec | undefined {
  return specs.get(channel);
}

/** The admin-facing view of an account: settings, and which secrets are set — never their values. */
export function toPublicAccount(row: ChannelAccountRow): ChannelAccount {
  return {
    id: row.id,
    channel: row.channel,
    name: row.name,
    address: row.address,
    departmentId: row.department_id,
    settings: row.settings ?? {},
    secretsSet: Object.keys(row.secrets ?? {}).sort(),
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listChannelAccounts(db: Kysely<Database>, channel?: Channel): Promise<ChannelAccountRow[]> {
  let query = db.selectFrom('channel_accounts').selectAll().orderBy('channel').orderBy('name');
  if (channel) query = query.where('channel', '=', channel);
  return query.execute();
}

export async function getChannelAccount(db: Kysely<Database>, id: string): Promise<ChannelAccountRow | undefined> {
  return db.selectFrom('channel_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The enabled account a provider addressed (a mailbox, a page id, a phone number id…). */
export async function findChannelAccount(db: Kysely<Database>, channel: Channel, address: string): Promise<ChannelAccountRow | undefined> {
  const normalised = specFor(channel)?.normaliseAddress?.(address) ?? address;
  return db
    .selectFrom('channel_accounts')
    .selectAll()
    .where('channel', '=', channel)
    .where('address', '=', normalised)
    .where('enabled', '=', true)
    .executeTakeFirst();
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HubError('bad_request', `Invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, {
      reason: 'channel.invalid',
      params: { what, details: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ') },
    });
  }
  return parsed.data;
}

/**
 * Create or update an account. Secrets are merged: a key sent as an empty string is removed, a key
 * left out keeps its stored value (the admin UI never sees them, so it cannot send them back).
 */
export async function saveChannelAccount(db: Kysely<Database>, req: SaveChannelAccountRequest): Promise<ChannelAccountRow> {
  const spec = specFor(req.channel);
  const address = spec?.normaliseAddress?.(req.address) ?? req.address;
  const existing = req.id ? await getChannelAccount(db, req.id) : undefined;
  if (req.id && !existing) throw new HubError('not_found', 'This channel account does not exist', { reason: 'channel.notFound' });
  if (existing && existing.channel !== req.channel) throw new HubError('bad_request', 'The channel of an account cannot change', { reason: 'channel.cannotChange' });

  const secrets: Record<string, string> = { ...(existing?.secrets ?? {}) };
  for (const [key, value] of Object.entries(req.secrets ?? {})) {
    if (value === '') delete secrets[key];
    else secrets[key] = value;
  }
  const settings = spec ? parseWith(spec.settings, req.settings ?? {}, `${req.channel} settings`) : (req.settings ?? {});
  if (spec) parseWith(spec.secrets, secrets, `${req.channel} credentials`);

  const clash = await db
    .selectFrom('channel_accounts')
    .select('id')
    .where('channel', '=', req.channel)
    .where('address', '=', address)
    .executeTakeFirst();
  if (clash && clash.id !== existing?.id) throw new HubError('conflict', `Another ${req.channel} account already uses ${address}`, { reason: 'channel.addressTaken', params: { channel: req.channel, address } });

  const values = {
    channel: req.channel,
    name: req.name,
    address,
    department_id: req.departmentId as DepartmentId,
    settings: JSON.stringify(settings),
    secrets: JSON.stringify(secrets),
    enabled: req.enabled ?? existing?.enabled ?? true,
    updated_at: new Date(),
  };
  if (existing) {
    return db.updateTable('channel_accounts').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
  }
  return db
    .insertInto('channel_accounts')
    .values({ id: randomUUID(), ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Remove an account. Its conversations stay (their `channel_account_id` becomes null; replies then
 * fail with a clear reason until they are moved to another account).
 */
export async function removeChannelAccount(db: Kysely<Database>, id: string): Promise<void> {
  const removed = await db.deleteFrom('channel_accounts').where('id', '=', id).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new HubError('not_found', 'This channel account does not exist', { reason: 'channel.notFound' });
}
