/**
 * Opaque bearer sessions. The token is random and only its SHA-256 is stored, so a database leak
 * does not leak usable tokens; logout sets `revoked_at`, which every later check honours.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { User } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';
import { toUser } from '../store/mappers.js';

export interface Session {
  id: string;
  user: User;
  expiresAt: Date;
}

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Create a session and return the bearer token (shown to the client once). */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  ttlMs: number,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + ttlMs);
  await db
    .insertInto('sessions')
    .values({ id: sessionId, token_hash: sha256(token), user_id: userId, expires_at: expiresAt, revoked_at: null })
    .execute();
  return { token, sessionId, expiresAt };
}

/** The live session for a token, or null when unknown, expired, revoked or the user is disabled. */
export async function findSession(db: Kysely<Database>, token: string): Promise<Session | null> {
  if (!token || token.length > 200) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.revoked_at'])
    .where('sessions.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled) return null;
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= Date.now()) return null;
  return { id: row.session_id, user: toUser(row), expiresAt };
}

/** Revoke one session; returns whether a live session was revoked. */
export async function revokeSession(db: Kysely<Database>, sessionId: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
