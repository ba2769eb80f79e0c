import 'fake-indexeddb/auto';
import { openReleased } from './released-schemas.js';
import { describe, expect, it } from 'vitest';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import type { Change, Customer, Identity, MergeRecord } from '../../../src-shared/index.js';
import { applyChanges } from '../../../src-renderer/sync/apply-changes.js';
import { customer360 } from '../../../src-renderer/features/customer/queries.js';
import { profileUrl } from '../../../src-renderer/features/customer/profile-links.js';
import { change, conversation, freshDb, uuid } from './fixtures.js';

/**
 * The cache follows Customer 360 changes: a merge re-points conversations and identities and drops
 * the merged-away customer, an unmerge brings it back, an erasure removes identities.
 */
const at = '2026-11-23T10:00:00.000Z';
const customer = (n: number, over: Partial<Customer> = {}): Customer => ({ id: uuid(1000 + n), name: `Customer ${n}`, language: null, country: null, createdAt: at, updatedAt: at, ...over });
const identity = (n: number, customerN: number, over: Partial<Identity> = {}): Identity => ({
  id: uuid(2000 + n),
  customerId: uuid(1000 + customerN),
  channel: 'email',
  handle: `c${n}@example.test`,
  providerUserId: `c${n}@example.test`,
  displayName: null,
  ...over,
});
const any = (syncId: number, entity: Change['entity'], data: unknown) => ({ syncId, entity, data }) as Change;

describe('Customer 360 in the cache', () => {
  it('applies a merge, then its unmerge, and an erasure', async () => {
    const db = freshDb();
    await applyChanges(db, [any(1, 'customer', customer(1)), any(2, 'customer', customer(2)), any(3, 'identity', identity(1, 1)), any(4, 'identity', identity(2, 2)), change(5, 'conversation', conversation(2))], 5);
    expect((await customer360(db, uuid(1002)))?.identities).toHaveLength(1);

    const merge: MergeRecord = { id: uuid(9), survivorId: uuid(1001), mergedId: uuid(1002), mergedName: 'Customer 2', fieldsTaken: ['name'], createdBy: null, createdAt: at, undoneAt: null };
    await applyChanges(
      db,
      [
        any(6, 'customer', customer(1, { name: 'Customer 2' })),
        any(7, 'customer', customer(2, { mergedInto: uuid(1001) })),
        any(8, 'identity', identity(2, 1)),
        change(9, 'conversation', conversation(2, { customerId: uuid(1001), version: 2 })),
        any(10, 'merge', merge),
      ],
      10,
    );
    expect(await db.customers.get(uuid(1002))).toBeUndefined();
    const merged = (await customer360(db, uuid(1001)))!;
    expect(merged.customer.name).toBe('Customer 2');
    expect(merged.identities.map((i) => i.id).sort()).toEqual([uuid(2001), uuid(2002)]);
    expect(merged.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['conversation', 'merge']));

    await applyChanges(
      db,
      [
        any(11, 'customer', customer(1)),
        any(12, 'customer', customer(2, { mergedInto: null })),
        any(13, 'identity', identity(2, 2)),
        change(14, 'conversation', conversation(2, { customerId: uuid(1002), version: 3 })),
        any(15, 'merge', { ...merge, undoneAt: at }),
      ],
      15,
    );
    expect((await customer360(db, uuid(1002)))?.identities.map((i) => i.id)).toEqual([uuid(2002)]);
    expect((await customer360(db, uuid(1001)))?.merges[0]?.undoneAt).toBe(at);

    await applyChanges(db, [any(16, 'identity-removed', { id: uuid(2002) }), any(17, 'customer', customer(2, { name: 'Erased customer', erasedAt: at }))], 17);
    expect(await db.identities.get(uuid(2002))).toBeUndefined();
    db.close();
  });
});

describe('profile links', () => {
  it('links known networks from strict patterns only', () => {
    expect(profileUrl({ channel: 'x', handle: '@brand_fan', providerUserId: '1' })).toBe('https://x.com/brand_fan');
    expect(profileUrl({ channel: 'instagram', handle: '@lena.hoffi', providerUserId: '1' })).toBe('https://www.instagram.com/lena.hoffi/');
    expect(profileUrl({ channel: 'whatsapp', handle: '+4917139200111', providerUserId: '4917139200111' })).toBe('https://wa.me/4917139200111');
    expect(profileUrl({ channel: 'email', handle: 'a@example.de', providerUserId: 'a@example.de' })).toBe('mailto:a@example.de');
    expect(profileUrl({ channel: 'x', handle: '@evil/../../x', providerUserId: '1' })).toBeNull();
    expect(profileUrl({ channel: 'instagram', handle: '@a"onmouseover=x', providerUserId: '1' })).toBeNull();
    expect(profileUrl({ channel: 'facebook', handle: 'Sabine', providerUserId: '6284019375520418' })).toBeNull();
  });
});

describe('cache schema v20', () => {
  it('upgrades a v10 cache: every row and the cursor stay, the Customer 360 tables are there', async () => {
    const name = `upgrade-v20-${Date.now()}`;
    // The schema as v10 left it (v3's lean conversation indexes, v4's tombstones, v10's callbacks).
    const v10 = openReleased(name, 10);
    await v10.table('customers').put(customer(1));
    await v10.table('meta').put({ key: 'cursor', value: 7 });
    v10.close();

    const db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(20);
    expect(await db.customers.get(uuid(1001))).toMatchObject({ name: 'Customer 1' });
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 7 });
    await db.consents.put({ id: uuid(1), customerId: uuid(1001), identityId: null, purpose: 'marketing', source: 'form', grantedAt: at, revokedAt: null, recordedBy: null });
    expect(await db.consents.where('customerId').equals(uuid(1001)).count()).toBe(1);
    expect(db.merges.schema.indexes.map((i) => i.name)).toEqual(['survivorId']);
    db.close();
    await db.delete();
  });
});
