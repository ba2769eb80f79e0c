import { describe, expect, it } from 'vitest';
import { countReply, forwardSubject, measureReply, parseAddressList, replySubject, replyVisibilities, SendReplyRequestSchema } from '../../../src-shared/index.js';

describe('reply length per channel', () => {
  it('counts X replies as X does: every link 23, CJK and emoji 2', () => {
    const link = `https://example.com/${'a'.repeat(100)}`;
    expect(countReply(`see ${link}`, 'x-weighted')).toBe(4 + 23);
    expect(countReply('http://t.co', 'x-weighted')).toBe(23);
    expect(countReply('日本', 'x-weighted')).toBe(4);
    expect(countReply('😀', 'x-weighted')).toBe(2);
    expect(measureReply('x', 'public', `${'b'.repeat(257)} ${link}`)).toMatchObject({ length: 281, limit: 280, over: true });
    expect(measureReply('x', 'public', `${'b'.repeat(256)} ${link}`)).toMatchObject({ length: 280, over: false, error: null });
    expect(measureReply('x', 'public', 'x'.repeat(281)).error).toMatch(/at most 280 characters \(links count as 23\); this one has 281/);
  });

  it('uses each channel’s limit: X DM 10,000, WhatsApp 4096, Messenger 2000, Instagram 1000, chat and email generous', () => {
    expect(measureReply('x', 'private', 'x'.repeat(10_000)).over).toBe(false);
    expect(measureReply('x', 'private', 'x'.repeat(10_001)).over).toBe(true);
    expect(measureReply('whatsapp', 'private', 'x'.repeat(4096)).over).toBe(false);
    expect(measureReply('whatsapp', 'private', 'x'.repeat(4097)).over).toBe(true);
    expect(measureReply('facebook', 'private', 'x'.repeat(2001))).toMatchObject({ limit: 2000, over: true });
    expect(measureReply('instagram', 'public', 'x'.repeat(1001))).toMatchObject({ limit: 1000, over: true });
    expect(measureReply('email', 'private', 'x'.repeat(15_000)).over).toBe(false);
    expect(measureReply('chat', 'private', 'x'.repeat(15_000)).over).toBe(false);
  });

  it('offers public or private only on public comment and mention threads', () => {
    expect(replyVisibilities('facebook', 'comment')).toEqual(['public', 'private']);
    expect(replyVisibilities('instagram', 'comment')).toEqual(['public', 'private']);
    expect(replyVisibilities('x', 'mention')).toEqual(['public', 'private']);
    expect(replyVisibilities('x', 'message')).toEqual(['private']);
    expect(replyVisibilities('facebook', 'message')).toEqual(['private']);
    expect(replyVisibilities('email', 'message')).toEqual(['private']);
  });
});

describe('email addresses and subjects', () => {
  it('parses a cc field, deduplicated, and names what is not an address', () => {
    expect(parseAddressList('')).toEqual({ addresses: [], invalid: [] });
    expect(parseAddressList(' a@example.com, b@example.org; A@example.com  c@example.net ')).toEqual({ addresses: ['a@example.com', 'b@example.org', 'c@example.net'], invalid: [] });
    expect(parseAddressList('a@example.com, nobody, x@, @y.org')).toEqual({ addresses: ['a@example.com'], invalid: ['nobody', 'x@', '@y.org'] });
  });

  it('proposes Re: and Fwd: subjects without stacking prefixes', () => {
    expect(replySubject('Broken kettle')).toBe('Re: Broken kettle');
    expect(replySubject('AW: Rechnung')).toBe('AW: Rechnung');
    expect(forwardSubject('Invoice 77')).toBe('Fwd: Invoice 77');
    expect(forwardSubject('WG: Rechnung')).toBe('WG: Rechnung');
    expect(forwardSubject(null)).toBe('Fwd: a customer message');
  });

  it('the reply mutation takes subject, cc, visibility and forward, and refuses bad ones', () => {
    const base = { clientId: 'client-123456', mutationId: crypto.randomUUID(), conversationId: crypto.randomUUID(), messageId: crypto.randomUUID(), body: 'Hi' };
    expect(SendReplyRequestSchema.safeParse(base).success).toBe(true);
    expect(SendReplyRequestSchema.safeParse({ ...base, subject: 'Re: x', cc: ['a@example.com'], visibility: 'private', forward: { to: 'b@example.com', messageId: crypto.randomUUID() } }).success).toBe(true);
    expect(SendReplyRequestSchema.safeParse({ ...base, cc: ['not an address'] }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, cc: Array.from({ length: 21 }, (_, i) => `a${i}@example.com`) }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, visibility: 'everyone' }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, forward: { to: 'nope', messageId: crypto.randomUUID() } }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, subject: '   ' }).success).toBe(false);
  });
});
