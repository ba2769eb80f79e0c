/**
 * Identity resolution rules: positives, near misses and the traps (a family sharing one mailbox,
 * a company's switchboard number, two people with the same name).
 */
import { describe, expect, it } from 'vitest';
import {
  decideAutoLink,
  extractIdentifiers,
  identifiersOf,
  namesConflict,
  nameSimilarity,
  normalizeEmail,
  normalizePhone,
  suggestMatches,
  type CustomerFacts,
  type IdentityFacts,
  type SuggestionInput,
} from '../../../src-shared/index.js';

const email = (address: string, displayName: string | null = null): IdentityFacts => ({ channel: 'email', handle: address, providerUserId: address.toLowerCase(), displayName });
const whatsapp = (waId: string, displayName: string | null = null): IdentityFacts => ({ channel: 'whatsapp', handle: `+${waId}`, providerUserId: waId, displayName });
const phone = (e164: string, displayName: string | null = null): IdentityFacts => ({ channel: 'phone', handle: e164, providerUserId: e164, displayName });
const chat = (handle: string, displayName: string | null): IdentityFacts => ({ channel: 'chat', handle, providerUserId: `visitor-${handle.length}abc`, displayName });
const customer = (id: string, name: string, identities: IdentityFacts[]): CustomerFacts => ({ id, name, identities });

describe('normalizing identifiers', () => {
  it('reads emails case-insensitively and refuses non-addresses', () => {
    expect(normalizeEmail('  Anna.Weber@Example.DE ')).toBe('anna.weber@example.de');
    expect(normalizeEmail('mailto:anna@example.de')).toBe('anna@example.de');
    expect(normalizeEmail('anna@localhost')).toBeNull();
    expect(normalizeEmail('not an address')).toBeNull();
  });

  it('puts phone numbers into E.164 with libphonenumber-js, German numbers without prefix included', () => {
    expect(normalizePhone('0151 12345678')).toBe('+4915112345678');
    expect(normalizePhone('+49 (0)151 1234-5678')).toBe('+4915112345678');
    expect(normalizePhone('0049 30 1234560')).toBe('+49301234560');
    expect(normalizePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('call me')).toBeNull();
  });

  it("knows which channels vouch for an identifier: mail's sender and WhatsApp's number do, a chat form does not", () => {
    expect(identifiersOf(email('Anna@Example.de'))).toContainEqual({ kind: 'email', value: 'anna@example.de', verified: true });
    expect(identifiersOf(whatsapp('4915112345678'))).toContainEqual({ kind: 'phone', value: '+4915112345678', verified: true });
    expect(identifiersOf(chat('anna@example.de', 'Anna'))).toContainEqual({ kind: 'email', value: 'anna@example.de', verified: false });
  });
});

describe('names', () => {
  it('sees the same person through accents, case and one typo', () => {
    expect(nameSimilarity('Jürgen Groß', 'jurgen gross')).toBe(1);
    expect(nameSimilarity('Katharina Schmidt', 'Katharina Schmitt')).toBe(1);
    expect(nameSimilarity('Anna Weber', 'Jonas Weber')).toBe(0.5);
  });

  it('treats different given names as a conflict, a missing name or an address as none', () => {
    expect(namesConflict('Anna Weber', 'Jonas Weber')).toBe(true);
    expect(namesConflict('Anna Weber', 'Anna')).toBe(false);
    expect(namesConflict('Anna Weber', 'anna.weber@example.de')).toBe(false);
    expect(namesConflict(null, 'Anna Weber')).toBe(false);
    expect(namesConflict('Anna Weber', 'Anna  WEBER')).toBe(false);
  });
});

describe('auto-linking a new identity', () => {
  const anna = customer('c-anna', 'Anna Weber', [email('anna.weber@example.de', 'Anna Weber')]);

  it('links a WhatsApp sender to the customer whose phone identity has the same number', () => {
    const caller = customer('c-tom', 'Tom Berger', [phone('+4915112345678', 'Tom Berger')]);
    expect(decideAutoLink(whatsapp('4915112345678', 'Tom'), [caller])).toMatchObject({ kind: 'link', customerId: 'c-tom', via: { kind: 'phone' } });
  });

  it('links mail from a known address written differently', () => {
    expect(decideAutoLink({ ...email('Anna.Weber@EXAMPLE.de', 'Anna Weber'), providerUserId: 'ANNA.WEBER@example.de' }, [anna])).toMatchObject({
      kind: 'link',
      customerId: 'c-anna',
    });
  });

  it('near miss: an address the visitor typed into the chat form is not proof, so it does not link', () => {
    expect(decideAutoLink(chat('anna.weber@example.de', 'Anna Weber'), [anna])).toEqual({ kind: 'none', reason: 'no-verified-match' });
  });

  it('near miss: a similar but different address does not link', () => {
    expect(decideAutoLink(email('anna.webber@example.de', 'Anna Weber'), [anna])).toEqual({ kind: 'none', reason: 'no-verified-match' });
  });

  it('trap: a family sharing one mailbox — a different given name on the same address is not linked', () => {
    const family = customer('c-weber', 'Anna Weber', [email('familie.weber@example.de', 'Anna Weber')]);
    // Jonas writes from the family's address on WhatsApp's number-less path: e.g. the CRM knows it for him.
    const jonas: IdentityFacts = { channel: 'email', handle: 'familie.weber@example.de', providerUserId: 'familie.weber@example.de', displayName: 'Jonas Weber' };
    expect(decideAutoLink(jonas, [family])).toEqual({ kind: 'none', reason: 'names-conflict' });
  });

  it("trap: a company's switchboard number held by several customers links to none of them", () => {
    const a = customer('c-a', 'Petra Lang', [phone('+49301234560', 'Petra Lang')]);
    const b = customer('c-b', 'Uwe Brandt', [whatsapp('49301234560', 'Uwe Brandt')]);
    expect(decideAutoLink(phone('+49301234560', 'Petra Lang'), [a, b])).toEqual({ kind: 'none', reason: 'shared-identifier' });
  });

  it('trap: the same name alone never links', () => {
    const thomas = customer('c-t1', 'Thomas Müller', [email('thomas.mueller@firma-a.de', 'Thomas Müller')]);
    expect(decideAutoLink(email('t.mueller@firma-b.de', 'Thomas Müller'), [thomas])).toEqual({ kind: 'none', reason: 'no-verified-match' });
  });
});

