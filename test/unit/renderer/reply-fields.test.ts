import { describe, expect, it } from 'vitest';
import { checkCc, draftLength, forwardBody, validForwardAddress } from '../../../src-renderer/features/conversation/reply-fields.js';
import { quoteForForward, quoteForReply } from '../../../src-renderer/features/email-content/quote.js';

describe('composer fields', () => {
  it('checks the cc field: addresses, invalid ones named, at most 20', () => {
    expect(checkCc('')).toEqual({ kind: 'ok', addresses: [] });
    expect(checkCc('a@example.com; b@example.com')).toEqual({ kind: 'ok', addresses: ['a@example.com', 'b@example.com'] });
    expect(checkCc('a@example.com, bob')).toEqual({ kind: 'invalid', invalid: ['bob'] });
    expect(checkCc(Array.from({ length: 21 }, (_, i) => `p${i}@example.com`).join(','))).toEqual({ kind: 'too-many', max: 20 });
  });

  it('counts the draft as the hub will (trimmed), X links as 23', () => {
    expect(draftLength('x', 'public', `  hi https://example.com/${'z'.repeat(300)}  `)).toMatchObject({ length: 3 + 23, over: false });
    expect(draftLength('instagram', 'private', `${'i'.repeat(1000)}   `).over).toBe(false);
    expect(draftLength('instagram', 'private', 'i'.repeat(1001)).over).toBe(true);
  });

  it('builds a quoted reply and a forward from plain text only', () => {
    const source = { body: 'Line one\n<b>not markup</b>\u202e', createdAt: '2026-11-23T10:00:00.000Z', author: 'Tom <tom@example.net>' };
    const quote = quoteForReply(source, 'en-GB');
    expect(quote).toMatch(/^On .+, Tom <tom@example.net> wrote:\n> Line one\n> <b>not markup<\/b>\n$/);
    const forwarded = quoteForForward({ ...source, subject: 'Kettle' });
    expect(forwardBody('  Please look  ', forwarded)).toBe(`Please look\n\n${forwarded}`);
    expect(forwardBody('   ', forwarded)).toBe(forwarded);
    expect(forwarded).toContain('Subject: Kettle');
    expect(forwarded).not.toContain('\u202e');
    expect(validForwardAddress(' team@example.com ')).toBe(true);
    expect(validForwardAddress('team@')).toBe(false);
  });
});
