/**
 * DSGVO: export everything about a customer (Art. 15/20), and erase a customer (Art. 17).
 *
 * Erase leaves no personal data anywhere in the hub's database: identities are removed (the
 * conversations keep a placeholder identity per channel, because a conversation needs one),
 * message bodies, channel details (mail headers, HTML), snippets and subjects are replaced,
 * attachments only this customer's mail referenced are deleted, stored mutation results that
 * carried message texts are blanked, merge snapshots and free-text notes are cleared, callbacks lose
 * their number and note, early-warning alerts their quotes of these messages, and the
 * change log's old rows about these records are deleted — consoles receive the anonymized
 * versions (and `identity-removed`) instead. The audit log keeps the fact of the erasure.
 */
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CustomerExport, User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { toConversation, toCustomer, toIdentity, toMessage } from '../store/mappers.js';
import type { Database } from '../store/schema.js';
import { toCallback } from '../telephony/service.js';
import { audit, toConsent, toMergeRecord, toReward } from './rows.js';

/** What replaces erased texts. */
export const ERASED_TEXT = '[erased]';
export const ERASED_NAME = 'Erased customer';

/** Everything the hub holds about `customerId`, as JSON-ready objects. The export is audited. */
export async function exportCustomer(db: Kysely<Database>, user: User, customerId: string): Promise<CustomerExport> {
  return db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw new HubError('not_found', 'No such customer', { reason: 'customer.notFound' });
    const [identities, conversations, consents, rewards, merges] = await Promise.all([
      trx.selectFrom('identities').selectAll().where('customer_id', '=', customerId).execute(),
      trx.selectFrom('conversations').selectAll().where('customer_id', '=', customerId).orderBy('created_at').execute(),
      trx.selectFrom('customer_consents').selectAll().where('customer_id', '=', customerId).execute(),
      trx.selectFrom('customer_rewards').selectAll().where('customer_id', '=', customerId).execute(),
      trx.selectFrom('customer_merges').selectAll().where((eb) => eb.or([eb('survivor_id', '=', customerId), eb('merged_id', '=', customerId)])).execute(),
    ]);
    const messages = conversations.length
      ? await trx.selectFrom('messages').selectAll().where('conversation_id', 'in', conversations.map((c) => c.id)).orderBy('created_at').execute()
      : [];
    await audit(trx, customerId, 'export', user.id, {});
    const auditRows = await trx.selectFrom('customer_audit').selectAll().where('customer_id', '=', customerId).orderBy('created_at').execute();
    return {
      exportedAt: new Date().toISOString(),
      customer: toCustomer(customer),
      identities: identities.map(toIdentity),
      conversations: conversations.map(toConversation),
      messages: messages.map(toMessage),
      consents: consents.map(toConsent),
      rewards: rewards.map(toReward),
      merges: merges.map(toMergeRecord),
      audit: auditRows.map((a) => ({ id: a.id, action: a.action, actorId: a.actor_id, detail: a.detail, createdAt: new Date(a.created_at).toISOString() })),
    };
  });
}

type Trx = Transaction<Database>;

/**
 * Erase a customer, and the records merged into it, in one transaction.
 *
 * @throws HubError('not_found'), ('conflict') when already erased or merged away, ('bad_request')
 * when `confirmName` is not the customer's name.
 */
export async function eraseCustomer(db: Kysely<Database>, user: User, req: { customerId: string; confirmName: string }): Promise<{ head: number }> {
  const { head, captured } = await eraseInDatabase(db, user, req);
  // Demo mode writes replies it cannot send to <data dir>/email-outbox/<message id>.eml; they
  // quote the customer too. Removed after the commit (a crash in between leaves a file, never a
  // half-erased database).
  await Promise.all(captured.map((file) => unlink(file).catch(() => undefined)));
  return { head };
}

