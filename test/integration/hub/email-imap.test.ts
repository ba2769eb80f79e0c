/**
 * IMAP polling against a real IMAP server (dovecot): unseen mail is stored through the same
 * parser and ingest path as SMTP and marked \Seen only after it is stored; refused mail is
 * flagged and left unseen; a database failure leaves the mail unseen for the next round.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTED_KEYWORD } from '../../../src-hub/channels/email/imap-poller.js';
import { countRows, emit, okData, startTestHub, type TestHub } from './harness.js';
import { startDovecot, type Dovecot } from './dovecot.js';
import { testEmailConfig } from './mail-helpers.js';

let t: TestHub;
let dovecot: Dovecot;
let imap: ImapFlow;

beforeAll(async () => {
  dovecot = await startDovecot();
  t = await startTestHub({ email: testEmailConfig({ smtp: null, maxMessageBytes: 200_000 }) });
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  const { socket: admin } = await t.connectAs(adminUser);
  okData(
    await emit(admin, 'channels:save', {
      channel: 'email',
      name: 'Shop Support',
      address: dovecot.user,
      departmentId: 'support',
      settings: { imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user } },
      secrets: { imapPassword: dovecot.password },
    }),
  );
  admin.disconnect();
  // The test's own client, standing in for the mail server's delivery and for a person looking at the mailbox.
  imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
});

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await t?.close();
  await dovecot?.stop();
});

function rawMail(opts: { from?: string | null; subject: string; body: string; id?: string }): { raw: string; id: string } {
  const id = opts.id ?? `${randomUUID()}@example.net`;
  const lines = [
    ...(opts.from === null ? [] : [`From: Customer <${opts.from ?? 'customer@example.net'}>`]),
    'To: support@shop.example',
    `Subject: ${opts.subject}`,
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body,
    '',
  ];
  return { raw: lines.join('\r\n'), id };
}

async function flagsByMessageId(): Promise<Map<string, Set<string>>> {
  const lock = await imap.getMailboxLock('INBOX');
  try {
    const result = new Map<string, Set<string>>();
    for await (const msg of imap.fetch('1:*', { envelope: true, flags: true })) {
      result.set(msg.envelope?.messageId?.slice(1, -1) ?? '', msg.flags ?? new Set());
    }
    return result;
  } finally {
    lock.release();
  }
}

async function stored(id: string): Promise<boolean> {
  const row = await t.db.selectFrom('messages').select('id').where('channel', '=', 'email').where('provider_message_id', '=', id).executeTakeFirst();
  return row !== undefined;
}

describe('IMAP polling', () => {
  it('stores unseen mail, marks it seen after storing, flags refused mail and leaves it unseen', async () => {
    const a = rawMail({ subject: 'Order 1', body: 'Where is order 1?' });
    const b = rawMail({ from: 'other@example.net', subject: 'Order 2', body: 'Where is order 2?' });
    const alreadyRead = rawMail({ subject: 'Old', body: 'read by a person already' });
    const tooBig = rawMail({ subject: 'Huge', body: 'x'.repeat(250_000) });
    const noSender = rawMail({ from: null, subject: 'Anonymous', body: 'who am I' });
    for (const m of [a, b, tooBig, noSender]) await imap.append('INBOX', m.raw, []);
    await imap.append('INBOX', alreadyRead.raw, ['\\Seen']);

    const summary = await t.hub.email.imap!.pollNow();
    expect(summary).toEqual({ stored: 2, duplicates: 0, rejected: 2 });
    expect(await stored(a.id)).toBe(true);
    expect(await stored(b.id)).toBe(true);
    expect(await stored(alreadyRead.id)).toBe(false);
    expect(await stored(tooBig.id)).toBe(false);
    const row = await t.db.selectFrom('messages').selectAll().where('provider_message_id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.body.trim()).toBe('Where is order 1?');

    const flags = await flagsByMessageId();
    expect(flags.get(a.id)?.has('\\Seen')).toBe(true);
    expect(flags.get(b.id)?.has('\\Seen')).toBe(true);
    for (const refused of [tooBig.id, noSender.id]) {
      expect(flags.get(refused)?.has('\\Seen')).toBe(false);
      expect(flags.get(refused)?.has(REJECTED_KEYWORD)).toBe(true);
    }
    expect(t.logs.some((l) => l.includes('larger than this mailbox accepts'))).toBe(true);

    // The next round finds nothing new.
    expect(await t.hub.email.imap!.pollNow()).toEqual({ stored: 0, duplicates: 0, rejected: 0 });
  });

  it('leaves mail unseen when storing fails, and stores it in the next round', async () => {
    const c = rawMail({ subject: 'During outage', body: 'Hello?' });
    await imap.append('INBOX', c.raw, []);
    const before = await countRows(t.db, 'messages');
    await sql`create or replace function fail_insert() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(t.db);
    await sql`create trigger messages_fail before insert on messages for each row execute function fail_insert()`.execute(t.db);
    try {
      expect(await t.hub.email.imap!.pollNow()).toEqual({ stored: 0, duplicates: 0, rejected: 0 });
      expect(t.logs.some((l) => l.includes('IMAP: polling support@shop.example failed'))).toBe(true);
    } finally {
      await sql`drop trigger messages_fail on messages`.execute(t.db);
    }
    expect(await countRows(t.db, 'messages')).toBe(before);
    expect((await flagsByMessageId()).get(c.id)?.has('\\Seen')).toBe(false);

    expect(await t.hub.email.imap!.pollNow()).toEqual({ stored: 1, duplicates: 0, rejected: 0 });
    expect(await stored(c.id)).toBe(true);
    expect((await flagsByMessageId()).get(c.id)?.has('\\Seen')).toBe(true);
  });

  it('counts a mail already stored (e.g. also delivered over SMTP) as a duplicate and marks it seen', async () => {
    const d = rawMail({ subject: 'Twice', body: 'sent twice' });
    await imap.append('INBOX', d.raw, []);
    expect((await t.hub.email.imap!.pollNow()).stored).toBe(1);
    // Someone marks it unread again: the hub recognises it by Message-ID.
    const lock = await imap.getMailboxLock('INBOX');
    try {
      await imap.messageFlagsRemove({ header: { 'message-id': d.id } }, ['\\Seen']);
    } finally {
      lock.release();
    }
    expect(await t.hub.email.imap!.pollNow()).toEqual({ stored: 0, duplicates: 1, rejected: 0 });
  });
});
