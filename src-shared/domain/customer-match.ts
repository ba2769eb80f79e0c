/**
 * Identity resolution rules, shared by the hub (auto-linking at ingest, suggestions) and the
 * console (showing why a match is suggested).
 *
 * Two tiers, on purpose:
 * - **Auto-link** only on identifiers a channel has verified: the address an email came from, the
 *   phone number WhatsApp or the phone switch reports, the same provider user id. And even then not
 *   when the names contradict each other (a family sharing one mailbox) or when the identifier
 *   already belongs to several customers (a company's switchboard number).
 * - **Suggest** everything else with its reason: an address, number or order number found in a
 *   message or signature, a similar name. A person decides.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Channel } from './types.js';

/** An identifier that says who someone is, in its normalized form. */
export type IdentifierKind = 'email' | 'phone' | 'provider';

export interface Identifier {
  kind: IdentifierKind;
  /** Normalized: lower-case address, E.164 number, or `channel:providerUserId`. */
  value: string;
  /** True when the channel vouches for it (the mail came from it, the call or WhatsApp message did). */
  verified: boolean;
}

/** The identity fields matching looks at (a subset of the wire `Identity`). */
export interface IdentityFacts {
  channel: Channel;
  handle: string;
  providerUserId: string;
  displayName: string | null;
}

/** A customer as matching sees it. */
export interface CustomerFacts {
  id: string;
  name: string;
  identities: IdentityFacts[];
}

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A lower-cased, trimmed email address, or null when `input` is not one. */
export function normalizeEmail(input: string): string | null {
  const value = input.trim().replace(/^mailto:/i, '').toLowerCase();
  return EMAIL.test(value) ? value : null;
}

/**
 * A phone number in E.164 (libphonenumber-js), or null when it is not a valid number.
 *
 * Numbers without a country prefix are read in `defaultCountry` (the contact center's country).
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'DE'): string | null {
  const trimmed = input.trim().replace(/^(tel:|callto:)/i, '');
  if (!/\d/.test(trimmed) || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/**
 * The identifiers an identity carries.
 *
 * Verified: an email channel's sender address, WhatsApp's wa_id (the sender's number), a phone
 * channel's caller number. A chat visitor's address is typed into a form, so it is not.
 */
export function identifiersOf(identity: IdentityFacts): Identifier[] {
  const ids: Identifier[] = [{ kind: 'provider', value: `${identity.channel}:${identity.providerUserId}`, verified: true }];
  const push = (id: Identifier | null) => {
    if (id && !ids.some((x) => x.kind === id.kind && x.value === id.value)) ids.push(id);
  };
  switch (identity.channel) {
    case 'email': {
      const email = normalizeEmail(identity.providerUserId) ?? normalizeEmail(identity.handle);
      push(email ? { kind: 'email', value: email, verified: true } : null);
      break;
    }
    case 'whatsapp':
    case 'phone': {
      const raw = /^\d+$/.test(identity.providerUserId) ? `+${identity.providerUserId}` : identity.providerUserId;
      const phone = normalizePhone(raw) ?? normalizePhone(identity.handle);
      push(phone ? { kind: 'phone', value: phone, verified: true } : null);
      break;
    }
    default: {
      // Chat visitors' and social handles may look like an address or number: a hint, not proof.
      const email = normalizeEmail(identity.handle);
      push(email ? { kind: 'email', value: email, verified: false } : null);
    }
  }
  return ids;
}

/** Lower-case words of a name without accents and punctuation ("Jürgen Groß" → ["jurgen", "gross"]). */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1);
}

/** True when a "name" is really an identifier or a placeholder (an address, a number, an @handle). */
export function isPlaceholderName(name: string): boolean {
  const n = name.trim();
  return n === '' || n.includes('@') || /^[+\d\s()./-]+$/.test(n) || /^visitor\b/i.test(n);
}

