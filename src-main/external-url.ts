/**
 * The allowlist for URLs the console may hand to the operating system.
 *
 * `shell.openExternal` runs whatever handler the OS has registered for a scheme, so anything other
 * than web, mail and telephony links (file:, smb:, custom app schemes…) is a code-execution risk.
 * The check is strict on purpose: a legitimate link from a conversation never needs whitespace,
 * control characters, backslashes or embedded credentials, while look-alike attacks do.
 */
import type { OpenExternalFailure } from '../src-preload/contract/desktop-api.js';
import { IpcLimits } from '../src-preload/contract/channels.js';

/** Result of the allowlist: the normalized URL to open, or why it was refused. */
export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: OpenExternalFailure };

/** Schemes that may leave the app. tel/sip/callto are for click-to-dial. */
export const ALLOWED_EXTERNAL_SCHEMES = ['https:', 'http:', 'mailto:', 'tel:', 'sip:', 'callto:'] as const;

// C0/C1 controls, every kind of whitespace, zero-width and bidi marks, and backslashes. The WHATWG
// parser silently strips or rewrites several of these, which is exactly how look-alikes get through.
const FORBIDDEN_CHARS = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/u;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Digits with the visual separators of RFC 3966, optionally an extension. At least 3 digits.
const PHONE = /^\+?[0-9().*-]{3,40}(?:;ext=[0-9]{1,10})?$/;
const SIP_USER = /^[A-Za-z0-9+._-]{1,64}$/;
const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/**
 * Decides whether `input` may be opened with `shell.openExternal`.
 *
 * Returns the normalized URL to open (never the raw input) so what was checked is what is opened.
 */
export function checkExternalUrl(input: unknown): ExternalUrlCheck {
  if (typeof input !== 'string') return refuse('not-a-string');
  if (input.length > IpcLimits.externalUrl) return refuse('too-long');
  if (FORBIDDEN_CHARS.test(input)) return refuse('forbidden-characters');
  const scheme = SCHEME.exec(input)?.[1]?.toLowerCase();
  if (scheme === undefined) return refuse('malformed');
  const rest = input.slice(scheme.length + 1);
  switch (`${scheme}:`) {
    case 'https:':
    case 'http:':
      return checkWebUrl(input);
    case 'mailto:':
      return checkMailto(rest);
    case 'tel:':
      return isPhone(rest) ? accept(`tel:${rest}`) : refuse('invalid-address');
    case 'sip:':
      return isSipAddress(rest) ? accept(`sip:${rest}`) : refuse('invalid-address');
    case 'callto:': {
      // Skype-era clients write both `callto:+1555…` and `callto://+1555…`.
      const target = rest.startsWith('//') ? rest.slice(2) : rest;
      return isPhone(target) || isSipAddress(target) ? accept(`callto:${target}`) : refuse('invalid-address');
    }
    default:
      return refuse('scheme-not-allowed');
  }
}

function checkWebUrl(input: string): ExternalUrlCheck {
  const url = parse(input);
  if (url === null || url.hostname === '') return refuse('malformed');
  // `https://bank.example@evil.example` reads like the bank but opens evil.example.
  if (url.username !== '' || url.password !== '') return refuse('credentials-not-allowed');
  // The raw text must really be `scheme://host…`: rejects `https:evil.example` and similar forms
  // the parser would quietly repair into something the user did not see.
  if (!/^https?:\/\/[^/?#]/i.test(input)) return refuse('malformed');
  return accept(url.href);
}

function checkMailto(rest: string): ExternalUrlCheck {
  const url = parse(`mailto:${rest}`);
  if (url === null) return refuse('malformed');
  const recipients = safeDecode(url.pathname);
  if (recipients === null) return refuse('malformed');
  // `mailto:?subject=…` (no recipient) is valid and lets the agent pick one.
  const valid = recipients === '' || recipients.split(',').every((address) => EMAIL.test(address));
  return valid ? accept(url.href) : refuse('invalid-address');
}

function isPhone(value: string): boolean {
  return PHONE.test(value) && (value.match(/[0-9]/g)?.length ?? 0) >= 3;
}

/** `user@host[:port]` or a bare phone number, optionally with `;transport=…`; never `user:password@`. */
function isSipAddress(value: string): boolean {
  const [address = '', ...params] = value.split(';');
  if (params.length > 1 || (params.length === 1 && !/^transport=(udp|tcp|tls)$/i.test(params[0] ?? ''))) return false;
  const at = address.indexOf('@');
  if (at === -1) return isPhone(address);
  return SIP_USER.test(address.slice(0, at)) && HOST.test(address.slice(at + 1));
}

function parse(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function accept(url: string): ExternalUrlCheck {
  return { ok: true, url };
}

function refuse(reason: OpenExternalFailure): ExternalUrlCheck {
  return { ok: false, reason };
}
