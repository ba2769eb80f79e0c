import 'fake-indexeddb/auto';
import { openReleased } from './released-schemas.js';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src-shared/index.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { applyChanges } from '../../../src-renderer/sync/apply-changes.js';
import { conversation, freshDb, message, uuid } from './fixtures.js';

const me = uuid(900);
const at = '2026-11-23T09:00:00.000Z';
const canned = (n: number, deleted = false) => ({ id: uuid(700 + n), title: `Response ${n}`, body: 'Hi {{customer.name}}', updatedAt: at, deleted });

describe('mentions and canned responses in the cache', () => {
  it('records a note’s mentions once, keeps their read state when the note arrives again, and applies canned responses', async () => {
    const db = freshDb();
    const c = conversation(1);
    const note = message(1, c.id, { direction: 'note', authorId: uuid(901), channelMeta: { mentions: [me, 42] } });
    const changes: Change[] = [
      { syncId: 1, entity: 'conversation', data: c },
      { syncId: 2, entity: 'message', data: note },
      { syncId: 3, entity: 'canned', data: canned(1) },
      { syncId: 4, entity: 'canned', data: canned(2) },
    ];
    await applyChanges(db, changes, 4);
    // A malformed id (42) is ignored; the mention is unread.
    expect(await db.mentions.where('[userId+read]').equals([me, 0]).count()).toBe(1);
    await db.mentions.update(`${note.id}:${me}`, { read: 1 });
    // The same note again (a page and a poke overlapping) does not make it unread.
    await applyChanges(db, [{ syncId: 5, entity: 'message', data: note }, { syncId: 6, entity: 'conversation', data: { ...c, version: 2 } }], 6);
    expect(await db.mentions.where('[userId+read]').equals([me, 0]).count()).toBe(0);
    // An outbound reply with a (forged) mentions field is no mention.
    await applyChanges(db, [{ syncId: 7, entity: 'message', data: message(2, c.id, { channelMeta: { mentions: [me] } }) }, { syncId: 8, entity: 'conversation', data: { ...c, version: 3 } }], 8);
    expect(await db.mentions.count()).toBe(1);

    expect((await db.canned.orderBy('title').toArray()).map((r) => r.title)).toEqual(['Response 1', 'Response 2']);
    await applyChanges(db, [{ syncId: 9, entity: 'canned', data: canned(1, true) }], 9);
    expect((await db.canned.toArray()).map((r) => r.title)).toEqual(['Response 2']);
    db.close();
    await db.delete();
  });
});

describe('cache schema v60', () => {
  it('upgrades a v20 cache: rows and cursor stay, mentions and canned responses are there', async () => {
    const name = `upgrade-v60-${Date.now()}`;
    const v20 = openReleased(name, 20);
    await v20.table('messages').put(message(3, uuid(3)));
    await v20.table('meta').put({ key: 'cursor', value: 11 });
    v20.close();

    const db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(60);
    expect(await db.messages.get(uuid(5003))).toMatchObject({ conversationId: uuid(3) });
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 11 });
    expect(await db.mentions.count()).toBe(0);
    expect(await db.canned.count()).toBe(0);
    db.close();
    await db.delete();
  });
});
