/**
 * Staff accounts. Created through here so every console learns of a new colleague through the
 * change log (names on messages, assignment pickers).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DepartmentId, Role, User } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges } from './changes.js';
import { toUser } from './mappers.js';
import type { Database } from './schema.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  departments: DepartmentId[];
  passwordHash: string;
}

/** Insert a user and its change-log entry in one transaction; returns the user and the new head. */
export async function createUser(db: Kysely<Database>, input: NewUser): Promise<{ user: User; head: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        id: randomUUID(),
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        departments: input.departments,
        password_hash: input.passwordHash,
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const user = toUser(row);
    const head = await appendChanges(trx, [{ entity: 'user', data: user }]);
    return { user, head };
  });
}

/**
 * Change what a colleague may see (role, departments). The change-log entry tells her console,
 * which rebuilds its cache for the new scope. Returns the new head, or 0 when nothing changed.
 */
export async function updateUserAccess(
  db: Kysely<Database>,
  userId: string,
  access: { role?: Role; departments?: DepartmentId[] },
): Promise<{ user: User; head: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ ...(access.role ? { role: access.role } : {}), ...(access.departments ? { departments: access.departments } : {}), updated_at: new Date() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new HubError('not_found', 'No such user');
    const user = toUser(row);
    const head = await appendChanges(trx, [{ entity: 'user', data: user }]);
    return { user, head };
  });
}
