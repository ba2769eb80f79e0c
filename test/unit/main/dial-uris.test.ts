/**
 * The Call action's URIs against the `openExternal` allowlist: what the console builds from a
 * normalized number is accepted; dangerous schemes and look-alike dial URLs are refused.
 */
import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from '../../../src-main/external-url.js';
import { dialUri, findPhoneNumbers, normalizePhoneNumber, telUri } from '../../../src-shared/index.js';

describe('dial URIs built from normalized numbers', () => {
  it.each([
    ['030 1234567', 'DE', 'tel:+49301234567'],
    ['+44 20 7946 0958 ext. 123', 'DE', 'tel:+442079460958;ext=123'],
    ['0171 2345678 Durchwahl 12', 'DE', 'tel:+491712345678;ext=12'],
  ])('%s (%s) → %s, accepted as is', (input, country, uri) => {
    const number = normalizePhoneNumber(input, country)!;
    expect(telUri(number)).toBe(uri);
    expect(checkExternalUrl(telUri(number))).toEqual({ ok: true, url: uri });
  });

  it('accepts the sip: and callto: forms of a number', () => {
    const number = normalizePhoneNumber('+49 30 1234567')!;
    for (const scheme of ['sip', 'callto'] as const) {
      expect(checkExternalUrl(dialUri(scheme, number))).toEqual({ ok: true, url: `${scheme}:+49301234567` });
    }
  });

  it('accepts every number found in a signature', () => {
    const found = findPhoneNumbers('Tel. +49 (0)30 1234567-89\nMobil 0171 2345678\nUK: +44 20 7946 0958 x 7', 'DE');
    expect(found.length).toBe(3);
    for (const n of found) expect(checkExternalUrl(telUri(n)).ok).toBe(true);
  });
});

describe('dial URIs refused', () => {
  it.each([
    // Other schemes dressed up as calls.
    ['file:///C:/Windows/System32/calc.exe', 'scheme-not-allowed'],
    ['smb://evil.example/share/softphone.exe', 'scheme-not-allowed'],
    ['javascript:location="tel:+4930"', 'scheme-not-allowed'],
    ['skype:+49301234567?call', 'scheme-not-allowed'],
    ['teams-call:+49301234567', 'scheme-not-allowed'],
    ['x-softphone://dial/+4930', 'scheme-not-allowed'],
    ['tel-evil:+49301234567', 'scheme-not-allowed'],
    // Look-alikes: fullwidth digits, invisible characters, a host sneaked into a number.
    ['tel:+４９３０１２３４５６７', 'invalid-address'],
    ['tel:+4930\u200b1234567', 'forbidden-characters'],
    ['tel:+49301234567\u202e', 'forbidden-characters'],
    ['tel://evil.example/+4930', 'invalid-address'],
    ['tel:+49301234567@evil.example', 'invalid-address'],
    ['tel:+49301234567;ext=12;isub=javascript', 'invalid-address'],
    ['callto://evil.example\\share', 'forbidden-characters'],
    ['sip:+4930@pbx.example.com@evil.example', 'invalid-address'],
    ['sip:user:password@pbx.example.com', 'invalid-address'],
  ])('%j → %s', (input, reason) => {
    expect(checkExternalUrl(input)).toEqual({ ok: false, reason });
  });
});
