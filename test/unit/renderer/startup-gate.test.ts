import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StartupGate } from '../../../src-renderer/app/startup-gate.js';

describe('start-up gate (background work waits for the queue’s first paint)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs waiting work when the gate opens, once, and work after that at once', () => {
    const gate = new StartupGate();
    const ran: string[] = [];
    gate.after(() => ran.push('sync'), 2000);
    gate.after(() => ran.push('search'), 2000);
    vi.advanceTimersByTime(1999);
    expect(ran).toEqual([]);
    gate.open();
    expect(ran).toEqual(['sync', 'search']);
    // The fallback timers were cleared: nothing runs twice.
    vi.advanceTimersByTime(5000);
    gate.open();
    expect(ran).toEqual(['sync', 'search']);
    gate.after(() => ran.push('late'), 2000);
    expect(ran).toEqual(['sync', 'search', 'late']);
    expect(gate.isOpen).toBe(true);
  });

  it('runs the work after the longest wait when the queue never paints', () => {
    const gate = new StartupGate();
    const fn = vi.fn();
    gate.after(fn, 2000);
    vi.advanceTimersByTime(2000);
    expect(fn).toHaveBeenCalledTimes(1);
    gate.open();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('a cancelled wait never runs (the workspace was left before the queue painted)', () => {
    const gate = new StartupGate();
    const fn = vi.fn();
    const cancel = gate.after(fn, 2000);
    cancel();
    gate.open();
    vi.advanceTimersByTime(5000);
    expect(fn).not.toHaveBeenCalled();
  });
});