/**
 * How alike two person names are, 0..1: the share of given and family name tokens they have in
 * common, with a typo tolerance of one edit per token (Damerau-free Levenshtein on short tokens;
 * written here because it is ten lines and needs no locale data).
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const used = new Set<number>();
  let hits = 0;
  for (const x of ta) {
    const j = tb.findIndex((y, k) => !used.has(k) && (x === y || (x.length > 3 && y.length > 3 && editDistance(x, y) <= 1)));
    if (j >= 0) {
      used.add(j);
      hits += 1;
    }
  }
  return hits / Math.max(ta.length, tb.length);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * True when two names say these are different people: both are real names and they share no
 * given name (the family "Anna Weber" and "Jonas Weber" share the family name only).
 */
export function namesConflict(a: string | null, b: string | null): boolean {
  if (!a || !b || isPlaceholderName(a) || isPlaceholderName(b)) return false;
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.length === 0 || tb.length === 0) return false;
  // A single token ("Anna") agrees with "Anna Weber"; otherwise the given names must match.
  if (ta.length === 1 || tb.length === 1) return !ta.some((x) => tb.includes(x));
  return nameSimilarity(a, b) < 0.99 && ta[0] !== tb[0];
}

/** What auto-linking decided for a new identity. */
export type AutoLinkDecision =
  | { kind: 'link'; customerId: string; via: Identifier }
  | { kind: 'none'; reason: 'no-verified-match' | 'names-conflict' | 'shared-identifier' };

/**
 * Should a new identity join an existing customer?
 *
 * Only a verified identifier of the new identity that equals a verified identifier of exactly one
 * existing customer links, and only when the names do not contradict. `candidates` are the
 * customers holding any identifier of the new identity.
 */
export function decideAutoLink(incoming: IdentityFacts, candidates: readonly CustomerFacts[]): AutoLinkDecision {
  const mine = identifiersOf(incoming).filter((i) => i.verified && i.kind !== 'provider');
  let sawConflict = false;
  for (const id of mine) {
    const holders = candidates.filter((c) =>
      c.identities.some((x) => identifiersOf(x).some((y) => y.verified && y.kind === id.kind && y.value === id.value)),
    );
    if (holders.length === 0) continue;
    // Several customers already share it: a switchboard number or a team mailbox, not a person.
    if (holders.length > 1) return { kind: 'none', reason: 'shared-identifier' };
    const holder = holders[0]!;
    if (namesConflict(incoming.displayName, holder.name)) {
      sawConflict = true;
      continue;
    }
    return { kind: 'link', customerId: holder.id, via: id };
  }
  return { kind: 'none', reason: sawConflict ? 'names-conflict' : 'no-verified-match' };
}

/** Identifiers written in a message: addresses, phone numbers and order numbers. */
export interface ExtractedIdentifiers {
  emails: string[];
  phones: string[];
  orderNumbers: string[];
}

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+/g;
// "Order 12345", "Bestellung Nr. A-12345", "order #AB12345", "Auftragsnummer: 2024-889"
const ORDER_IN_TEXT = /\b(?:order|bestellung|auftrag|auftragsnummer|bestellnummer|rechnung|invoice)\s*(?:no\.?|nr\.?|number|nummer)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,24}\d)\b/gi;

/** Find addresses, numbers (as E.164) and order numbers in a message or signature. */
export function extractIdentifiers(text: string, defaultCountry: CountryCode = 'DE'): ExtractedIdentifiers {
  const sample = text.slice(0, 20_000);
  const emails = new Set<string>();
  for (const m of sample.matchAll(EMAIL_IN_TEXT)) {
    const e = normalizeEmail(m[0]);
    if (e) emails.add(e);
  }
  const phones = new Set<string>();
  // libphonenumber-js finds numbers in running text (signatures, "call me at …") and validates them.
  for (const found of findPhoneNumbersInText(sample, defaultCountry)) {
    if (found.number.isValid()) phones.add(found.number.number);
  }
  const orderNumbers = new Set<string>();
  for (const m of sample.matchAll(ORDER_IN_TEXT)) orderNumbers.add(m[1]!.toUpperCase());
  return { emails: [...emails], phones: [...phones], orderNumbers: [...orderNumbers] };
}

export type SuggestionReasonKind = 'email' | 'phone' | 'order-number' | 'similar-name';

