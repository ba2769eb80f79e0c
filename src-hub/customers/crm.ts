/**
 * CRM integration: master data in (a CRM or ERP pushes customers by customer number, or an admin
 * imports a CSV file), learned identities out (JSON per customer, or a CSV export of everyone).
 *
 * CSV is read and written with papaparse. An import is checked whole before anything is stored
 * and stored in one transaction: a file with one bad row changes nothing and the answer names
 * every bad row.
 */
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { normalizeEmail, normalizePhone, scoreOf, type Customer, type Identity } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { appendChanges, type PendingChange } from '../store/changes.js';
import { toCustomer, toIdentity } from '../store/mappers.js';
import type { Database } from '../store/schema.js';
import { audit } from './rows.js';
import { recomputeScore } from './score.js';

type Trx = Transaction<Database>;

const Text = (max: number) => z.string().trim().max(max);
const OptionalText = (max: number) =>
  Text(max)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v === null || v === '' ? null : v));

/** What a CRM pushes for one customer; the customer number is the key. */
export const CrmCustomerSchema = z
  .object({
    customerNumber: Text(64).min(1, 'A customer number is required'),
    name: Text(200).min(1).optional(),
    segment: OptionalText(64),
    owner: OptionalText(200),
    language: OptionalText(16),
    country: OptionalText(2),
    emails: z.array(z.string().max(320)).max(20).default([]),
    phones: z.array(z.string().max(40)).max(20).default([]),
  })
  .strict()
  .superRefine((r, ctx) => {
    r.emails.forEach((e, i) => normalizeEmail(e) ?? ctx.addIssue({ code: 'custom', path: ['emails', i], message: `"${e}" is not an email address` }));
    r.phones.forEach((p, i) => normalizePhone(p) ?? ctx.addIssue({ code: 'custom', path: ['phones', i], message: `"${p}" is not a valid phone number` }));
  });
export type CrmCustomer = z.output<typeof CrmCustomerSchema>;

/** What the CRM gets back: the customer and every identity Switchboard learned for them. */
export interface CrmCustomerResult {
  customer: Customer;
  /** Social identities appear only with an active social-profile consent (DSGVO). */
  identities: Identity[];
  /** Addresses or numbers that already belong to another customer: not moved, a person decides. */
  conflicts: { value: string; customerId: string }[];
}

