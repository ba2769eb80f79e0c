/**
 * Visitor tokens: how a returning visitor is recognised without an account.
 *
 * A token is `<visitor id>.<HMAC-SHA256(widget key, account id + visitor id)>`: a random id the hub
 * chose, signed with a per-widget key kept in the widget account's secrets. A visitor cannot forge
 * one for another visitor id, and the hub needs no token table: the signature is the proof.
 * Clearing the key (an admin saving the account with `visitorTokenKey: ''`) invalidates every token
 * of that widget at once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { getChannelAccount, type ChannelAccountRow } from '../registry.js';
import type { Database } from '../../store/schema.js';
import { VISITOR_TOKEN_KEY_SECRET } from './settings.js';

/** Visitor ids: hub-made ones are 32 hex digits; demo visitors have shorter ones. */
const VISITOR_ID = /^[A-Za-z0-9_-]{6,64}$/;

/** The provider user id of a visitor's chat identity. */
export const visitorUserId = (visitorId: string): string => `visitor-${visitorId}`;

/** The visitor id behind a chat identity's provider user id, or null when it is not a visitor's. */
export function visitorIdOf(providerUserId: string): string | null {
  if (!providerUserId.startsWith('visitor-')) return null;
  const id = providerUserId.slice('visitor-'.length);
  return VISITOR_ID.test(id) ? id : null;
}

export const newVisitorId = (): string => randomBytes(16).toString('hex');

/**
 * The widget's signing key, created on first use.
 *
 * Two hub nodes may race to create it: the update only applies where no key is set yet, and both
 * read back the one that won.
 */
export async function tokenKeyOf(db: Kysely<Database>, account: ChannelAccountRow): Promise<Buffer> {
  const existing = account.secrets?.[VISITOR_TOKEN_KEY_SECRET];
  if (existing) return Buffer.from(existing, 'base64url');
  const fresh = randomBytes(32).toString('base64url');
  await sql`update channel_accounts
    set secrets = secrets || ${JSON.stringify({ [VISITOR_TOKEN_KEY_SECRET]: fresh })}::jsonb
    where id = ${account.id} and (secrets ->> ${VISITOR_TOKEN_KEY_SECRET}) is null`.execute(db);
  const stored = (await getChannelAccount(db, account.id))?.secrets?.[VISITOR_TOKEN_KEY_SECRET];
  if (!stored) throw new Error(`The chat widget ${account.id} has no visitor token key`);
  account.secrets = { ...account.secrets, [VISITOR_TOKEN_KEY_SECRET]: stored };
  return Buffer.from(stored, 'base64url');
}

const mac = (key: Buffer, accountId: string, visitorId: string): string =>
  createHmac('sha256', key).update(`chat-visitor:${accountId}:${visitorId}`).digest('base64url');

/** A token for `visitorId` on this widget. */
export async function issueVisitorToken(db: Kysely<Database>, account: ChannelAccountRow, visitorId: string): Promise<string> {
  if (!VISITOR_ID.test(visitorId)) throw new Error('Invalid visitor id');
  return `${visitorId}.${mac(await tokenKeyOf(db, account), account.id, visitorId)}`;
}

/** The visitor id a token proves, or null when it is malformed or not signed by this widget's key. */
export async function verifyVisitorToken(db: Kysely<Database>, account: ChannelAccountRow, token: string): Promise<string | null> {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const visitorId = token.slice(0, dot);
  if (!VISITOR_ID.test(visitorId)) return null;
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(await tokenKeyOf(db, account), account.id, visitorId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : null;
}
