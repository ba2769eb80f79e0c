import { describe, expect, it } from 'vitest';
import type { CachedMessage } from '../../../src-renderer/db/database.js';
import { sameRow } from '../../../src-renderer/features/conversation/MessageRow.js';
import { emailMetaOf, isPreviewable, safeDownloadName } from '../../../src-renderer/features/email-content/attachments.js';
import { emailFrameCsp, emailFrameDocument, EMAIL_FRAME_SANDBOX } from '../../../src-renderer/features/email-content/email-frame-document.js';
import { quoteForForward, quoteForReply } from '../../../src-renderer/features/email-content/quote.js';
import { message, uuid } from './fixtures.js';

const sha = 'a'.repeat(64);

describe('safe download names', () => {
  it.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['C:\\Windows\\evil.bat', 'C__Windows_evil.bat'],
    ['  .hidden  ', 'hidden'],
    ['con.txt', '_con.txt'],
    ['zero\u200Bwidth\u0000.pdf', 'zerowidth.pdf'],
    ['', 'attachment'],
    ['<img src=x onerror=alert(1)>.png', '_img src=x onerror=alert(1)_.png'],
  ])('%j → %j', (input, expected) => {
    expect(safeDownloadName(input)).toBe(expected);
  });

  it('keeps the extension when it shortens a long name', () => {
    const name = safeDownloadName(`${'x'.repeat(300)}.pdf`);
    expect(name).toHaveLength(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('attachments from channelMeta', () => {
  it('keeps well-formed entries and drops malformed ones', () => {
    const meta = emailMetaOf({
      html: '<p>x</p>',
      attachments: [
        { sha256: sha, filename: 'a.png', contentType: 'image/png', size: 10, cid: null, inline: false },
        { sha256: 'not-a-hash', filename: 'b', contentType: 'x', size: 1 },
        'junk',
      ],
    });
    expect(meta.html).toBe('<p>x</p>');
    expect(meta.attachments.map((a) => a.filename)).toEqual(['a.png']);
    expect(emailMetaOf({ html: 42, attachments: 'nope' })).toMatchObject({ html: null, attachments: [] });
  });

  it('previews raster images only, never SVG or big files', () => {
    const a = { sha256: sha, filename: 'x', size: 10, cid: null, inline: false };
    expect(isPreviewable({ ...a, contentType: 'image/png' })).toBe(true);
    expect(isPreviewable({ ...a, contentType: 'IMAGE/JPEG' })).toBe(true);
    expect(isPreviewable({ ...a, contentType: 'image/svg+xml' })).toBe(false);
    expect(isPreviewable({ ...a, contentType: 'text/html' })).toBe(false);
    expect(isPreviewable({ ...a, contentType: 'image/png', size: 50 * 1024 * 1024 })).toBe(false);
  });
});

describe('the email frame', () => {
  it('is sandboxed without scripts or same-origin', () => {
    expect(EMAIL_FRAME_SANDBOX).not.toMatch(/allow-scripts|allow-same-origin|allow-forms|allow-top-navigation|allow-modals/);
  });

  it('allows network images only after the agent allowed remote content', () => {
    expect(emailFrameCsp(false)).toContain('img-src data:;');
    expect(emailFrameCsp(false)).not.toMatch(/https?:/);
    expect(emailFrameCsp(true)).toContain('img-src data: http: https:;');
    for (const allow of [false, true]) {
      expect(emailFrameCsp(allow)).toMatch(/default-src 'none'/);
      expect(emailFrameCsp(allow)).toMatch(/script-src 'none'/);
      expect(emailFrameCsp(allow)).not.toMatch(/style-src[^;]*https?:/);
    }
  });

  it('puts the CSP before the content', () => {
    const doc = emailFrameDocument('<p>hello</p>', false);
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<p>hello</p>'));
  });
});

describe('quoted text', () => {
  const source = { body: 'Hello\n<b>not markup</b>\r\nBye', createdAt: '2026-11-23T10:00:00.000Z', author: 'Eve\u202E <script>' };

  it('quotes plain text line by line and drops bidi controls', () => {
    const quote = quoteForReply(source, 'en-GB');
    expect(quote.split('\n').slice(1, 4)).toEqual(['> Hello', '> <b>not markup</b>', '> Bye']);
    expect(quote).toContain('Eve <script> wrote:');
    expect(quote).not.toContain('\u202E');
  });

  it('forwards with a header block', () => {
    const text = quoteForForward({ ...source, subject: 'Order 42' });
    expect(text).toMatch(/^---------- Forwarded message ----------\nFrom: Eve <script>\n/);
    expect(text).toContain('Subject: Order 42');
  });
});

describe('MessageRow memo and email content', () => {
  const base: CachedMessage = { ...message(1, uuid(1)), direction: 'inbound', channelMeta: { html: '<p>a</p>', attachments: [] } };
  it('re-renders when the HTML or the attachments change', () => {
    const props = (m: CachedMessage) => ({ message: m, authorName: null });
    expect(sameRow(props(base), props(structuredClone(base)))).toBe(true);
    expect(sameRow(props(base), props({ ...base, channelMeta: { ...base.channelMeta, html: '<p>b</p>' } }))).toBe(false);
    expect(sameRow(props(base), props({ ...base, channelMeta: { ...base.channelMeta, attachments: [{ sha256: sha }] } }))).toBe(false);
  });
});
