/**
 * Profile links of identities. Built only from strict patterns, so a handle can never smuggle in
 * another scheme or host; the desktop app still opens them only through the allowlisted
 * `desktop.shell.openExternal` (src-main/external-url.ts).
 */
import type { Identity } from '../../../src-shared/index.js';

const X_HANDLE = /^@?([A-Za-z0-9_]{1,15})$/;
const IG_HANDLE = /^@?([A-Za-z0-9._]{1,30})$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** The public profile (or mail/phone) link of an identity, or null when there is none. */
export function profileUrl(identity: Pick<Identity, 'channel' | 'handle' | 'providerUserId'>): string | null {
  switch (identity.channel) {
    case 'email':
      return EMAIL.test(identity.handle) ? `mailto:${identity.handle}` : null;
    case 'whatsapp': {
      const digits = identity.providerUserId.replace(/^\+/, '');
      return /^\d{6,15}$/.test(digits) ? `https://wa.me/${digits}` : null;
    }
    case 'phone':
      return /^\+\d{6,15}$/.test(identity.handle) ? `tel:${identity.handle}` : null;
    case 'x': {
      const m = identity.handle.startsWith('@') ? X_HANDLE.exec(identity.handle) : null;
      return m ? `https://x.com/${m[1]}` : null;
    }
    case 'instagram': {
      const m = identity.handle.startsWith('@') ? IG_HANDLE.exec(identity.handle) : null;
      return m ? `https://www.instagram.com/${m[1]}/` : null;
    }
    // Facebook ids the page sees are page-scoped: there is no public profile address for them.
    case 'facebook':
    case 'chat':
      return null;
    default:
      return null;
  }
}

/** Channels whose identities carry social profile data (linked to master data only with consent). */
export const SOCIAL_CHANNELS: ReadonlySet<Identity['channel']> = new Set(['facebook', 'instagram', 'x']);
