/**
 * Webhook signatures: HMAC-SHA256 over the raw request body, compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `payload` with `secret`, in the given encoding. */
export function hmacSha256(secret: string, payload: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(payload).digest(encoding);
}

/** Constant-time string comparison (different lengths compare unequal without leaking where). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    // Still spend the comparison so timing does not tell a length mismatch apart.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/**
 * The secret among `secrets` whose signature `sha256=<digest>` matches `header`, or null.
 *
 * Several apps may be configured (each account stores its app's secret), so every candidate is
 * tried; the caller then routes only to accounts of the matching app.
 */
export function matchSignature(header: string, raw: Buffer, secrets: Iterable<string>, encoding: 'hex' | 'base64'): string | null {
  if (!header.startsWith('sha256=')) return null;
  const given = header.slice('sha256='.length).trim();
  let matched: string | null = null;
  for (const secret of secrets) {
    if (safeEqual(hmacSha256(secret, raw, encoding), given) && matched === null) matched = secret;
  }
  return matched;
}
