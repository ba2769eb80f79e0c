import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, ConversationEvent } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { applyChanges, applySnapshot } from '../../../src-renderer/sync/apply-changes.js';
import { threadItems } from '../../../src-renderer/features/conversation/thread-items.js';
import { eventText } from '../../../src-renderer/features/conversation/event-text.js';
import { t } from '../../../src-renderer/i18n/index.js';
import { change, conversation, freshDb, message, uuid } from './fixtures.js';

let db: SwitchboardDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

const event = (n: number, conversationId: string, overrides: Partial<ConversationEvent> = {}): ConversationEvent => ({
  id: uuid(900 + n),
  conversationId,
  kind: 'closed',
  actorId: uuid(50),
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  ...overrides,
});

describe('conversation events in the cache', () => {
  it('stores events from the change log and from a thread snapshot, and purges them with the conversation', async () => {
    db = freshDb();
    const c = conversation(1);
    const e1 = event(1, c.id);
    await applyChanges(db, [change(1, 'conversation', c), { syncId: 2, entity: 'conversation-event', data: e1 } as Change], 2);
    expect(await db.conversationEvents.get(e1.id)).toEqual(e1);
    const e2 = event(2, c.id, { kind: 'reopened' });
    await applySnapshot(db, { conversations: [c], messages: [], customers: [], identities: [], users: [], cursor: 2, total: 1, events: [e1, e2] }, { phase: 'conversation' });
    expect(await db.conversationEvents.count()).toBe(2);
    await applyChanges(db, [{ syncId: 3, entity: 'purge', data: { id: c.id } }], 3);
    expect(await db.conversationEvents.count()).toBe(0);
  });
});

describe('the thread with events', () => {
  it('merges events into messages by time, after a message of the same moment', () => {
    const c = conversation(1);
    const m1 = message(1, c.id, { createdAt: '2026-01-01T00:01:00.000Z' });
    const m2 = message(2, c.id, { createdAt: '2026-01-01T00:03:00.000Z' });
    const items = threadItems([m1, m2], [], [event(3, c.id), event(1, c.id, { kind: 'assigned' }), event(5, c.id, { kind: 'reopened' })]);
    expect(items.map((i) => (i.kind === 'event' ? i.event.kind : i.kind === 'message' ? i.message.id : 'cb'))).toEqual([m1.id, 'assigned', m2.id, 'closed', 'reopened']);
  });

  it('says who did what', () => {
    const names = new Map([
      [uuid(50), 'Anna Schmidt'],
      [uuid(51), 'Ben Mitchell'],
    ]);
    const c = uuid(1);
    expect(eventText(event(1, c, { kind: 'assigned', assigneeId: uuid(51) }), names, t)).toBe('Anna Schmidt assigned it to Ben Mitchell');
    expect(eventText(event(1, c, { kind: 'assigned', assigneeId: uuid(50) }), names, t)).toBe('Anna Schmidt took the conversation');
    expect(eventText(event(1, c, { kind: 'transferred', departmentId: 'sales' }), names, t)).toBe('Anna Schmidt transferred it to Sales');
    expect(eventText(event(1, c, { kind: 'woken', actorId: null }), names, t)).toBe('The snooze ended');
    expect(eventText(event(1, c, { kind: 'closed', actorId: uuid(99) }), names, t)).toBe('A colleague closed the conversation');
  });

  it('says when the hub did it on its own: routing, or the customer waking a snooze, in English and German', async () => {
    const { i18n } = await import('../../../src-renderer/i18n/index.js');
    const names = new Map([[uuid(50), 'Anna Schmidt']]);
    const c = uuid(1);
    const routed = event(1, c, { kind: 'assigned', actorId: null, assigneeId: uuid(50), cause: 'routing' });
    const woke = event(2, c, { kind: 'woken', actorId: null, cause: 'customer' });
    const before = i18n.language;
    try {
      await i18n.changeLanguage('en');
      expect(eventText(routed, names, t)).toBe('Assigned to Anna Schmidt by routing');
      expect(eventText(woke, names, t)).toBe('Woke up: the customer wrote');
      await i18n.changeLanguage('de');
      expect(eventText(routed, names, t)).toBe('Vom Routing Anna Schmidt zugewiesen');
      expect(eventText(woke, names, t)).toBe('Wieder aktiv: Der Kunde hat geschrieben');
      // A snooze that simply ran out keeps its own sentence.
      expect(eventText(event(3, c, { kind: 'woken', actorId: null }), names, t)).toBe('Die Zurückstellung ist abgelaufen');
    } finally {
      await i18n.changeLanguage(before);
    }
  });
});