/** Create or update one customer by customer number, with its addresses and numbers. */
export async function upsertCrmCustomer(trx: Trx, record: CrmCustomer, changes: PendingChange[]): Promise<{ customerId: string; conflicts: CrmCustomerResult['conflicts'] }> {
  let row = await trx.selectFrom('customers').selectAll().where('customer_number', '=', record.customerNumber).forUpdate().executeTakeFirst();
  const master = {
    ...(record.name !== undefined ? { name: record.name } : {}),
    ...(record.segment !== undefined ? { segment: record.segment } : {}),
    ...(record.owner !== undefined ? { owner: record.owner } : {}),
    ...(record.language !== undefined ? { language: record.language } : {}),
    ...(record.country !== undefined ? { country: record.country?.toUpperCase() ?? null } : {}),
  };
  if (!row) {
    row = await trx
      .insertInto('customers')
      .values({ id: randomUUID(), name: record.name ?? record.customerNumber, language: null, country: null, customer_number: record.customerNumber, updated_at: new Date(), ...master })
      .returningAll()
      .executeTakeFirstOrThrow();
  } else {
    row = await trx.updateTable('customers').set({ ...master, updated_at: new Date() }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
  }
  changes.push({ entity: 'customer', data: toCustomer(row) });
  const conflicts: CrmCustomerResult['conflicts'] = [];
  const wanted = [
    ...record.emails.map((e) => ({ channel: 'email' as const, value: normalizeEmail(e)! })),
    ...record.phones.map((p) => ({ channel: 'phone' as const, value: normalizePhone(p)! })),
  ];
  for (const { channel, value } of wanted) {
    const existing = await trx.selectFrom('identities').select(['id', 'customer_id']).where('channel', '=', channel).where('provider_user_id', '=', value).executeTakeFirst();
    if (existing) {
      if (existing.customer_id !== row.id) conflicts.push({ value, customerId: existing.customer_id });
      continue;
    }
    const identity = await trx
      .insertInto('identities')
      .values({ id: randomUUID(), customer_id: row.id, channel, handle: value, provider_user_id: value, display_name: row.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    changes.push({ entity: 'identity', data: toIdentity(identity) });
  }
  return { customerId: row.id, conflicts };
}

/** The customer and the identities the CRM may receive (social ones only with consent). */
export async function crmView(db: Kysely<Database> | Trx, customerId: string): Promise<Omit<CrmCustomerResult, 'conflicts'>> {
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
  const identities = await db.selectFrom('identities').selectAll().where('customer_id', '=', customerId).where('provider_user_id', 'not like', 'erased:%').execute();
  const consents = await db
    .selectFrom('customer_consents')
    .select(['identity_id'])
    .where('customer_id', '=', customerId)
    .where('purpose', '=', 'social-profile')
    .where('revoked_at', 'is', null)
    .execute();
  const wholeCustomer = consents.some((c) => c.identity_id === null);
  const consented = new Set(consents.map((c) => c.identity_id));
  const social = new Set(['facebook', 'instagram', 'x']);
  return {
    customer: toCustomer(customer),
    identities: identities.filter((i) => !social.has(i.channel) || wholeCustomer || consented.has(i.id)).map(toIdentity),
  };
}

/** Push one customer (the REST endpoint): store, audit, log, and answer with the learned identities. */
export async function pushCrmCustomer(db: Kysely<Database>, input: unknown): Promise<CrmCustomerResult & { head: number }> {
  const parsed = CrmCustomerSchema.safeParse(input);
  if (!parsed.success) throw new HubError('bad_request', `Invalid customer: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  return db.transaction().execute(async (trx) => {
    const changes: PendingChange[] = [];
    const { customerId, conflicts } = await upsertCrmCustomer(trx, parsed.data, changes);
    await audit(trx, customerId, 'crm-push', null, {});
    await recomputeScore(trx, customerId, changes);
    const view = await crmView(trx, customerId);
    return { ...view, conflicts, head: await appendChanges(trx, changes) };
  });
}

/** Columns of the CSV export and import, in order. Lists (emails, phones) are separated by `;`. */
export const CSV_COLUMNS = ['customer_number', 'name', 'segment', 'owner', 'language', 'country', 'emails', 'phones', 'score', 'id'] as const;

const splitList = (v: string | undefined) => (v ?? '').split(';').map((s) => s.trim()).filter(Boolean);

/**
 * Import customers from CSV (header row with the columns of `CSV_COLUMNS`; `score` and `id` are
 * ignored). Every row is checked before any is stored.
 *
 * @throws HubError('bad_request') naming each bad row (1-based, the header is row 1).
 */
export async function importCsv(db: Kysely<Database>, csv: string): Promise<{ imported: number; conflicts: CrmCustomerResult['conflicts']; head: number }> {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const problems: string[] = parsed.errors.slice(0, 20).map((e) => `row ${(e.row ?? 0) + 2}: ${e.message}`);
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('customer_number')) problems.unshift('the header has no customer_number column');
  const unknown = fields.filter((f) => !(CSV_COLUMNS as readonly string[]).includes(f));
  if (unknown.length) problems.push(`unknown columns: ${unknown.join(', ')}`);
  const records: CrmCustomer[] = [];
  parsed.data.forEach((row, i) => {
    const result = CrmCustomerSchema.safeParse({
      customerNumber: row.customer_number ?? '',
      ...(row.name ? { name: row.name } : {}),
      ...('segment' in row ? { segment: row.segment } : {}),
      ...('owner' in row ? { owner: row.owner } : {}),
      ...('language' in row ? { language: row.language } : {}),
      ...('country' in row ? { country: row.country } : {}),
      emails: splitList(row.emails),
      phones: splitList(row.phones),
    });
    if (result.success) records.push(result.data);
    else problems.push(`row ${i + 2}: ${result.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  });
  const numbers = records.map((r) => r.customerNumber);
  const twice = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  if (twice.length) problems.push(`customer numbers appear twice: ${[...new Set(twice)].join(', ')}`);
  if (records.length > 10_000) problems.push('at most 10,000 customers per file');
  if (problems.length) throw new HubError('bad_request', `Nothing was imported. ${problems.slice(0, 20).join(' · ')}`);
  return db.transaction().execute(async (trx) => {
    const changes: PendingChange[] = [];
    const conflicts: CrmCustomerResult['conflicts'] = [];
    for (const record of records) {
      const out = await upsertCrmCustomer(trx, record, changes);
      conflicts.push(...out.conflicts);
      await audit(trx, out.customerId, 'crm-import', null, {});
    }
    return { imported: records.length, conflicts, head: await appendChanges(trx, changes) };
  });
}

/** Every active customer as CSV (with learned addresses and numbers and the score). */
export async function exportCsv(db: Kysely<Database>): Promise<string> {
  const customers = await db.selectFrom('customers').selectAll().where('merged_into', 'is', null).where('erased_at', 'is', null).orderBy('name').execute();
  const identities = await sql<{ customer_id: string; channel: string; handle: string; provider_user_id: string }>`
    select customer_id, channel, handle, provider_user_id from identities where channel in ('email', 'phone', 'whatsapp')`.execute(db);
  const consented = new Set(
    (await db.selectFrom('customer_consents').select('customer_id').where('purpose', '=', 'social-profile').where('revoked_at', 'is', null).execute()).map((c) => c.customer_id),
  );
  const byCustomer = new Map<string, { emails: Set<string>; phones: Set<string> }>();
  for (const i of identities.rows) {
    const entry = byCustomer.get(i.customer_id) ?? { emails: new Set(), phones: new Set() };
    byCustomer.set(i.customer_id, entry);
    if (i.channel === 'email') {
      const e = normalizeEmail(i.provider_user_id) ?? normalizeEmail(i.handle);
      if (e) entry.emails.add(e);
    } else {
      const p = normalizePhone(/^\d+$/.test(i.provider_user_id) ? `+${i.provider_user_id}` : i.provider_user_id);
      if (p) entry.phones.add(p);
    }
  }
  const rows = customers.map((c) => {
    const wire = toCustomer(c);
    const ids = byCustomer.get(c.id);
    return [
      c.customer_number ?? '',
      c.name,
      c.segment ?? '',
      c.owner ?? '',
      c.language ?? '',
      c.country ?? '',
      [...(ids?.emails ?? [])].join(';'),
      [...(ids?.phones ?? [])].join(';'),
      String(scoreOf(wire.scoreInputs, consented.has(c.id)).total),
      c.id,
    ];
  });
  // Formula-looking cells are prefixed so a spreadsheet does not execute them (CSV injection).
  const safe = rows.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) && !/^\+\d/.test(v) ? `'${v}` : v)));
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: safe });
}
