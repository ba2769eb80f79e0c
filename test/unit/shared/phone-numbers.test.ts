import { describe, expect, it } from 'vitest';
import { defaultRegion, findPhoneNumbers, normalizePhoneNumber, telUri } from '../../../src-shared/index.js';

describe('normalizePhoneNumber', () => {
  it.each([
    // German formats, read in the customer's country.
    ['030 1234567', 'DE', '+49301234567', null],
    ['(030) 123 45 67', 'DE', '+49301234567', null],
    ['030/1234567', 'DE', '+49301234567', null],
    ['+49 (0)30 1234567', 'DE', '+49301234567', null],
    ['0049 30 1234567', 'DE', '+49301234567', null],
    ['0171 2345678', 'de', '+491712345678', null],
    // DIN 5008: the digits after the hyphen are the extension, dialled directly after the base.
    ['030 1234567-89', 'DE', '+4930123456789', null],
    // Extensions in words.
    ['030 1234567 Durchwahl 12', 'DE', '+49301234567', '12'],
    ['030 1234567, Dw. 12', 'DE', '+49301234567', '12'],
    ['030 1234567 App. 345', 'DE', '+49301234567', '345'],
    ['+1 650 253 0000 x12', 'DE', '+16502530000', '12'],
    ['+44 20 7946 0958 ext. 123', null, '+442079460958', '123'],
    // International numbers ignore the default region.
    ['+33 1 23 45 67 89', 'DE', '+33123456789', null],
    // National numbers of another country need that country.
    ['020 7946 0958', 'GB', '+442079460958', null],
    ['(650) 253-0000', 'US', '+16502530000', null],
  ])('%s in %s → %s ext %s', (input, country, e164, ext) => {
    expect(normalizePhoneNumber(input, country)).toMatchObject({ e164, ext });
  });

  it.each([
    ['12345', 'DE'],
    ['030 1234567', null], // national without a region: cannot be known
    ['+49 30', 'DE'],
    ['hello', 'DE'],
    ['+999 1234567', 'DE'],
    ['x'.repeat(200), 'DE'],
  ])('refuses %j in %s', (input, country) => {
    expect(normalizePhoneNumber(input, country)).toBeNull();
  });

  it('shows the number internationally and builds the tel: URI with the extension', () => {
    const n = normalizePhoneNumber('030 1234567 Durchwahl 12', 'DE')!;
    expect(n.display).toBe('+49 30 1234567 ext. 12');
    expect(telUri(n)).toBe('tel:+49301234567;ext=12');
  });

  it('accepts only two-letter regions', () => {
    expect(defaultRegion(' de ')).toBe('DE');
    expect(defaultRegion('Germany')).toBeUndefined();
    expect(defaultRegion(null)).toBeUndefined();
  });
});

describe('findPhoneNumbers', () => {
  const signature = [
    'Hallo, bitte rufen Sie mich dringend zurück.',
    '',
    'Mit freundlichen Grüßen',
    'Max Mustermann',
    'Musterfirma GmbH · Hauptstr. 12 · 10115 Berlin',
    'Tel.: +49 (0)30 1234567-89',
    'Mobil: 0171 2345678',
    'Fax: 0049 89 1234567',
    'Bestellnr. 2024-1234 vom 12.03.2024, Kundennr. 4711',
  ].join('\n');

  it('finds the numbers of a German signature, in order, and nothing else', () => {
    const found = findPhoneNumbers(signature, 'DE');
    expect(found.map((f) => f.e164)).toEqual(['+4930123456789', '+491712345678', '+49891234567']);
    // Postcode, order number, date and customer number are not phone numbers.
  });

  it('says where each number is', () => {
    const [first] = findPhoneNumbers(signature, 'DE');
    expect(signature.slice(first!.start, first!.end)).toContain('30 1234567-89');
  });

  it('reads extensions in English and German signatures', () => {
    expect(findPhoneNumbers('Call me: +44 20 7946 0958 ext. 123', 'DE')).toMatchObject([{ e164: '+442079460958', ext: '123' }]);
    expect(findPhoneNumbers('Zentrale 030 1234567, Durchwahl 42', 'DE')).toMatchObject([{ e164: '+49301234567', ext: '42' }]);
  });

  it('finds international numbers whatever the region, national ones only in the region', () => {
    const text = 'Office +1 650 253 0000, home 020 7946 0958';
    expect(findPhoneNumbers(text, 'GB').map((f) => f.e164)).toEqual(['+16502530000', '+442079460958']);
    expect(findPhoneNumbers(text, 'DE').map((f) => f.e164)).toEqual(['+16502530000']);
  });

  it('lists a number written twice once', () => {
    expect(findPhoneNumbers('030 1234567 oder +49 30 1234567', 'DE')).toHaveLength(1);
  });

  it('finds nothing in text without numbers', () => {
    expect(findPhoneNumbers('Danke für die schnelle Hilfe! Lieferung am 12.03.2024 um 14:30.', 'DE')).toEqual([]);
  });
});
