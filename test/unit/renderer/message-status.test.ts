import { describe, expect, it } from 'vitest';
import type { CachedMessage } from '../../../src-renderer/db/database.js';
import { messageStatus, statusLabel } from '../../../src-renderer/features/conversation/message-status.js';
import { sameRow } from '../../../src-renderer/features/conversation/MessageRow.js';
import { message, uuid } from './fixtures.js';

const reply = (overrides: Partial<CachedMessage> = {}): CachedMessage => ({
  ...message(1, uuid(1), { direction: 'outbound', authorId: uuid(9) }),
  ...overrides,
});

describe('messageStatus', () => {
  it('shows the outbox state before the hub has the message', () => {
    expect(messageStatus(reply({ localState: 'pending', delivery: null }))).toEqual({ kind: 'pending' });
    expect(messageStatus(reply({ localState: 'failed', localError: 'Forbidden' }))).toEqual({ kind: 'failed', reason: 'Forbidden' });
    expect(messageStatus(reply({ localState: 'needs-attention', localError: 'The customer wrote' }))).toEqual({
      kind: 'needs-attention',
      reason: 'The customer wrote',
    });
  });

  it('shows the channel delivery once the hub stored the reply', () => {
    expect(messageStatus(reply({ delivery: { status: 'queued', error: null } }))).toEqual({ kind: 'queued' });
    expect(messageStatus(reply({ delivery: { status: 'sent', error: null } }))).toEqual({ kind: 'delivered' });
    expect(messageStatus(reply({ delivery: { status: 'failed', error: 'WhatsApp accepts at most 4096 characters' } }))).toEqual({
      kind: 'undeliverable',
      reason: 'WhatsApp accepts at most 4096 characters',
    });
  });

  it('gives a failed delivery without a stored reason a readable one', () => {
    const status = messageStatus(reply({ delivery: { status: 'failed', error: null } }));
    expect(status.kind === 'undeliverable' && status.reason.length).toBeGreaterThan(10);
  });

  it('shows nothing for customer messages, notes and replies without delivery information', () => {
    expect(messageStatus(message(2, uuid(1)))).toEqual({ kind: 'none' });
    expect(messageStatus(reply({ direction: 'note', delivery: { status: 'queued', error: null } }))).toEqual({ kind: 'none' });
    expect(messageStatus(reply())).toEqual({ kind: 'none' });
    expect(statusLabel({ kind: 'none' })).toBeNull();
  });

  it('labels every state with text', () => {
    expect(statusLabel({ kind: 'queued' })).toMatch(/queued/i);
    expect(statusLabel({ kind: 'delivered' })).toMatch(/sent/i);
    expect(statusLabel({ kind: 'undeliverable', reason: 'x' })).toMatch(/not delivered/i);
    expect(statusLabel({ kind: 'failed', reason: 'Forbidden' })).toBe('Not sent: Forbidden');
  });
});

describe('MessageRow memo comparison with delivery', () => {
  const props = (m: CachedMessage) => ({ message: m, authorName: 'Anna' });
  it('re-renders when the delivery status or its reason changes', () => {
    const queued = reply({ delivery: { status: 'queued', error: null } });
    expect(sameRow(props(queued), props({ ...queued, delivery: { status: 'queued', error: null } }))).toBe(true);
    expect(sameRow(props(queued), props({ ...queued, delivery: { status: 'sent', error: null } }))).toBe(false);
    expect(sameRow(props(queued), props({ ...queued, delivery: { status: 'failed', error: 'refused' } }))).toBe(false);
  });
});
