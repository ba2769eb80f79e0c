/**
 * One sync runner per profile: of all windows and tabs showing the same cache, only the holder of
 * a Web Lock runs the sync engine. The others read the shared IndexedDB (Dexie propagates changes
 * across tabs) and take over automatically when the holder closes or crashes — the browser
 * releases a dead holder's lock.
 */

export interface SyncLockHandle {
  release(): void;
}

/**
 * Run `lead` while holding the lock; call `standby` while waiting for it.
 *
 * `lead` returns its own stop function, called when the lock is released. Without Web Locks (old
 * runtimes, Node tests) the caller simply leads.
 */
export function holdSyncLock(name: string, lead: () => () => void, standby: () => void): SyncLockHandle {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) {
    const stop = lead();
    return { release: stop };
  }
  const controller = new AbortController();
  let stop: (() => void) | null = null;
  let released = false;
  let resolveHold: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (resolveHold = resolve));

  const acquire = async (): Promise<void> => {
    // Ask without waiting first, to know whether to show "standby" meanwhile.
    const gotIt: boolean = await locks.request(name, { ifAvailable: true }, async (lock) => {
      if (!lock || released) return false;
      stop = lead();
      await held;
      return true;
    });
    if (gotIt || released) return;
    standby();
    await locks.request(name, { signal: controller.signal }, async () => {
      if (released) return;
      stop = lead();
      await held;
    });
  };
  acquire().catch((error: unknown) => {
    if ((error as Error).name !== 'AbortError') console.error('[sync] lock failed', error);
  });

  return {
    release() {
      released = true;
      stop?.();
      stop = null;
      resolveHold();
      controller.abort();
    },
  };
}
