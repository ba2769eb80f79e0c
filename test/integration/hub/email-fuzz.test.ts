/**
 * Hostile and broken mail (fast-check): malformed headers, huge headers, unknown charsets and
 * broken transfer encodings, NUL bytes, nested and unterminated multiparts. Through the real
 * parser and ingest path, every mail is either stored completely (message, conversation and every
 * attachment it lists) or refused with a 5xx reason and leaves nothing behind — never an error that
 * would make the sender retry forever. Over SMTP the listener answers every one and stays up.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChannelAccount, type ChannelAccountRow } from '../../../src-hub/channels/registry.js';
import { ingestMail, type MailIngestDeps } from '../../../src-hub/channels/email/inbound.js';
import { MailRejected } from '../../../src-hub/channels/email/parse.js';
import { countRows, emit, okData, startTestHub, type TestHub } from './harness.js';
import { sendToHub, testEmailConfig } from './mail-helpers.js';

let t: TestHub;
let account: ChannelAccountRow;
let deps: MailIngestDeps;
const MAILBOX = 'fuzz@shop.example';

beforeAll(async () => {
  t = await startTestHub({ email: testEmailConfig() });
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  const { socket } = await t.connectAs(adminUser);
  okData(await emit(socket, 'channels:save', { channel: 'email', name: 'Fuzz', address: MAILBOX, departmentId: 'support', settings: {} }));
  socket.disconnect();
  account = (await findChannelAccount(t.db, 'email', MAILBOX))!;
  deps = { db: t.db, ingest: t.hub.ingest, limits: { maxAttachmentBytes: 100_000 } };
});

afterAll(async () => {
  await t?.close();
});

// --- generators -----------------------------------------------------------------------------

const nasty = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\r', '\n', '\r\n\r\n', '=?', '?=', '--', '<', '>', ';', ':', '"', '\\', '\t', ' '),
  fc.constantFrom('=?utf-8?B?SGVsbG8=?=', '=?x-bogus?Q?=FF=FE?=', '=?utf-8?B?!!!notbase64?=', '=?iso-8859-1?Q?Gr=FC=DFe?=', '=?utf-16?B?2D3eAA==?='),
);
const text = fc.array(nasty, { maxLength: 8 }).map((parts) => parts.join(''));

const headerName = fc.oneof(
  fc.constantFrom('From', 'To', 'Cc', 'Reply-To', 'Subject', 'Message-ID', 'In-Reply-To', 'References', 'Date', 'Content-Type', 'Content-Transfer-Encoding', 'Content-Disposition', 'MIME-Version'),
  fc.string({ minLength: 0, maxLength: 20 }),
);
const headerValue = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 2, arbitrary: fc.constantFrom('<a@b>', '<<>>', '<a@b> <c@d> garbage <', 'Jane <jane@example.net>', '"Broken <x@', 'undisclosed-recipients:;', '=?utf-8?Q?J=C3=A4ne?= <j@example.net>') },
  // Huge headers: beyond the parser's per-node header limit some of the time.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'h'.repeat(n)) },
);
const header = fc.tuple(headerName, headerValue).map(([name, value]) => `${name}: ${value}`);

const charset = fc.constantFrom('utf-8', 'iso-8859-1', 'x-bogus', 'utf-16', 'windows-1252', '', '"unterminated');
const encoding = fc.constantFrom('7bit', '8bit', 'base64', 'quoted-printable', 'binary', 'x-uuencode', 'garbage');
const contentType = fc.constantFrom('text/plain', 'text/html', 'application/octet-stream', 'image/png', 'message/rfc822', 'text/calendar', 'multipart/alternative', 'multipart/mixed', 'nonsense');
const body = fc.oneof(
  text,
  fc.constantFrom('PGI+aGk8L2I+', '=E4=F6=FC=\r\n=ZZ', '!!!not base64!!!', '<html><body><p>Hi<script>x()</script>', '<b>'.repeat(5_000), '=\r\n'.repeat(50)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

interface Part {
  type: string;
  charset: string;
  encoding: string;
  filename: string | null;
  headers: string[];
  body: string;
  children: Part[];
  boundary: string | null;
}

const part: fc.Arbitrary<Part> = fc.letrec<{ part: Part }>((tie) => ({
  part: fc.record({
    type: contentType,
    charset,
    encoding,
    filename: fc.option(text, { nil: null }),
    headers: fc.array(header, { maxLength: 3 }),
    body,
    children: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant<Part[]>([]), fc.array(tie('part'), { maxLength: 3 })),
    boundary: fc.option(fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constant('b')), { nil: null }),
  }),
})).part;

function render(p: Part): string {
  const lines = [
    `Content-Type: ${p.children.length > 0 ? 'multipart/mixed' : p.type}; charset=${p.charset}${p.boundary !== null ? `; boundary="${p.boundary}"` : ''}`,
    `Content-Transfer-Encoding: ${p.encoding}`,
    ...(p.filename !== null ? [`Content-Disposition: attachment; filename="${p.filename}"`] : []),
    ...p.headers,
    '',
  ];
  if (p.children.length === 0) return `${lines.join('\r\n')}\r\n${p.body}`;
  // Sometimes a closing delimiter is missing or a boundary mismatches: that is the point.
  const children = p.children.map((c) => `--${p.boundary ?? 'missing'}\r\n${render(c)}`).join('\r\n');
  return `${lines.join('\r\n')}\r\n${p.body}\r\n${children}${p.body.length % 2 === 0 ? `\r\n--${p.boundary ?? ''}--` : ''}`;
}

const rawMail = fc
  .record({
    from: fc.oneof(fc.constant('Customer <customer@example.net>'), text, fc.constant('')),
    messageId: fc.oneof(fc.constant(null), fc.uuid().map((u) => `<${u}@example.net>`), text),
    headers: fc.array(header, { maxLength: 8 }),
    root: part,
    lineEnding: fc.constantFrom('\r\n', '\n', '\r'),
    noise: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 20 })), { nil: null }),
  })
  .map(({ from, messageId, headers, root, lineEnding, noise }) => {
    const head = [...(from ? [`From: ${from}`] : []), `To: ${MAILBOX}`, ...(messageId !== null ? [`Message-ID: ${messageId}`] : []), 'MIME-Version: 1.0', ...headers];
    let raw = Buffer.from(`${head.join('\r\n')}\r\n${render(root)}`.replace(/\r\n/g, lineEnding), 'utf8');
    if (noise) {
      const [at, bytes] = noise;
      const i = at % (raw.length + 1);
      raw = Buffer.concat([raw.subarray(0, i), Buffer.from(bytes), raw.subarray(i)]);
    }
    return raw;
  });

// --- properties -------------------------------------------------------------------------------

async function counts() {
  return {
    customers: await countRows(t.db, 'customers'),
    identities: await countRows(t.db, 'identities'),
    conversations: await countRows(t.db, 'conversations'),
    messages: await countRows(t.db, 'messages'),
    changes: await countRows(t.db, 'changes'),
  };
}

/** Store one raw mail; check it is whole if stored and left no trace if refused. */
async function checkOne(raw: Buffer): Promise<'stored' | 'duplicate' | 'refused'> {
  const before = await counts();
  let result;
  try {
    result = await ingestMail(deps, raw, account, 'envelope@example.net');
  } catch (error) {
    // Anything but a clear refusal would tell the sender to retry a mail that can never be stored.
    if (!(error instanceof MailRejected)) throw error;
    expect(error.responseCode).toBeGreaterThanOrEqual(500);
    expect(error.message.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    return 'refused';
  }
  const message = await t.db.selectFrom('messages').selectAll().where('id', '=', result.messageId).executeTakeFirstOrThrow();
  expect(message.conversation_id).toBe(result.conversationId);
  await t.db.selectFrom('conversations').select('id').where('id', '=', result.conversationId).executeTakeFirstOrThrow();
  const listed = ((message.channel_meta as { attachments?: { sha256: string }[] }).attachments ?? []).map((a) => a.sha256);
  if (listed.length > 0) {
    const present = await t.db.selectFrom('email_attachments').select('sha256').where('sha256', 'in', listed).execute();
    expect(new Set(present.map((r) => r.sha256))).toEqual(new Set(listed));
  }
  if (result.status === 'stored') expect((await counts()).messages).toBe(before.messages + 1);
  else expect(await counts()).toEqual(before);
  return result.status;
}

describe('hostile mail', () => {
  it('is stored whole or refused with a reason, through the parser and ingest path (fast-check)', async () => {
    const outcomes = { stored: 0, duplicate: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(rawMail, async (raw) => {
        outcomes[await checkOne(raw)]++;
      }),
      { numRuns: 150 },
    );
    // The generator must reach both outcomes, or the property proves little.
    expect(outcomes.stored).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 240_000);

  it('survives known nasty shapes: deep nesting, a huge header, NUL bytes and lone surrogates', async () => {
    const deep = `From: a@example.net\r\nMessage-ID: <deep-${randomUUID()}@x>\r\n${'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n'.repeat(700)}Content-Type: text/plain\r\n\r\nbottom\r\n`;
    expect(await checkOne(Buffer.from(deep))).toBe('refused');
    const huge = `From: a@example.net\r\nX-Big: ${'a'.repeat(400_000)}\r\n\r\nhello`;
    expect(await checkOne(Buffer.from(huge))).toBe('refused');
    const nul = Buffer.from(`From: N\u0000ul <nul@example.net>\r\nSubject: a\u0000b \ud800\r\nMessage-ID: <nul-${randomUUID()}@x>\r\nContent-Type: text/html\r\n\r\n<p>x\u0000y</p>`);
    expect(await checkOne(nul)).toBe('stored');
    const noFrom = Buffer.from('Subject: nobody\r\n\r\nhi');
    // The envelope sender stands in for a missing From header.
    expect(await checkOne(noFrom)).toBe('stored');
  });

  it('answers every hostile mail over SMTP with 250 or a 5xx reason, and keeps listening', async () => {
    const port = t.hub.email.smtpPort!;
    await fc.assert(
      fc.asyncProperty(rawMail, async (raw) => {
        try {
          const { response } = await sendToHub(port, { envelope: { from: 'envelope@example.net', to: [MAILBOX] }, raw });
          expect(response).toMatch(/^250/);
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          expect(code, String(error)).toBeGreaterThanOrEqual(500);
        }
      }),
      { numRuns: 40 },
    );
    const { response } = await sendToHub(port, { from: 'after@example.net', to: MAILBOX, subject: 'still there?', text: 'yes' });
    expect(response).toMatch(/^250/);
    expect(t.logs.filter((l) => l.includes('storing a mail failed'))).toEqual([]);
  }, 240_000);
});
