/**
 * The one migration set, run on start for both PGlite and PostgreSQL.
 *
 * Migrations are kept forever and never edited once released: add a new one instead.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const m0001_initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('departments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('agent', 'lead', 'admin')`))
      .addColumn('departments', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .execute();

    await db.schema
      .createTable('customers')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('language', 'text')
      .addColumn('country', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('identities')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('handle', 'text', (c) => c.notNull())
      .addColumn('provider_user_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // One person per provider id and channel: the key that ingest resolves senders by.
      .addUniqueConstraint('identities_channel_provider_user_key', ['channel', 'provider_user_id'])
      .execute();
    await db.schema.createIndex('identities_customer_idx').on('identities').column('customer_id').execute();

    await db.schema
      .createTable('conversations')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('identity_id', 'uuid', (c) => c.notNull().references('identities.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('subject', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('snippet', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('last_message_at', 'timestamptz', (c) => c.notNull())
      .addColumn('waiting_since', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('conversations_identity_status_idx')
      .on('conversations')
      .columns(['identity_id', 'kind', 'status'])
      .execute();
    await db.schema.createIndex('conversations_customer_idx').on('conversations').column('customer_id').execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('inbound', 'outbound', 'note')`))
      .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('channel_meta', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('provider_message_id', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      // Ingest is idempotent: a provider redelivering a message hits this constraint.
      .addUniqueConstraint('messages_channel_provider_message_key', ['channel', 'provider_message_id'])
      .execute();
    await db.schema
      .createIndex('messages_conversation_created_idx')
      .on('messages')
      .columns(['conversation_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('mutations')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('mutation_id', 'uuid', (c) => c.notNull())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('result', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // The dedupe key for replays after a lost acknowledgement.
      .addPrimaryKeyConstraint('mutations_pkey', ['client_id', 'mutation_id'])
      .execute();

    await db.schema
      .createTable('changes')
      .addColumn('sync_id', 'bigserial', (c) => c.primaryKey())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

const m0002_changelog_floor: Migration = {
  async up(db: Kysely<any>) {
    // Small key/value facts about the hub's own state. `changes_floor`: every change with a sync id
    // at or below it may have been pruned; a console whose cursor is older must bootstrap again.
    await db.schema
      .createTable('hub_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('changes_created_idx').on('changes').column('created_at').execute();
    await db.schema
      .createIndex('conversations_status_last_idx')
      .on('conversations')
      .columns(['status', 'last_message_at'])
      .execute();
  },
};

const m0003_change_scope: Migration = {
  async up(db: Kysely<any>) {
    // Who may see a conversation or message change: its conversation's department and assignee at
    // the time of the change. Pulls filter on these, and agents who lost access get a purge.
    await db.schema.alterTable('changes').addColumn('department_id', 'text').execute();
    await db.schema.alterTable('changes').addColumn('assignee_id', 'uuid').execute();
  },
};

const m0007_channels: Migration = {
  async up(db: Kysely<any>) {
    // The channel account registry: the mailboxes, pages, numbers, X accounts and chat widgets the
    // hub receives on and answers from. `secrets` (app secrets, access tokens, relay passwords)
    // never leaves the hub; `settings` is the non-secret part admins see.
    await db.schema
      .createTable('channel_accounts')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
      .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('secrets', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('channel_accounts_channel_address_key', ['channel', 'address'])
      .execute();
    // Which account a conversation came in on: replies go out from the same mailbox or page.
    await db.schema
      .alterTable('conversations')
      .addColumn('channel_account_id', 'uuid', (c) => c.references('channel_accounts.id').onDelete('set null'))
      .execute();
    // Outbound delivery, written in the same transaction as the reply (a transactional outbox on
    // the hub side): a crash between storing and sending never loses or doubles a reply.
    await db.schema.alterTable('messages').addColumn('delivery_status', 'text').execute();
    await db.schema.alterTable('messages').addColumn('delivery_error', 'text').execute();
    await db.schema
      .createTable('deliveries')
      .addColumn('message_id', 'uuid', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
      .addColumn('conversation_id', 'uuid', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('channel_account_id', 'uuid', (c) => c.references('channel_accounts.id').onDelete('set null'))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sent', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('provider_message_id', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('deliveries_due_idx').on('deliveries').columns(['status', 'next_attempt_at']).execute();
  },
};

const m0004_bootstrap_keyset: Migration = {
  async up(db: Kysely<any>) {
    // Bootstrap pages are key ranges over (last_message_at desc, id desc) within a status: with the
    // id in the index, the range bounds and the plan's row_number scan are answered from it alone.
    // It supersedes (status, last_message_at), its prefix.
    await db.schema
      .createIndex('conversations_status_last_id_idx')
      .on('conversations')
      .columns(['status', 'last_message_at', 'id'])
      .execute();
    await db.schema.dropIndex('conversations_status_last_idx').execute();
  },
};

const m0008_email_attachments: Migration = {
  async up(db: Kysely<any>) {
    // Mail attachments, stored once per content (sha256): a mail sent to several mailboxes or
    // redelivered after a temporary failure does not store its files twice. Bytes live in the
    // database rather than the data directory so several hub nodes on one PostgreSQL share them.
    await db.schema
      .createTable('email_attachments')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content', 'bytea', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

/** In-code provider: migrations ship inside the hub bundle, no directory scanning. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { '0001_initial': m0001_initial, '0002_changelog_floor': m0002_changelog_floor, '0003_change_scope': m0003_change_scope, '0004_bootstrap_keyset': m0004_bootstrap_keyset, '0007_channels': m0007_channels, '0008_email_attachments': m0008_email_attachments };
  },
};
