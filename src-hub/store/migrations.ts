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

const m0010_telephony: Migration = {
  async up(db: Kysely<any>) {
    // Switch to phone (issue 7). Call-log entries are thread messages; callbacks are queue items
    // of their own with a deadline, reassignable, escalated to the leads when overdue.
    await db.schema
      .createTable('callbacks')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('customer_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('assignee_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
      .addColumn('due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('ext', 'text')
      .addColumn('customer_time_zone', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'cancelled')`))
      .addColumn('escalated_at', 'timestamptz')
      .addColumn('done_call_id', 'uuid')
      .addColumn('done_at', 'timestamptz')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('callbacks_conversation_idx').on('callbacks').column('conversation_id').execute();
    // The escalation sweep reads open callbacks by due time.
    await db.schema.createIndex('callbacks_status_due_idx').on('callbacks').columns(['status', 'due_at']).execute();
    // Admin-edited hub configuration, one JSON value per key (`telephony`: service hours, click-to-dial).
    await db.schema
      .createTable('hub_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'jsonb', (c) => c.notNull())
      .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // Channel-switch reporting reads call-log entries (notes with channelMeta.call) by time.
    await sql`create index messages_call_log_idx on messages (created_at) where channel_meta ? 'call'`.execute(db);
  },
};

const m0020_customer_360: Migration = {
  async up(db: Kysely<any>) {
    // Customer 360: master data from agents or the CRM, the score's inputs, and the states a
    // customer can be in besides "active": merged into another (kept for unmerge) or erased.
    await db.schema
      .alterTable('customers')
      .addColumn('customer_number', 'text')
      .addColumn('segment', 'text')
      .addColumn('owner', 'text')
      .addColumn('score_inputs', 'jsonb')
      // What the score adds to the customer's conversations' queue priority (derived, stored so
      // ingest can use it without recomputing).
      .addColumn('priority_boost', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('merged_into', 'uuid', (c) => c.references('customers.id').onDelete('set null'))
      .addColumn('erased_at', 'timestamptz')
      .execute();
    // The CRM's key: unique while set (a merged-away record gives its number to the survivor).
    await sql`create unique index customers_number_key on customers (customer_number) where customer_number is not null`.execute(db);
    // Identity resolution looks identities up by address or number across channels.
    await sql`create index identities_handle_lower_idx on identities (lower(handle))`.execute(db);
    await db.schema.createIndex('identities_provider_user_idx').on('identities').column('provider_user_id').execute();

    await db.schema
      .createTable('customer_consents')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('identity_id', 'uuid', (c) => c.references('identities.id').onDelete('set null'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('recorded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('customer_consents_customer_idx').on('customer_consents').column('customer_id').execute();

    await db.schema
      .createTable('customer_rewards')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('granted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('customer_rewards_customer_idx').on('customer_rewards').column('customer_id').execute();

    // Every merge with the snapshot that undoes it exactly (see src-shared/domain/customer-merge.ts).
    await db.schema
      .createTable('customer_merges')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('survivor_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('merged_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('merged_name', 'text', (c) => c.notNull())
      .addColumn('fields_taken', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      // Null once the merge is undone or either customer is erased (it holds personal data).
      .addColumn('snapshot', 'jsonb')
      .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('undone_at', 'timestamptz')
      .addColumn('undone_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .execute();

    // The audit log: who linked, merged, unmerged, exported or erased whom. No personal data in
    // `detail` (ids and field names only), so it survives an erasure.
    await db.schema
      .createTable('customer_audit')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('customer_id', 'uuid', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('customer_audit_customer_idx').on('customer_audit').column('customer_id').execute();
  },
};

const m0030_lead_tools: Migration = {
  async up(db: Kysely<any>) {
    // Routing skills and capacity per agent; empty lists mean "any". Leads edit them.
    await db.schema
      .createTable('agent_profiles')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('channels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('capacity', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('default_capacity', 'integer', (c) => c.notNull().defaultTo(5).check(sql`default_capacity >= 0`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // What each agent chose, and since when she has no console connected (the hub's truth).
    await db.schema
      .createTable('agent_presence')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('available', 'busy', 'away', 'offline')`))
      .addColumn('state_set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('offline_since', 'timestamptz')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('shifts')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ended_at', 'timestamptz')
      .addColumn('handover_note', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    // At most one open shift per agent.
    await sql`create unique index shifts_open_idx on shifts (user_id) where ended_at is null`.execute(db);
    // What happened to conversations, for reports and the dashboard's "today". Written by triggers,
    // so every path — console mutations, batches, ingest, routing, channel code — is counted alike.
    await db.schema
      .createTable('work_events')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.notNull())
      .addColumn('user_id', 'uuid')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('department_id', 'text', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('work_events_at_idx').on('work_events').columns(['at', 'kind']).execute();
    await db.schema.createIndex('work_events_conversation_idx').on('work_events').columns(['conversation_id', 'kind', 'at']).execute();
    await sql`
      create function work_events_conversation() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into work_events (conversation_id, user_id, kind, channel, department_id, at)
            values (new.id, null, 'created', new.channel, new.department_id, new.created_at);
          return null;
        end if;
        if new.assignee_id is distinct from old.assignee_id then
          insert into work_events (conversation_id, user_id, kind, channel, department_id)
            values (new.id, coalesce(new.assignee_id, old.assignee_id), case when new.assignee_id is null then 'unassigned' else 'assigned' end, new.channel, new.department_id);
        end if;
        if new.status is distinct from old.status and (new.status = 'closed' or old.status = 'closed') then
          insert into work_events (conversation_id, user_id, kind, channel, department_id)
            values (new.id, new.assignee_id, case when new.status = 'closed' then 'closed' else 'reopened' end, new.channel, new.department_id);
        end if;
        if new.department_id is distinct from old.department_id then
          insert into work_events (conversation_id, user_id, kind, channel, department_id)
            values (new.id, new.assignee_id, 'transferred', new.channel, new.department_id);
        end if;
        if new.channel is distinct from old.channel then
          insert into work_events (conversation_id, user_id, kind, channel, department_id)
            values (new.id, new.assignee_id, 'channel_switch', new.channel, new.department_id);
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger conversations_work_insert after insert on conversations for each row execute function work_events_conversation()`.execute(db);
    await sql`create trigger conversations_work_update after update on conversations for each row
      when (old.assignee_id is distinct from new.assignee_id or old.status is distinct from new.status
            or old.department_id is distinct from new.department_id or old.channel is distinct from new.channel)
      execute function work_events_conversation()`.execute(db);
    await sql`
      create function work_events_message() returns trigger language plpgsql as $$
      begin
        insert into work_events (conversation_id, user_id, kind, channel, department_id, at)
          select new.conversation_id, new.author_id, case when new.direction = 'outbound' then 'reply' else 'note' end,
                 new.channel, c.department_id, new.created_at
          from conversations c where c.id = new.conversation_id;
        -- A call logged in a conversation of another channel is a switch to the phone (issue 7's
        -- call log: a note with channel_meta.call.fromChannel).
        if new.direction = 'note' and new.channel_meta ? 'call'
           and coalesce(new.channel_meta->'call'->>'fromChannel', 'phone') <> 'phone' then
          insert into work_events (conversation_id, user_id, kind, channel, department_id, at)
            select new.conversation_id, new.author_id, 'channel_switch', new.channel_meta->'call'->>'fromChannel',
                   c.department_id, new.created_at
            from conversations c where c.id = new.conversation_id;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger messages_work_insert after insert on messages for each row
      when (new.direction <> 'inbound') execute function work_events_message()`.execute(db);
    // Agents' open loads per channel: routing rounds, capacity checks and the dashboard count them.
    await sql`create index conversations_assignee_open_idx on conversations (assignee_id, channel) where status <> 'closed'`.execute(db);
    // The dashboard counts today's traffic and draws the last hours from this index.
    await db.schema.createIndex('messages_created_direction_idx').on('messages').columns(['created_at', 'direction']).execute();
    // Warnings and breaches, recorded once per timer run (a timer's due time identifies the run).
    await db.schema
      .createTable('sla_events')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('warning', 'breached')`))
      .addColumn('due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('assignee_id', 'uuid')
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('sla_events_run_key', ['conversation_id', 'kind', 'state', 'due_at'])
      .execute();
    await db.schema.createIndex('sla_events_recorded_idx').on('sla_events').column('recorded_at').execute();
    // Early warnings raised to leads, with the messages behind them.
    await db.schema
      .createTable('lead_alerts')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('messages', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

// Issue 5 (collaboration): tags from #hashtags in internal notes. A JSON array on the conversation,
// because it travels with the conversation's change anyway and is read with it, never on its own.
const m0060_conversation_tags: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table conversations add column tags jsonb not null default '[]'::jsonb`.execute(db);
  },
};

// Issue 5: canned responses. Named to sort after 0060_conversation_tags (Kysely runs by name).
const m0060_shared_replies: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('canned_responses')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('updated_by', 'uuid', (c) => c.notNull().references('users.id'))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};

