/**
 * A sweep that runs every `everyMs`: rounds never overlap (each waits for the one before), a
 * failed round is logged and covered by the next, and consoles are poked when a round changed
 * something. The timer is unref'd so it never keeps a stopping hub alive.
 */
export interface PeriodicSweep {
  /** Stop the timer and wait for a round in progress. */
  stop(): Promise<void>;
}

/**
 * Start a sweep.
 *
 * `round` returns the newest sync id it wrote (0: nothing changed).
 */
export function startPeriodicSweep(
  name: string,
  round: () => Promise<number>,
  poke: (head: number) => void,
  log: (msg: string, extra?: unknown) => void,
  everyMs: number,
): PeriodicSweep {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const head = await round();
        if (head) poke(head);
      } catch (error) {
        log(`${name} sweep failed`, error);
      }
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
