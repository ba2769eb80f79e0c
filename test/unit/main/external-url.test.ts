import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALLOWED_EXTERNAL_SCHEMES, checkExternalUrl } from '../../../src-main/external-url.js';

describe('checkExternalUrl accepts', () => {
  it.each([
    ['https://example.com/path?q=1#top', 'https://example.com/path?q=1#top'],
    ['HTTPS://Example.COM', 'https://example.com/'],
    ['http://intranet.local:8080/ticket/42', 'http://intranet.local:8080/ticket/42'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['mailto:agent@example.com', 'mailto:agent@example.com'],
    ['mailto:a@example.com,b@example.org?subject=Hello%20there', 'mailto:a@example.com,b@example.org?subject=Hello%20there'],
    ['mailto:?subject=hi', 'mailto:?subject=hi'],
    ['tel:+15551234567', 'tel:+15551234567'],
    ['tel:+1-555-123-4567;ext=12', 'tel:+1-555-123-4567;ext=12'],
    ['TEL:(030)123456', 'tel:(030)123456'],
    ['sip:alice@pbx.example.com', 'sip:alice@pbx.example.com'],
    ['sip:+15551234@pbx.example.com:5061;transport=tls', 'sip:+15551234@pbx.example.com:5061;transport=tls'],
    ['callto:+15551234567', 'callto:+15551234567'],
    ['callto://+15551234567', 'callto:+15551234567'],
  ])('%s', (input, normalized) => {
    expect(checkExternalUrl(input)).toEqual({ ok: true, url: normalized });
  });
});

describe('checkExternalUrl rejects', () => {
  it.each([
    ['file:///etc/passwd', 'scheme-not-allowed'],
    ['FILE://C:/Windows/System32/calc.exe', 'scheme-not-allowed'],
    ['smb://attacker.example/share', 'scheme-not-allowed'],
    ['javascript:alert(1)', 'scheme-not-allowed'],
    ['JaVaScRiPt:alert(1)', 'scheme-not-allowed'],
    [' javascript:alert(1)', 'forbidden-characters'],
    ['\u0001javascript:alert(1)', 'forbidden-characters'],
    ['\tjava\nscript:alert(1)', 'forbidden-characters'],
    ['\u0001https://example.com', 'forbidden-characters'],
    ['https://example.com/\u202egnp.exe', 'forbidden-characters'],
    ['https://exa\u200bmple.com', 'forbidden-characters'],
    ['https:\\\\evil.example', 'forbidden-characters'],
    ['data:text/html,<script>alert(1)</script>', 'scheme-not-allowed'],
    ['vbscript:msgbox(1)', 'scheme-not-allowed'],
    ['ms-msdt:/id PCWDiagnostic', 'forbidden-characters'],
    ['ms-msdt:id', 'scheme-not-allowed'],
    ['search-ms:query=x', 'scheme-not-allowed'],
    ['switchboard-custom://do-something', 'scheme-not-allowed'],
    ['sips:alice@example.com', 'scheme-not-allowed'],
    ['https://user:pass@example.com/', 'credentials-not-allowed'],
    ['https://bank.example@evil.example/', 'credentials-not-allowed'],
    ['https:evil.example', 'malformed'],
    ['https://', 'malformed'],
    ['https://exa mple.com', 'forbidden-characters'],
    ['not a url', 'forbidden-characters'],
    ['example.com', 'malformed'],
    ['', 'malformed'],
    ['//example.com', 'malformed'],
    ['tel:x;javascript:alert(1)', 'invalid-address'],
    ['tel:+1555;phone-context=javascript:alert(1)', 'invalid-address'],
    ['tel:12', 'invalid-address'],
    ['tel:', 'invalid-address'],
    ['tel:+1 555 1234', 'forbidden-characters'],
    ['sip:alice:secret@pbx.example.com', 'invalid-address'],
    ['sip:alice@pbx.example.com?Subject=x', 'invalid-address'],
    ['sip:alice@pbx.example.com;maddr=evil', 'invalid-address'],
    ['callto:javascript:alert(1)', 'invalid-address'],
    ['mailto:not-an-address', 'invalid-address'],
    ['mailto:%0d%0aBcc:x@evil.example', 'invalid-address'],
    ['mailto:%E0%A4%A', 'malformed'],
  ])('%j', (input, reason) => {
    expect(checkExternalUrl(input)).toEqual({ ok: false, reason });
  });

  it('refuses non-strings and over-long input', () => {
    expect(checkExternalUrl(42)).toEqual({ ok: false, reason: 'not-a-string' });
    expect(checkExternalUrl(null)).toEqual({ ok: false, reason: 'not-a-string' });
    expect(checkExternalUrl(`https://example.com/${'a'.repeat(5000)}`)).toEqual({ ok: false, reason: 'too-long' });
  });
});

describe('checkExternalUrl properties', () => {
  it('never accepts anything whose normalized scheme is outside the allowlist, or with credentials', () => {
    const scheme = fc.constantFrom('https:', 'http:', 'HtTpS:', 'mailto:', 'tel:', 'sip:', 'callto:', 'javascript:', 'file:', 'data:', 'x-app:');
    const anyText = fc.string({ unit: 'binary', maxLength: 60 });
    const input = fc.oneof(
      fc.webUrl({ authoritySettings: { withUserInfo: true, withIPv4: true, withPort: true }, withQueryParameters: true, withFragments: true }),
      fc.tuple(scheme, fc.constantFrom('', '//'), anyText).map(([s, slashes, rest]) => s + slashes + rest),
      anyText,
    );
    fc.assert(
      fc.property(input, (text) => {
        const result = checkExternalUrl(text);
        if (!result.ok) return;
        const url = new URL(result.url);
        expect(ALLOWED_EXTERNAL_SCHEMES).toContain(url.protocol);
        expect(url.username).toBe('');
        expect(url.password).toBe('');
        expect(result.url).not.toMatch(/[\u0000-\u0020\u007f]/);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects every allowed URL once a control or whitespace character is put in front', () => {
    const prefix = fc.constantFrom('\u0000', '\u0008', '\t', '\n', '\r', ' ', '\u00a0', '\u200b', '\ufeff', '\u001f');
    fc.assert(
      fc.property(prefix, fc.webUrl(), (p, url) => {
        expect(checkExternalUrl(p + url).ok).toBe(false);
      }),
    );
  });
});