export interface SuggestionReason {
  kind: SuggestionReasonKind;
  /** The identifier or name that matched. */
  value: string;
  /** Where it was found, in words ("in a message", "their identity"). */
  source: string;
}

/** Why a suggestion needs care before merging. */
export type SuggestionWarning = 'names-differ' | 'shared-identifier';

export interface MatchSuggestion {
  customerId: string;
  name: string;
  /** 0..1; identifiers weigh more than names. */
  confidence: number;
  reasons: SuggestionReason[];
  warnings: SuggestionWarning[];
}

/** What the hub gathered about the customer suggestions are made for. */
export interface SuggestionInput {
  target: CustomerFacts;
  /** Identifiers written in the target's messages (and signatures). */
  mentioned: ExtractedIdentifiers;
  /** Order numbers each candidate mentioned in their own messages. */
  candidateOrderNumbers: ReadonlyMap<string, readonly string[]>;
  /** Identifiers mentioned in each candidate's messages (so a number they wrote links back too). */
  candidateMentioned?: ReadonlyMap<string, ExtractedIdentifiers>;
  candidates: readonly CustomerFacts[];
  /** How many customers other than the target hold each identifier value: above one it is shared. */
  holders: ReadonlyMap<string, number>;
}

const WEIGHT: Record<SuggestionReasonKind, number> = { email: 0.6, phone: 0.55, 'order-number': 0.5, 'similar-name': 0.25 };

/** Likely matches for `target`, best first, each with its reasons and warnings. Never the target itself. */
export function suggestMatches(input: SuggestionInput): MatchSuggestion[] {
  const { target } = input;
  const targetIds = target.identities.flatMap(identifiersOf).filter((i) => i.kind !== 'provider');
  const out: MatchSuggestion[] = [];
  for (const c of input.candidates) {
    if (c.id === target.id) continue;
    const reasons: SuggestionReason[] = [];
    const warnings = new Set<SuggestionWarning>();
    const theirIds = c.identities.flatMap(identifiersOf).filter((i) => i.kind !== 'provider');
    const add = (kind: SuggestionReasonKind, value: string, source: string) => {
      if (!reasons.some((r) => r.kind === kind && r.value === value)) reasons.push({ kind, value, source });
      if ((kind === 'email' || kind === 'phone') && (input.holders.get(value) ?? 0) > 1) warnings.add('shared-identifier');
    };
    for (const id of theirIds) {
      if (targetIds.some((t) => t.kind === id.kind && t.value === id.value)) add(id.kind as 'email' | 'phone', id.value, 'both identities');
      else if (id.kind === 'email' && input.mentioned.emails.includes(id.value)) add('email', id.value, 'written in a message');
      else if (id.kind === 'phone' && input.mentioned.phones.includes(id.value)) add('phone', id.value, 'written in a message');
    }
    const back = input.candidateMentioned?.get(c.id);
    if (back) {
      for (const t of targetIds) {
        if (t.kind === 'email' && back.emails.includes(t.value)) add('email', t.value, 'written in their message');
        if (t.kind === 'phone' && back.phones.includes(t.value)) add('phone', t.value, 'written in their message');
      }
    }
    for (const order of input.candidateOrderNumbers.get(c.id) ?? []) {
      if (input.mentioned.orderNumbers.includes(order)) add('order-number', order, 'both wrote it');
    }
    const similarity = isPlaceholderName(target.name) || isPlaceholderName(c.name) ? 0 : nameSimilarity(target.name, c.name);
    if (similarity >= 0.99) add('similar-name', c.name, 'the same name');
    else if (similarity >= 0.5 && reasons.length === 0 && nameTokens(target.name).length > 1) add('similar-name', c.name, 'a similar name');
    if (reasons.length === 0) continue;
    if (namesConflict(target.name, c.name)) warnings.add('names-differ');
    const raw = 1 - reasons.reduce((p, r) => p * (1 - WEIGHT[r.kind]), 1);
    // A shared identifier or contradicting names make an identifier match weak evidence.
    const confidence = Math.round(raw * (warnings.size > 0 ? 0.5 : 1) * 100) / 100;
    out.push({ customerId: c.id, name: c.name, confidence, reasons, warnings: [...warnings] });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}
