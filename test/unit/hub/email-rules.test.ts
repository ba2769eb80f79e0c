/**
 * The email channel's pure rules: Message-ID extraction, reply subjects and threading headers,
 * how relay failures are classified, what PostgreSQL-unsafe text becomes, and the configuration.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src-hub/config.js';
import { messageIdsIn, parseMail, storable, MailRejected } from '../../../src-hub/channels/email/parse.js';
import { asDeliveryError, replySubject, threadHeaders } from '../../../src-hub/channels/email/sender.js';

describe('Message-IDs', () => {
  it('extracts ids without brackets, in order, and accepts a bare id', () => {
    expect(messageIdsIn('<a@x> <b@y>\r\n <c@z>')).toEqual(['a@x', 'b@y', 'c@z']);
    expect(messageIdsIn(['<a@x>', '<b@y>'])).toEqual(['a@x', 'b@y']);
    expect(messageIdsIn('bare@id')).toEqual(['bare@id']);
    expect(messageIdsIn('two words')).toEqual([]);
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});

describe('replies', () => {
  it('prefixes "Re:" once', () => {
    expect(replySubject('Invoice')).toBe('Re: Invoice');
    expect(replySubject('Re: Invoice')).toBe('Re: Invoice');
    expect(replySubject('AW: Rechnung')).toBe('AW: Rechnung');
    expect(replySubject('  ')).toBe('Re: your message');
    expect(replySubject(null)).toBe('Re: your message');
  });

  it("answers the customer's latest mail and keeps the first and newest references of a long thread", () => {
    const mail = (direction: string, id: string | null) => ({ direction, provider_message_id: id, channel_meta: {} });
    expect(threadHeaders([mail('inbound', 'a'), mail('outbound', 'b'), mail('inbound', 'c'), mail('outbound', 'd')])).toEqual({
      inReplyTo: 'c',
      references: ['a', 'b', 'c', 'd'],
    });
    expect(threadHeaders([mail('inbound', null)])).toEqual({ inReplyTo: null, references: [] });
    const long = Array.from({ length: 40 }, (_, i) => mail(i % 2 ? 'outbound' : 'inbound', `m${i}`));
    const { references } = threadHeaders(long);
    expect(references).toHaveLength(30);
    expect(references[0]).toBe('m0');
    expect(references.at(-1)).toBe('m39');
  });

  it('fails on a relay 5xx and retries 4xx and connection errors', () => {
    const refused = asDeliveryError({ responseCode: 550, response: '550 5.1.1 No such user' }, 'relay.example');
    expect(refused.retryable).toBe(false);
    expect(refused.message).toBe('The mail relay relay.example refused the reply: 550 5.1.1 No such user');
    expect(asDeliveryError({ responseCode: 451, response: '451 later' }, 'r').retryable).toBe(true);
    expect(asDeliveryError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }), 'r').retryable).toBe(true);
  });
});

describe('parsing', () => {
  it('drops NUL characters and lone surrogates, which PostgreSQL cannot store', () => {
    expect(storable('a\u0000b\ud800c\udc00d\ud83d\ude00')).toBe('ab\ufffdc\ufffdd\ud83d\ude00');
  });

  it('names the file in a 552 for an oversized attachment and never keeps a path in file names', async () => {
    const raw = (name: string, bytes: number) =>
      Buffer.from(
        [
          'From: a@example.net',
          'Content-Type: multipart/mixed; boundary=b',
          '',
          '--b',
          'Content-Type: text/plain',
          '',
          'see attached',
          '--b',
          `Content-Type: application/octet-stream; name="${name}"`,
          `Content-Disposition: attachment; filename="${name}"`,
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.alloc(bytes, 1).toString('base64'),
          '--b--',
          '',
        ].join('\r\n'),
      );
    const rejected = await parseMail(raw('big.bin', 2_000), null, { maxAttachmentBytes: 1_000 }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(MailRejected);
    expect((rejected as MailRejected).responseCode).toBe(552);
    expect((rejected as MailRejected).message).toContain('"big.bin"');
    const ok = await parseMail(raw('..\\\\..\\\\evil/../x.exe', 10), null, { maxAttachmentBytes: 1_000 });
    expect(ok.attachments[0]!.filename).not.toMatch(/[/\\]/);
    expect(ok.text.trim()).toBe('see attached');
  });
});

describe('email configuration', () => {
  it('defaults to port 2525 on the hub host, and reads the limits', () => {
    const config = loadConfig({ HUB_HOST: '10.0.0.5' });
    expect(config.email).toEqual({
      smtp: { host: '10.0.0.5', port: 2525, tls: null },
      maxMessageBytes: 25 * 1024 * 1024,
      maxAttachmentBytes: 10 * 1024 * 1024,
      imapPollMs: 60_000,
    });
    const custom = loadConfig({ SMTP_PORT: '0', SMTP_HOST: '0.0.0.0', SMTP_MAX_MESSAGE_MB: '5', EMAIL_MAX_ATTACHMENT_MB: '2', IMAP_POLL_SECONDS: '30' });
    expect(custom.email).toMatchObject({ smtp: { host: '0.0.0.0', port: 0 }, maxMessageBytes: 5 * 1024 * 1024, maxAttachmentBytes: 2 * 1024 * 1024, imapPollMs: 30_000 });
    expect(loadConfig({ SMTP_PORT: 'off' }).email?.smtp).toBeNull();
  });

  it('refuses invalid values with a readable error', () => {
    expect(() => loadConfig({ SMTP_PORT: '70000' })).toThrow(/SMTP_PORT must be a whole number/);
    expect(() => loadConfig({ SMTP_TLS_KEY_FILE: '/k.pem' })).toThrow(/must be set together/);
    expect(() => loadConfig({ IMAP_POLL_SECONDS: '1' })).toThrow(/IMAP_POLL_SECONDS/);
  });
});
