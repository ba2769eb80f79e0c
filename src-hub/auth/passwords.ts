/**
 * Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum that isolated modules cannot read; 2 is Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password or a malformed stored hash; never throws on user input. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
