/**
 * Rows every hub needs: the departments, and (outside demo mode) a first admin.
 */
import type { Kysely } from 'kysely';
import { DEPARTMENTS, type DepartmentId } from '../../src-shared/index.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database } from './schema.js';
import { createUser } from './users.js';

const DEPARTMENT_NAMES: Record<DepartmentId, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  service: 'Service',
  support: 'Support',
};

export async function ensureDepartments(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('departments')
    .values(DEPARTMENTS.map((id) => ({ id, name: DEPARTMENT_NAMES[id] })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Create the first admin from configuration when the hub has no users yet. Without it a
 * production hub would have nobody who can sign in, so say so plainly.
 */
export async function ensureBootstrapAdmin(
  db: Kysely<Database>,
  admin: { email: string; password: string } | null,
  log: (msg: string) => void,
): Promise<void> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return;
  if (!admin) {
    log('No users exist yet. Set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD to create the first admin.');
    return;
  }
  await createUser(db, {
    email: admin.email,
    name: 'Administrator',
    role: 'admin',
    departments: [...DEPARTMENTS],
    passwordHash: await hashPassword(admin.password),
  });
  log(`Created the first admin account ${admin.email}`);
}
