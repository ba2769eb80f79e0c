/**
 * One console as the app runs it — a Dexie cache (fake-indexeddb) and a `SyncEngine` — on a
 * fault-injecting socket, with the restart a crashed or relaunched console goes through.
 */
import type { User } from '../../../src-shared/index.js';
import type { Hub } from '../../../src-hub/app.js';
import { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { SyncEngine } from '../../../src-renderer/sync/engine.js';
import type { SyncStatus } from '../../../src-renderer/sync/status.js';
import { fastRetryDelay } from './fast-retries.js';
import { breakTransport, openFaultySocket, type FaultPlan, type FaultySocket } from './faulty-socket.js';

/**
 * Poll `check` until it holds; throws with `describe()` after `timeoutMs`. The pause between polls
 * grows from 1 to 10 ms: quick to notice, cheap while the console works.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  describe: () => string | Promise<string>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(10, pause * 2)) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Engine log lines that are expected: a send cut off by stopping the engine finds its database closed. */
const BENIGN_AFTER_STOP = /DatabaseClosedError/;

export class ConsoleUnderTest {
  status: SyncStatus = { kind: 'connecting' };
  /** What the engines of this console logged, minus the expected noise of a restart. */
  readonly errors: string[] = [];
  restarts = 0;
  /** Called with every status the running engine reports (for a run's timeline). */
  onStatus: (status: SyncStatus) => void = () => undefined;
  db: SwitchboardDb;
  #engine: SyncEngine;
  #socket!: FaultySocket;

  constructor(
    readonly name: string,
    private readonly hubUrl: string,
    private readonly token: string,
    readonly user: User,
    private readonly plan: FaultPlan,
  ) {
    this.db = new SwitchboardDb(name);
    this.#engine = this.#newEngine();
  }

  #newEngine(): SyncEngine {
    const generation = this.restarts;
    return new SyncEngine(this.db, {
      hubUrl: this.hubUrl,
      token: this.token,
      onStatus: (status) => {
        if (generation !== this.restarts) return;
        this.status = status;
        this.onStatus(status);
      },
      log: (msg, error) => {
        const text = `${msg}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        if (generation !== this.restarts && BENIGN_AFTER_STOP.test(text)) return;
        this.errors.push(`[engine ${generation}] ${text}`);
      },
      retryDelay: fastRetryDelay,
      connect: (url, token) => {
        this.#socket = openFaultySocket(url, token, this.plan);
        return this.#socket.socket;
      },
    });
  }

  start(): void {
    this.#engine.start();
  }

  get connected(): boolean {
    return this.#socket.real.connected;
  }

  /** Cut the network under the socket (false when not connected); it reconnects by itself. */
  dropConnection(hub: Hub): boolean {
    return breakTransport(this.#socket.real, hub);
  }

  /**
   * Quit and relaunch: stop the engine, close the database, open it again under the same name and
   * start a new engine. Only what IndexedDB kept survives — the outbox must carry the pending work.
   */
  async restart(): Promise<void> {
    this.#engine.stop();
    this.db.close();
    this.restarts += 1;
    this.db = new SwitchboardDb(this.name);
    await this.db.open();
    this.status = { kind: 'connecting' };
    this.#engine = this.#newEngine();
    this.#engine.start();
  }

  /** Stop for good and delete the database. */
  async dispose(): Promise<void> {
    this.#engine.stop();
    this.restarts += 1;
    this.db.close();
    await this.db.delete();
  }
}