describe('finding identifiers in messages', () => {
  it('reads addresses, numbers and order numbers from text and a signature', () => {
    const found = extractIdentifiers(
      'Hallo, meine Bestellung Nr. A-48213 ist nicht angekommen.\n--\nAnna Weber\nTel. 0151 12345678\nanna.weber@example.de',
    );
    expect(found.emails).toEqual(['anna.weber@example.de']);
    expect(found.phones).toEqual(['+4915112345678']);
    expect(found.orderNumbers).toEqual(['A-48213']);
  });

  it('finds English order numbers and ignores numbers that are not phone numbers', () => {
    const found = extractIdentifiers('Order #88231 arrived broken, 3 items, 12 days late.');
    expect(found.orderNumbers).toEqual(['88231']);
    expect(found.phones).toEqual([]);
    expect(found.emails).toEqual([]);
  });
});

describe('suggestions', () => {
  const base = (target: CustomerFacts, candidates: CustomerFacts[], over: Partial<SuggestionInput> = {}): SuggestionInput => ({
    target,
    candidates,
    mentioned: { emails: [], phones: [], orderNumbers: [] },
    candidateOrderNumbers: new Map(),
    holders: new Map(),
    ...over,
  });

  it('suggests the customer whose address the sender wrote in a message, with that reason', () => {
    const target = customer('c-ig', '@anna_w', [{ channel: 'instagram', handle: '@anna_w', providerUserId: '1789', displayName: 'anna_w' }]);
    const anna = customer('c-anna', 'Anna Weber', [email('anna.weber@example.de', 'Anna Weber')]);
    const [s] = suggestMatches(base(target, [anna], { mentioned: { emails: ['anna.weber@example.de'], phones: [], orderNumbers: [] } }));
    expect(s).toMatchObject({ customerId: 'c-anna', reasons: [{ kind: 'email', value: 'anna.weber@example.de', source: 'written in a message' }], warnings: [] });
    expect(s!.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('suggests by a shared order number and by a phone number in the text, combining the evidence', () => {
    const target = customer('c-fb', 'Anna W.', [{ channel: 'facebook', handle: '99', providerUserId: '99', displayName: null }]);
    const anna = customer('c-anna', 'Anna Weber', [whatsapp('4915112345678', 'Anna Weber')]);
    const [s] = suggestMatches(
      base(target, [anna], {
        mentioned: { emails: [], phones: ['+4915112345678'], orderNumbers: ['A-48213'] },
        candidateOrderNumbers: new Map([['c-anna', ['A-48213']]]),
      }),
    );
    expect(s!.reasons.map((r) => r.kind).sort()).toEqual(['order-number', 'phone']);
    expect(s!.confidence).toBeGreaterThan(0.75);
  });

  it('trap: a family address is suggested with a warning and half the confidence', () => {
    const jonas = customer('c-jonas', 'Jonas Weber', [chat('familie.weber@example.de', 'Jonas Weber')]);
    const anna = customer('c-anna', 'Anna Weber', [email('familie.weber@example.de', 'Anna Weber')]);
    const [s] = suggestMatches(base(jonas, [anna]));
    expect(s!.warnings).toContain('names-differ');
    expect(s!.confidence).toBeLessThan(0.5);
  });

  it('trap: a switchboard number several customers share is flagged as shared', () => {
    const caller = customer('c-x', 'Petra Lang', [phone('+49301234560')]);
    const uwe = customer('c-uwe', 'Uwe Brandt', [phone('+49301234560', 'Uwe Brandt')]);
    const [s] = suggestMatches(base(caller, [uwe], { holders: new Map([['+49301234560', 3]]) }));
    expect(s!.warnings).toContain('shared-identifier');
    expect(s!.confidence).toBeLessThan(0.5);
  });

  it('trap: a name collision is only a weak suggestion, and unrelated names none at all', () => {
    const t1 = customer('c-t1', 'Thomas Müller', [email('thomas@firma-a.de')]);
    const t2 = customer('c-t2', 'Thomas Mueller', [email('tm@firma-b.de')]);
    const other = customer('c-o', 'Sabine Koch', [email('sabine@example.de')]);
    const out = suggestMatches(base(t1, [t2, other]));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ customerId: 'c-t2', reasons: [{ kind: 'similar-name' }] });
    expect(out[0]!.confidence).toBeLessThanOrEqual(0.25);
  });

  it('never suggests the customer itself', () => {
    const anna = customer('c-anna', 'Anna Weber', [email('anna@example.de')]);
    expect(suggestMatches(base(anna, [anna]))).toEqual([]);
  });
});
