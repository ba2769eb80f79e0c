/**
 * Phone numbers: normalizing what agents type or customers write, and finding numbers in message
 * text and signatures.
 *
 * libphonenumber-js does the parsing and validation (the `max` metadata, so a number's validity is
 * checked against its country's real number plan, not only its length). What is ours: German
 * extension words ("Durchwahl", "Dw.", "App.") are rewritten to the `ext.` the library knows, and
 * the result carries where in the text a number was found, so the agent can confirm it in context.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** A number in E.164 with its extension, ready to dial. */
export interface PhoneNumber {
  /** E.164, e.g. `+493012345678`. */
  e164: string;
  /** Digits of an extension (Durchwahl), or null. */
  ext: string | null;
  /** How a human reads it, international format (`+49 30 12345678 ext. 12`). */
  display: string;
  /** ISO 3166 country of the number, when known. */
  country: string | null;
}

/** A number found in a text, with the text it was read from. */
export interface FoundPhoneNumber extends PhoneNumber {
  /** The characters of the text that made up the number. */
  raw: string;
  start: number;
  end: number;
}

// "Durchwahl 12", "Dw. 12", "App. 12" (Apparat), "Nebenstelle 12": German for an extension.
const GERMAN_EXTENSION = /\s*(?:,\s*)?\b(?:durchwahl|dw\.?|app\.?|apparat|nebenstelle|nst\.?)\s*:?\s*(?=\d)/giu;

/** The region to parse national numbers in: a valid ISO country code, upper-cased, or undefined. */
export function defaultRegion(country: string | null | undefined): CountryCode | undefined {
  const code = country?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

/** German extension words become `ext.`, same length where possible, so positions stay meaningful. */
function withStandardExtensions(text: string): string {
  return text.replace(GERMAN_EXTENSION, ' ext. ');
}

function toPhoneNumber(parsed: NonNullable<ReturnType<typeof parsePhoneNumberFromString>>): PhoneNumber {
  const ext = parsed.ext ? parsed.ext : null;
  return {
    e164: parsed.number,
    ext,
    display: parsed.formatInternational(),
    country: parsed.country ?? null,
  };
}

/**
 * Normalize a number as typed (`030 1234567-89`, `+49 (0)30 …`, `0049 …`, `+1 555 … x12`).
 *
 * National numbers are read in `country` (the customer's country). Returns null when the text is
 * not a valid phone number there.
 */
export function normalizePhoneNumber(input: string, country?: string | null): PhoneNumber | null {
  if (input.length > 100) return null;
  const text = withStandardExtensions(input.trim()).replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: defaultRegion(country), extract: false });
  if (!parsed || !parsed.isValid()) return null;
  return toPhoneNumber(parsed);
}

/**
 * Every valid phone number in `text` (a message body, a mail signature), in order of appearance,
 * each number once.
 */
export function findPhoneNumbers(text: string, country?: string | null): FoundPhoneNumber[] {
  // Longer than any signature worth scanning: the finder is linear, but the agent waits for it.
  const source = text.length > 50_000 ? text.slice(-50_000) : text;
  const offset = text.length - source.length;
  const prepared = withStandardExtensions(source).replace(/(^|[^\d+])00(?=[1-9]\d{6})/g, '$1 +');
  const found: FoundPhoneNumber[] = [];
  const seen = new Set<string>();
  for (const match of findPhoneNumbersInText(prepared, { defaultCountry: defaultRegion(country) })) {
    if (!match.number.isValid()) continue;
    const raw = prepared.slice(match.startsAt, match.endsAt).trim();
    // Where numbers are written with a trunk prefix (0 in Germany), a national number without it
    // is an order number, a date or an amount, not a phone number ("Bestellnr. 2024-1234").
    const writtenNationally = !raw.startsWith('+');
    if (writtenNationally && match.number.formatNational().startsWith('0') && !/^\(?0/.test(raw)) continue;
    const number = toPhoneNumber(match.number);
    const key = `${number.e164};${number.ext ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ ...number, raw, start: offset + match.startsAt, end: offset + match.endsAt });
  }
  return found;
}

/** The `tel:` URI (RFC 3966) of a number: `tel:+493012345678;ext=12`. */
export function telUri(number: Pick<PhoneNumber, 'e164' | 'ext'>): string {
  return `tel:${number.e164}${number.ext ? `;ext=${number.ext}` : ''}`;
}

/** The URI for a softphone scheme: `tel:` and `callto:` take the number, `sip:` a number user part. */
export function dialUri(scheme: 'tel' | 'sip' | 'callto', number: Pick<PhoneNumber, 'e164' | 'ext'>): string {
  if (scheme === 'tel') return telUri(number);
  return `${scheme}:${number.e164}`;
}
