/** Headers for everything the hub serves; the CSP is the console's, shared with the desktop app. */
import { CONSOLE_CSP } from '../../src-shared/security/csp.js';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};
