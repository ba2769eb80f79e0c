import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { openReleased } from './released-schemas.js';
import { describe, expect, it } from 'vitest';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { UNASSIGNED, withQueueKeys } from '../../../src-renderer/db/queue-keys.js';
import { compareQueue } from '../../../src-renderer/features/queue/queries.js';
import { conversation, uuid } from './fixtures.js';

const openV1 = (name: string) => openReleased(name, 1);
const openV2 = (name: string) => openReleased(name, 2);
const openV3 = (name: string) => openReleased(name, 3);

describe('cache schema upgrades', () => {
  it('v3 → v4 adds the tombstones of purged conversations and keeps every row and the cursor', async () => {
    const name = `upgrade-v4-${Date.now()}`;
    const v3 = openV3(name);
    await v3.table('conversations').put(withQueueKeys(conversation(1)));
    await v3.table('meta').put({ key: 'cursor', value: 42 });
    v3.close();

    const db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(4);
    expect(await db.conversations.count()).toBe(1);
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 42 });
    await db.purged.put({ id: uuid(1), syncId: 43, at: Date.now() });
    expect(await db.purged.where('at').below(Date.now() + 1).count()).toBe(1);
    db.close();
    await db.delete();
  });

  it('v2 → v3 drops the unread conversation indexes and keeps every row, the queue indexes and the cursor', async () => {
    const name = `upgrade-v3-${Date.now()}`;
    const rows = [conversation(1), conversation(2, { assigneeId: uuid(9) }), conversation(3, { status: 'closed' })].map(withQueueKeys);
    const v2 = openV2(name);
    await v2.table('conversations').bulkPut(rows);
    await v2.table('meta').put({ key: 'cursor', value: 42 });
    v2.close();

    const db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    const indexes = db.conversations.schema.indexes.map((i) => i.name);
    // The unread indexes stay gone (v70 replaced the queue indexes by lane indexes, see queue-views.test.ts).
    for (const dropped of ['status', 'assigneeId', 'lastMessageAt']) expect(indexes).not.toContain(dropped);
    expect(indexes).toContain('customerId');
    expect(await db.conversations.count()).toBe(3);
    expect(await db.conversations.where('[lane+queueKey+facets]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).count()).toBe(2);
    expect(await db.conversations.where('customerId').equals(rows[0]!.customerId).count()).toBe(1);
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 42 });
    db.close();
    await db.delete();
  });

  it('v1 → v2 derives queue keys so the queue index returns every open conversation in queue order', async () => {
    const name = `upgrade-${Date.now()}`;
    const rows = [
      conversation(1, { priority: 0, waitingSince: '2026-11-23T09:00:00.000Z' }),
      conversation(2, { priority: 50, waitingSince: '2026-11-23T10:00:00.000Z', assigneeId: uuid(9) }),
      conversation(3, { priority: 0, waitingSince: '2026-11-23T08:00:00.000Z' }),
      conversation(4, { status: 'closed' }),
    ];
    const v1 = openV1(name);
    await v1.table('conversations').bulkPut(rows);
    await v1.table('outbox').add({ mutationId: 'm1', name: 'message:send', payload: {}, status: 'pending', attempts: 0, lastError: null, createdAt: '' });
    v1.close();

    const db = new SwitchboardDb(name);
    await db.open();
    // Upgrades step by step to the newest version (v3 only drops unread indexes).
    expect(db.verno).toBeGreaterThanOrEqual(3);
    const queue = await db.conversations.where('[lane+queueKey+facets]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray();
    expect(queue.map((c) => c.id)).toEqual([rows[1]!, rows[2]!, rows[0]!].map((c) => c.id));
    expect(queue.map((c) => c.id)).toEqual([...rows.slice(0, 3)].sort(compareQueue).map((c) => c.id));
    const unassigned = await db.conversations
      .where('[assigneeKey+lane+queueKey+facets]')
      .between([UNASSIGNED, 'open', Dexie.minKey], [UNASSIGNED, 'open', Dexie.maxKey])
      .count();
    expect(unassigned).toBe(2);
    // Data outside the upgraded table is untouched.
    expect(await db.outbox.count()).toBe(1);
    db.close();
    await db.delete();
  });
});