// Issue 5 (queue): snooze. The wake time lives on the conversation (it travels with its change);
// the partial index keeps the hub's wake sweep a short index scan over the few snoozed rows.
/** System events of conversations (assigned, transferred, closed…) for the thread (issue 5). */
const m0080_conversation_events: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('conversation_events')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('assigned', 'unassigned', 'transferred', 'closed', 'reopened', 'snoozed', 'woken')`))
      .addColumn('actor_id', 'uuid', (c) => c.references('users.id'))
      .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('conversation_events_thread_idx').on('conversation_events').columns(['conversation_id', 'created_at']).execute();
  },
};

const m0070_conversation_snooze: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table conversations add column snoozed_until timestamptz`.execute(db);
    await sql`create index conversations_snoozed_until_idx on conversations (snoozed_until) where snoozed_until is not null`.execute(db);
  },
};

// Issue 8 (lead tools under load): the dashboard reads each agent's first conversations by
// waiting time, and routing reads the waiting queue oldest first; without these both scanned every
// open conversation on each push or round.
const m0095_lead_load_indexes: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index conversations_assignee_waiting_idx on conversations (assignee_id, waiting_since) where status <> 'closed'`.execute(db);
    await sql`create index conversations_waiting_queue_idx on conversations ((coalesce(waiting_since, created_at))) where status = 'open' and assignee_id is null`.execute(db);
  },
};

// Issue 8: a counter that every change to users or sessions bumps in the same transaction, so the
// poke feed can keep who each socket is between commits and re-read it only when it may differ.
const m0095_viewer_generation: Migration = {
  async up(db: Kysely<any>) {
    await sql`insert into hub_state (key, value) values ('viewer_generation', 0) on conflict (key) do nothing`.execute(db);
    await sql`
      create function bump_viewer_generation() returns trigger language plpgsql as $$
      begin
        update hub_state set value = value + 1 where key = 'viewer_generation';
        return null;
      end $$`.execute(db);
    await sql`create trigger users_viewer_generation after insert or update or delete or truncate on users for each statement execute function bump_viewer_generation()`.execute(db);
    await sql`create trigger sessions_viewer_generation after insert or update or delete or truncate on sessions for each statement execute function bump_viewer_generation()`.execute(db);
  },
};

// Issue 8: routing and the dashboard keep the roster (enabled users, their profiles and chosen
// presence) in memory and re-read it only when this counter moved. Statement triggers bump it in
// the writing transaction, so no write path — a lead's save, an admin's SQL, a reconnect — can
// leave a stale roster behind (one would route over capacity or to a disabled colleague).
const m0100_roster_generation: Migration = {
  async up(db: Kysely<any>) {
    await sql`insert into hub_state (key, value) values ('roster_generation', 0) on conflict (key) do nothing`.execute(db);
    await sql`
      create function bump_roster_generation() returns trigger language plpgsql as $$
      begin
        update hub_state set value = value + 1 where key = 'roster_generation';
        return null;
      end $$`.execute(db);
    for (const table of ['users', 'agent_profiles', 'agent_presence']) {
      await sql`create trigger ${sql.raw(`${table}_roster_generation`)} after insert or update or delete or truncate on ${sql.table(table)} for each statement execute function bump_roster_generation()`.execute(db);
    }
  },
};

// Issue 8: the SLA sweep reads the conversations that are not closed in short chunks by id (so it
// never holds PGlite's one connection for long); this index lets each chunk start where the last
// one ended instead of scanning the closed majority of the table.
const m0110_sla_sweep_keyset: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index conversations_unclosed_id_idx on conversations (id) where status <> 'closed'`.execute(db);
  },
};

/** In-code provider: migrations ship inside the hub bundle, no directory scanning. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { '0001_initial': m0001_initial, '0002_changelog_floor': m0002_changelog_floor, '0003_change_scope': m0003_change_scope, '0004_bootstrap_keyset': m0004_bootstrap_keyset, '0007_channels': m0007_channels, '0008_email_attachments': m0008_email_attachments, '0020_customer_360': m0020_customer_360, '0010_telephony': m0010_telephony, '0030_lead_tools': m0030_lead_tools, '0060_conversation_tags': m0060_conversation_tags, '0060_shared_replies': m0060_shared_replies, '0070_conversation_snooze': m0070_conversation_snooze, '0080_conversation_events': m0080_conversation_events, '0095_lead_load_indexes': m0095_lead_load_indexes, '0095_viewer_generation': m0095_viewer_generation, '0100_roster_generation': m0100_roster_generation, '0110_sla_sweep_keyset': m0110_sla_sweep_keyset };
  },
};
