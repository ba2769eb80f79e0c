import { afterEach, describe, expect, it } from 'vitest';
import { CATCH_UP_LEASE_MS, CatchUpAnnouncer, CatchUpListener } from '../../../src-renderer/sync/catch-up-signal.js';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** A listener on `cache` with a settable clock, and a promise for its next received message. */
function listen(cache: string, clock: { now: number }) {
  let wake: () => void = () => undefined;
  const listener = new CatchUpListener(cache, () => clock.now, () => wake());
  open.push(listener);
  const next = () => new Promise<void>((resolve) => (wake = resolve));
  return { listener, next };
}

function announcer(cache: string, clock: { now: number }): CatchUpAnnouncer {
  const a = new CatchUpAnnouncer(cache, () => clock.now);
  open.push(a);
  return a;
}

describe('catch-up signal', () => {
  it('pauses the listener while the catch-up runs and releases it when it ends', async () => {
    const clock = { now: 1_000_000 };
    const { listener, next } = listen('cache-a', clock);
    const engine = announcer('cache-a', clock);
    expect(listener.active).toBe(false);

    let got = next();
    engine.renew();
    await got;
    expect(listener.active).toBe(true);

    got = next();
    engine.end();
    await got;
    expect(listener.active).toBe(false);
  });

  it('is a lease: a catch-up whose window went away stops pausing the listener', async () => {
    const clock = { now: 1_000_000 };
    const { listener, next } = listen('cache-b', clock);
    const engine = announcer('cache-b', clock);
    const got = next();
    engine.renew();
    await got;
    clock.now += CATCH_UP_LEASE_MS - 1;
    expect(listener.active).toBe(true);
    clock.now += 1;
    expect(listener.active).toBe(false);
  });

  it('renews the lease as pages keep coming', async () => {
    const clock = { now: 1_000_000 };
    const { listener, next } = listen('cache-c', clock);
    const engine = announcer('cache-c', clock);
    let got = next();
    engine.renew();
    await got;
    clock.now += CATCH_UP_LEASE_MS - 10;
    got = next();
    engine.renew();
    await got;
    clock.now += CATCH_UP_LEASE_MS - 10;
    expect(listener.active).toBe(true);
  });

  it('does not pause the indexer of another cache', async () => {
    const clock = { now: 1_000_000 };
    const other = listen('cache-other', clock);
    const { next } = listen('cache-d', clock);
    const engine = announcer('cache-d', clock);
    const got = next();
    engine.renew();
    await got;
    expect(other.listener.active).toBe(false);
  });
});