async function eraseInDatabase(db: Kysely<Database>, user: User, req: { customerId: string; confirmName: string }): Promise<{ head: number; captured: string[] }> {
  return db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').selectAll().where('id', '=', req.customerId).forUpdate().executeTakeFirst();
    if (!customer) throw new HubError('not_found', 'No such customer', { reason: 'customer.notFound' });
    if (customer.erased_at) throw new HubError('conflict', 'This customer was erased already', { reason: 'privacy.erased' });
    if (customer.merged_into) throw new HubError('conflict', 'This customer was merged into another: erase that one', { reason: 'privacy.mergedErase' });
    if (req.confirmName.trim().toLowerCase() !== customer.name.trim().toLowerCase()) {
      throw new HubError('bad_request', "Type the customer's name exactly to confirm the erasure", { reason: 'privacy.confirmName' });
    }
    const customerIds = await withMergedAway(trx, req.customerId);
    const changes: PendingChange[] = [];
    const touched = new Set<string>(customerIds);

    const conversations = await trx.selectFrom('conversations').select(['id', 'channel', 'department_id']).where('customer_id', 'in', customerIds).execute();
    const conversationIds = conversations.map((c) => c.id);
    let messageCount = 0;
    const captured: string[] = [];
    if (conversationIds.length) {
      await eraseAttachments(trx, conversationIds);
      const files = await trx
        .selectFrom('messages')
        .select(['id', sql<string | null>`channel_meta->>'captured'`.as('file')])
        .where('conversation_id', 'in', conversationIds)
        .where(sql<boolean>`channel_meta ? 'captured'`)
        .execute();
      // Only the files the demo sender names after the message, in its email-outbox folder.
      for (const f of files) if (f.file && basename(f.file) === `${f.id}.eml` && basename(dirname(f.file)) === 'email-outbox') captured.push(f.file);
      const messages = await trx
        .updateTable('messages')
        .set({ body: ERASED_TEXT, channel_meta: '{}', delivery_error: null })
        .where('conversation_id', 'in', conversationIds)
        .returningAll()
        .execute();
      messageCount = messages.length;
      for (const m of messages) {
        touched.add(m.id);
        changes.push({ entity: 'message', data: toMessage(m) });
      }
      await trx.updateTable('deliveries').set({ last_error: null }).where('conversation_id', 'in', conversationIds).execute();
      // Stored results of replies and actions repeat the message text and conversation.
      await sql`update mutations set result = '{"erased":true}'::jsonb
        where result->'conversation'->>'id' = any(${conversationIds}::text[]) or result->'message'->>'conversationId' = any(${conversationIds}::text[])`.execute(trx);
      // A conversation needs an identity: one placeholder per channel, with nothing personal in it.
      for (const channel of new Set(conversations.map((c) => c.channel))) {
        const placeholder = await trx
          .insertInto('identities')
          .values({ id: randomUUID(), customer_id: req.customerId, channel, handle: ERASED_TEXT, provider_user_id: `erased:${randomUUID()}`, display_name: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        changes.push({ entity: 'identity', data: toIdentity(placeholder) });
        await trx
          .updateTable('conversations')
          .set({ identity_id: placeholder.id })
          .where('id', 'in', conversations.filter((c) => c.channel === channel).map((c) => c.id))
          .execute();
      }
      const rows = await trx
        .updateTable('conversations')
        .set((eb) => ({ snippet: ERASED_TEXT, subject: null, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', 'in', conversationIds)
        .returningAll()
        .execute();
      for (const c of rows) {
        touched.add(c.id);
        changes.push({ entity: 'conversation', data: toConversation(c) });
      }
    }

    // Stored results of the customer edits (outbox mutations) repeat master data and consent texts.
    await sql`update mutations set result = '{"erased":true}'::jsonb
      where result->'customer'->>'id' = any(${customerIds}::text[]) or result->'consent'->>'customerId' = any(${customerIds}::text[])
         or result->'reward'->>'customerId' = any(${customerIds}::text[])`.execute(trx);

    if (conversationIds.length) {
      // Callbacks hold the number to call and a note (switch to phone).
      const callbacks = await trx
        .updateTable('callbacks')
        .set((eb) => ({ number: ERASED_TEXT, ext: null, note: ERASED_TEXT, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('conversation_id', 'in', conversationIds)
        .returningAll()
        .execute();
      const departments = new Map(conversations.map((c) => [c.id, c.department_id]));
      for (const cb of callbacks) {
        touched.add(cb.id);
        changes.push({ entity: 'callback', data: toCallback(cb, departments.get(cb.conversation_id)!) });
      }
      // Early-warning alerts quote the messages behind them.
      await sql`update lead_alerts set messages = (
          select coalesce(jsonb_agg(case when m->>'conversationId' = any(${conversationIds}::text[]) then m || '{"body":"[erased]"}'::jsonb else m end), '[]'::jsonb)
          from jsonb_array_elements(messages) m)
        where exists (select 1 from jsonb_array_elements(messages) m where m->>'conversationId' = any(${conversationIds}::text[]))`.execute(trx);
    }

    const removed = await trx
      .deleteFrom('identities')
      .where('customer_id', 'in', customerIds)
      .where('provider_user_id', 'not like', 'erased:%')
      .returning('id')
      .execute();
    for (const r of removed) {
      touched.add(r.id);
      changes.push({ entity: 'identity-removed', data: { id: r.id } });
    }

    const consents = await trx
      .updateTable('customer_consents')
      .set({ source: ERASED_TEXT, revoked_at: sql`coalesce(revoked_at, now())`, customer_id: req.customerId })
      .where('customer_id', 'in', customerIds)
      .returningAll()
      .execute();
    for (const c of consents) {
      touched.add(c.id);
      changes.push({ entity: 'consent', data: toConsent(c) });
    }
    const rewards = await trx
      .updateTable('customer_rewards')
      .set({ note: ERASED_TEXT, customer_id: req.customerId })
      .where('customer_id', 'in', customerIds)
      .returningAll()
      .execute();
    for (const r of rewards) {
      touched.add(r.id);
      changes.push({ entity: 'reward', data: toReward(r) });
    }
    const merges = await trx
      .updateTable('customer_merges')
      .set({ merged_name: ERASED_TEXT, snapshot: null })
      .where((eb) => eb.or([eb('survivor_id', 'in', customerIds), eb('merged_id', 'in', customerIds)]))
      .returningAll()
      .execute();
    for (const m of merges) {
      touched.add(m.id);
      changes.push({ entity: 'merge', data: toMergeRecord(m) });
    }

    const customers = await trx
      .updateTable('customers')
      .set({
        name: ERASED_NAME,
        language: null,
        country: null,
        customer_number: null,
        segment: null,
        owner: null,
        score_inputs: null,
        priority_boost: 0,
        erased_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', 'in', customerIds)
      .returningAll()
      .execute();
    for (const c of customers) changes.push({ entity: 'customer', data: toCustomer(c) });

    // The log's earlier versions of these rows still hold the personal data: drop them; consoles
    // get the erased versions appended below (a console behind simply never sees the old ones).
    await trx.deleteFrom('changes').where('entity_id', 'in', [...touched]).execute();
    await audit(trx, req.customerId, 'erase', user.id, {
      customers: customerIds.length,
      conversations: conversationIds.length,
      messages: messageCount,
      identities: removed.length,
    });
    return { head: await appendChanges(trx, changes), captured };
  });
}

/** The customer and every record merged into it (directly or through a chain of merges). */
async function withMergedAway(trx: Trx, customerId: string): Promise<string[]> {
  const ids = [customerId];
  for (let i = 0; i < ids.length; i++) {
    const rows = await trx.selectFrom('customers').select('id').where('merged_into', '=', ids[i]!).execute();
    for (const r of rows) if (!ids.includes(r.id)) ids.push(r.id);
  }
  return ids;
}

/** Delete mail attachments that only these conversations' messages reference. */
async function eraseAttachments(trx: Trx, conversationIds: string[]): Promise<void> {
  const rows = await sql<{ sha256: string }>`
    select distinct a->>'sha256' as sha256
    from messages m, jsonb_array_elements(case when jsonb_typeof(m.channel_meta->'attachments') = 'array' then m.channel_meta->'attachments' else '[]'::jsonb end) a
    where m.conversation_id = any(${conversationIds}::uuid[])`.execute(trx);
  for (const { sha256 } of rows.rows) {
    if (!sha256) continue;
    const elsewhere = await sql<{ n: number }>`
      select count(*)::int as n from messages
      where conversation_id <> all(${conversationIds}::uuid[]) and channel_meta->'attachments' @> ${JSON.stringify([{ sha256 }])}::jsonb`.execute(trx);
    if ((elsewhere.rows[0]?.n ?? 0) === 0) await trx.deleteFrom('email_attachments').where('sha256', '=', sha256).execute();
  }
}
