/**
 * What a visitor may read and change in the store: their own chat messages on one widget (never
 * notes, never other visitors') and their name and email on their chat identity.
 */
import type { Kysely, Selectable } from 'kysely';
import { VisitorEmailSchema, type VisitorMessage, type VisitorProfile } from '../../../src-shared/index.js';
import { appendChanges, type PendingChange } from '../../store/changes.js';
import { toCustomer, toIdentity } from '../../store/mappers.js';
import type { Database, MessagesTable } from '../../store/schema.js';
import { visitorUserId } from './visitor-token.js';

/** How many earlier messages a returning visitor gets back. */
export const HISTORY_LIMIT = 200;

/** The provider message id of a visitor's message: namespaced, so one visitor's ids never collide with another's. */
export const visitorMessageKey = (visitorId: string, clientMessageId: string): string => `${visitorId}:${clientMessageId}`;

/** Agents appear to visitors by first name only (their full names and emails stay internal). */
export function agentDisplayName(fullName: string | null): string | null {
  if (!fullName) return null;
  return fullName.trim().split(/\s+/)[0] ?? null;
}

type VisibleRow = Pick<Selectable<MessagesTable>, 'id' | 'direction' | 'body' | 'provider_message_id' | 'created_at'> & { author_name: string | null };

/** The visitor's view of a stored message; null for anything a visitor must not see (notes). */
export function toVisitorMessage(row: VisibleRow, visitorId: string): VisitorMessage | null {
  if (row.direction !== 'inbound' && row.direction !== 'outbound') return null;
  const prefix = `${visitorId}:`;
  return {
    id: row.id,
    author: row.direction === 'inbound' ? 'visitor' : 'agent',
    body: row.body,
    agentName: row.direction === 'outbound' ? agentDisplayName(row.author_name) : null,
    clientMessageId: row.direction === 'inbound' && row.provider_message_id?.startsWith(prefix) ? row.provider_message_id.slice(prefix.length) : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function visibleMessages(db: Kysely<Database>, accountId: string, visitorId: string) {
  return db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('identities', 'identities.id', 'conversations.identity_id')
    .leftJoin('users', 'users.id', 'messages.author_id')
    .select(['messages.id', 'messages.direction', 'messages.body', 'messages.provider_message_id', 'messages.created_at', 'users.name as author_name'])
    .where('identities.channel', '=', 'chat')
    .where('identities.provider_user_id', '=', visitorUserId(visitorId))
    .where('conversations.channel_account_id', '=', accountId)
    .where('messages.channel', '=', 'chat')
    // Customer-facing messages only: internal notes never reach a visitor, nor do replies that
    // failed to leave the hub.
    .where('messages.direction', 'in', ['inbound', 'outbound'])
    .where((eb) => eb.or([eb('messages.delivery_status', 'is', null), eb('messages.delivery_status', '!=', 'failed')]));
}

/** The visitor's messages and the replies to them on this widget, oldest first. */
export async function visitorHistory(db: Kysely<Database>, accountId: string, visitorId: string): Promise<VisitorMessage[]> {
  const rows = await visibleMessages(db, accountId, visitorId).orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(HISTORY_LIMIT).execute();
  return rows
    .reverse()
    .map((row) => toVisitorMessage(row, visitorId))
    .filter((m): m is VisitorMessage => m !== null);
}

/** One of the visitor's own messages by id (after storing it, or for a retried send). */
export async function visitorMessage(db: Kysely<Database>, accountId: string, visitorId: string, messageId: string): Promise<VisitorMessage | null> {
  const row = await visibleMessages(db, accountId, visitorId).where('messages.id', '=', messageId).executeTakeFirst();
  return row ? toVisitorMessage(row, visitorId) : null;
}

/** The visitor's chat identity, once they have written. */
export function visitorIdentity(db: Kysely<Database>, visitorId: string) {
  return db.selectFrom('identities').selectAll().where('channel', '=', 'chat').where('provider_user_id', '=', visitorUserId(visitorId)).executeTakeFirst();
}

/**
 * Name and email as stored on the identity: the display name is the name; the handle is the email
 * when one was given (else the name or a placeholder).
 */
export function profileOfIdentity(identity: { display_name: string | null; handle: string }): VisitorProfile {
  const email = VisitorEmailSchema.safeParse(identity.handle);
  return { name: identity.display_name, email: email.success ? email.data : null };
}

/** How a visitor appears to agents: handle (email, else name, else a short placeholder) and display name. */
export function identityFields(visitorId: string, profile: VisitorProfile): { handle: string; displayName: string | null } {
  return { handle: profile.email ?? profile.name ?? `Visitor ${visitorId.slice(0, 6)}`, displayName: profile.name };
}

/**
 * Write a changed name or email onto the visitor's identity (and onto the customer when its name
 * was only derived from this identity), in one transaction with the change-log entries consoles
 * pull. Returns the new change-log head, or 0 when nothing changed or the visitor has not written yet.
 */
export async function saveVisitorProfile(db: Kysely<Database>, visitorId: string, profile: VisitorProfile): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const identity = await trx
      .selectFrom('identities')
      .selectAll()
      .where('channel', '=', 'chat')
      .where('provider_user_id', '=', visitorUserId(visitorId))
      .forUpdate()
      .executeTakeFirst();
    if (!identity) return 0;
    const fields = identityFields(visitorId, profile);
    if (identity.handle === fields.handle && identity.display_name === fields.displayName) return 0;
    const changes: PendingChange[] = [];
    const updated = await trx
      .updateTable('identities')
      .set({ handle: fields.handle, display_name: fields.displayName })
      .where('id', '=', identity.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    changes.push({ entity: 'identity', data: toIdentity(updated) });
    const customer = await trx.selectFrom('customers').selectAll().where('id', '=', identity.customer_id).executeTakeFirstOrThrow();
    // Ingest named the customer after the identity; a name an agent gave them stays.
    if (customer.name === (identity.display_name ?? identity.handle)) {
      const renamed = await trx
        .updateTable('customers')
        .set({ name: fields.displayName ?? fields.handle, updated_at: new Date() })
        .where('id', '=', customer.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      changes.push({ entity: 'customer', data: toCustomer(renamed) });
    }
    return appendChanges(trx, changes);
  });
}
