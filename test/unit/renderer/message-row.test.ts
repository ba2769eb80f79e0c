import { describe, expect, it } from 'vitest';
import type { CachedMessage } from '../../../src-renderer/db/database.js';
import { sameRow } from '../../../src-renderer/features/conversation/MessageRow.js';
import { message, uuid } from './fixtures.js';

/**
 * The thread's live query hands over fresh message objects on every change, so the memoized row
 * decides by content: equal content skips the render, any shown difference renders.
 */
describe('MessageRow memo comparison', () => {
  const base: CachedMessage = { ...message(1, uuid(1)), localState: 'pending' };
  const props = (m: CachedMessage, authorName: string | null = 'Anna') => ({ message: m, authorName });

  it('treats a fresh copy of the same message as unchanged', () => {
    expect(sameRow(props(base), props(structuredClone(base)))).toBe(true);
  });

  it.each<[string, Partial<CachedMessage>]>([
    ['sent (local state cleared)', { localState: undefined }],
    ['held back', { localState: 'needs-attention', localError: 'The customer wrote' }],
    ['new error text', { localError: 'other' }],
    ['edited body', { body: 'changed' }],
    ['new time', { createdAt: new Date(0).toISOString() }],
  ])('re-renders when %s', (_label, change) => {
    expect(sameRow(props(base), props({ ...base, ...change }))).toBe(false);
  });

  it('re-renders when the author name arrives', () => {
    expect(sameRow(props(base, null), props(base, 'Anna'))).toBe(false);
  });
});
