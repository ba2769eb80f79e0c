/**
 * Customer 360 over HTTP: the DSGVO export download for staff, and the CRM endpoints.
 *
 * `/api/crm/*` accepts either the CRM's API key (`X-Api-Key`, set with SWITCHBOARD_CRM_API_KEY)
 * or an admin's session token (`Authorization: Bearer`). Nothing else gets in.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isLeadRole, type User } from '../../src-shared/index.js';
import { findSession } from '../auth/sessions.js';
import { HubError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { crmView, exportCsv, importCsv, pushCrmCustomer } from './crm.js';
import { exportCustomer } from './privacy.js';

export interface CustomerRoutesOptions {
  db: Kysely<Database>;
  crmApiKey: string | null;
  poke: (head: number) => void;
}

const STATUS: Partial<Record<string, number>> = { bad_request: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409 };

const sha = (s: string) => createHash('sha256').update(s).digest();

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null;
}

/** Register the routes in their own scope (the CSV body parser stays local to them). */
export async function registerCustomerRoutes(app: FastifyInstance, options: CustomerRoutesOptions): Promise<void> {
  const { db } = options;
  const keyHash = options.crmApiKey ? sha(options.crmApiKey) : null;

  async function staff(request: FastifyRequest): Promise<User> {
    const token = bearer(request);
    const session = token ? await findSession(db, token) : null;
    if (!session) throw new HubError('unauthenticated', 'Sign in first: no live session token was sent');
    return session.user;
  }

  /** The CRM's key, or an admin session. */
  async function crmCaller(request: FastifyRequest): Promise<void> {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && key !== '') {
      // Compared as hashes: equal length, constant time.
      if (keyHash && timingSafeEqual(sha(key), keyHash)) return;
      throw new HubError('unauthenticated', 'Wrong API key');
    }
    const user = await staff(request);
    if (user.role !== 'admin') throw new HubError('forbidden', 'Only admins (or the CRM with its API key) may use the CRM endpoints');
  }

  const fail = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof HubError)) throw error;
    return reply.code(STATUS[error.code] ?? 400).send({ error: error.toWire() });
  };

  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20_000_000 }, (_request, body, done) => done(null, body));

    scope.get('/api/customers/:id/export', async (request, reply) => {
      try {
        const user = await staff(request);
        if (!isLeadRole(user.role)) throw new HubError('forbidden', 'Only leads and admins may export customer data');
        const id = z.uuid().safeParse((request.params as { id: string }).id);
        if (!id.success) throw new HubError('bad_request', 'Not a customer id');
        const data = await exportCustomer(db, user, id.data);
        return reply
          .header('content-disposition', `attachment; filename="customer-${id.data}.json"`)
          .header('cache-control', 'no-store')
          .type('application/json')
          .send(JSON.stringify(data, null, 2));
      } catch (error) {
        return fail(reply, error);
      }
    });

    scope.get('/api/crm/customers.csv', async (request, reply) => {
      try {
        await crmCaller(request);
        return reply.header('content-disposition', 'attachment; filename="customers.csv"').header('cache-control', 'no-store').type('text/csv; charset=utf-8').send(await exportCsv(db));
      } catch (error) {
        return fail(reply, error);
      }
    });

    scope.post('/api/crm/customers.csv', async (request, reply) => {
      try {
        await crmCaller(request);
        if (typeof request.body !== 'string') throw new HubError('bad_request', 'Send the file as text/csv');
        const { head, ...result } = await importCsv(db, request.body);
        if (head) options.poke(head);
        return result;
      } catch (error) {
        return fail(reply, error);
      }
    });

    scope.put('/api/crm/customers/:customerNumber', async (request, reply) => {
      try {
        await crmCaller(request);
        if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
          throw new HubError('bad_request', 'Send the customer as a JSON object (Content-Type: application/json)');
        }
        const body = request.body;
        const { head, ...result } = await pushCrmCustomer(db, { ...body, customerNumber: (request.params as { customerNumber: string }).customerNumber });
        if (head) options.poke(head);
        return result;
      } catch (error) {
        return fail(reply, error);
      }
    });

    scope.get('/api/crm/customers/:customerNumber', async (request, reply) => {
      try {
        await crmCaller(request);
        const number = (request.params as { customerNumber: string }).customerNumber;
        const row = await db.selectFrom('customers').select('id').where('customer_number', '=', number).executeTakeFirst();
        if (!row) throw new HubError('not_found', `No customer with number ${number}`);
        return await crmView(db, row.id);
      } catch (error) {
        return fail(reply, error);
      }
    });
  });
}
