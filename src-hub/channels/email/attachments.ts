/**
 * Attachment bytes, stored by content address before the mail's message is ingested.
 *
 * The message (with the attachment list in channelMeta) is written by the one ingest path in its
 * own transaction, which this module cannot join; so the bytes go in first. If the ingest then
 * fails, the sender is told to retry and the rows wait for the retry (which finds them by hash);
 * rows that no message ever came to reference are removed by {@link sweepOrphanAttachments}.
 * Attachments are only ever stored and served as bytes, never opened or executed by the hub.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ParsedAttachment } from './parse.js';

/** Store the attachments (idempotent); touching existing rows keeps the sweep away from them. */
export async function storeAttachments(db: Kysely<Database>, attachments: readonly ParsedAttachment[]): Promise<void> {
  for (const a of attachments) {
    await db
      .insertInto('email_attachments')
      .values({ sha256: a.sha256, content_type: a.contentType, size: a.size, content: a.content })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ created_at: new Date() }))
      .execute();
  }
}

/** One attachment's bytes and type, e.g. for a download route. */
export async function readAttachment(db: Kysely<Database>, sha256: string): Promise<{ contentType: string; content: Uint8Array } | undefined> {
  const row = await db.selectFrom('email_attachments').select(['content_type', 'content']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { contentType: row.content_type, content: row.content } : undefined;
}

/**
 * Remove attachments older than `olderThan` that no email message lists. The age guard covers a
 * mail whose bytes are stored but whose message is still being ingested.
 */
export async function sweepOrphanAttachments(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const result = await db
    .deleteFrom('email_attachments')
    .where('created_at', '<', olderThan)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('messages')
            .select(sql`1`.as('one'))
            .where('messages.channel', '=', 'email')
            .where(sql<boolean>`messages.channel_meta->'attachments' @> jsonb_build_array(jsonb_build_object('sha256', email_attachments.sha256))`),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
