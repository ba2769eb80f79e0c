import type { Change, Conversation, Message } from '../../../src-shared/index.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';

let counter = 0;

/** A fresh, empty cache per test (fake-indexeddb must be loaded by the test file). */
export function freshDb(): SwitchboardDb {
  counter += 1;
  return new SwitchboardDb(`test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`);
}

export const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export function conversation(n: number, overrides: Partial<Conversation> = {}): Conversation {
  const at = new Date(Date.UTC(2026, 10, 23, 8, 0, n)).toISOString();
  return {
    id: uuid(n),
    customerId: uuid(1000 + n),
    identityId: uuid(2000 + n),
    channel: 'email',
    kind: 'message',
    status: 'open',
    assigneeId: null,
    departmentId: 'support',
    priority: 0,
    subject: null,
    version: 1,
    snippet: `snippet ${n}`,
    lastMessageAt: at,
    waitingSince: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function message(n: number, conversationId: string, overrides: Partial<Message> = {}): Message {
  return {
    id: uuid(5000 + n),
    conversationId,
    direction: 'inbound',
    authorId: null,
    body: `body ${n}`,
    channelMeta: {},
    providerMessageId: `p-${n}`,
    createdAt: new Date(Date.UTC(2026, 10, 23, 9, 0, n)).toISOString(),
    ...overrides,
  };
}

export function change(syncId: number, entity: 'conversation', data: Conversation): Change;
export function change(syncId: number, entity: 'message', data: Message): Change;
export function change(syncId: number, entity: Change['entity'], data: unknown): Change {
  return { syncId, entity, data } as Change;
}
