import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingAnnouncer } from '../../../src-renderer/sync/ephemeral.js';

describe('TypingAnnouncer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says "typing" once per repeat interval while keys come in, and "stopped" after the idle time', () => {
    const sent: boolean[] = [];
    const typing = new TypingAnnouncer((on) => sent.push(on), 3_000, 4_000);
    typing.input(0);
    typing.input(1_000);
    typing.input(2_000);
    expect(sent).toEqual([true]);
    typing.input(3_000);
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(3_999);
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([true, true, false]);
  });

  it('says "stopped" once when the reply is sent, and nothing when it never started', () => {
    const sent: boolean[] = [];
    const typing = new TypingAnnouncer((on) => sent.push(on));
    typing.stop();
    expect(sent).toEqual([]);
    typing.input(0);
    typing.stop();
    typing.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });
});
