/**
 * A real hub that can be restarted in place: `createHub` on 127.0.0.1 with its own PGlite data
 * directory, and `restart()` closes it and starts a new one on the same directory and port, so a
 * console's socket.io client reconnects to the same address and finds the same data.
 *
 * Written here rather than taken from `test/integration/hub/harness.ts` because that harness fixes
 * the hub object for the life of the test hub and has no restart.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { User } from '../../../src-shared/index.js';
import { createHub, type Hub } from '../../../src-hub/app.js';
import { hashPassword } from '../../../src-hub/auth/passwords.js';
import type { HubConfig } from '../../../src-hub/config.js';
import { createUser } from '../../../src-hub/store/users.js';
import { loopbackHubConfig } from '../../support/hub-config.js';

const PASSWORD = 'outbox model password 1';

export interface HubLogLine {
  at: number;
  line: string;
}

export class RestartableHub {
  /** Everything the hub logged, with when; internal failures make a run fail. */
  readonly logs: HubLogLine[] = [];
  /** Windows (start, end) during which the hub was being restarted; failures in them are expected. */
  readonly restarts: { from: number; to: number }[] = [];
  #hub: Hub;
  /** When the hub was stopped, while it is down. */
  #down: number | null = null;

  private constructor(
    private readonly config: HubConfig,
    hub: Hub,
  ) {
    this.#hub = hub;
  }

  /** Start a hub on a free port with a fresh data directory. */
  static async start(): Promise<RestartableHub> {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-outbox-model-'));
    const config: HubConfig = loopbackHubConfig(dataDir);
    const logs: HubLogLine[] = [];
    const hub = await createHub(config, RestartableHub.#logger(logs)).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    // Later starts must bind the same port: the console's socket knows only this address.
    const restartable = new RestartableHub({ ...config, port: hub.port }, hub);
    restartable.logs.push(...logs);
    logs.length = 0;
    return restartable;
  }

  static #logger(into: HubLogLine[]) {
    return (msg: string, extra?: unknown) => {
      const detail = extra instanceof Error ? `: ${extra.message}` : extra === undefined ? '' : ` ${JSON.stringify(extra)}`;
      into.push({ at: Date.now(), line: `${msg}${detail}` });
    };
  }

  /** The hub running now (a new object after every restart). */
  get hub(): Hub {
    return this.#hub;
  }

  get url(): string {
    return this.#hub.url;
  }

  /** Close the hub and start it again on the same data directory and port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.resume();
  }

  /** Close the hub; `resume()` starts it again. Consoles see the connection drop and retry. */
  async stop(): Promise<void> {
    this.#down = Date.now();
    await this.#hub.close();
  }

  /** Start the stopped hub again on the same data directory and port. */
  async resume(): Promise<void> {
    const from = this.#down ?? Date.now();
    try {
      this.#hub = await createHub(this.config, RestartableHub.#logger(this.logs));
    } finally {
      this.#down = null;
      this.restarts.push({ from, to: Date.now() });
    }
  }

  /** Log lines that report an internal failure outside a restart window. */
  failuresSince(since: number): string[] {
    return this.logs
      .filter((l) => l.at >= since && /failed/i.test(l.line))
      // A request cut off by the hub shutting down fails inside the hub; that is the restart, not a bug.
      .filter((l) => !this.restarts.some((r) => l.at >= r.from - 50 && l.at <= r.to + 50))
      .map((l) => l.line);
  }

  /** Insert a staff member and sign in over HTTP; returns the user and a bearer token. */
  async addSignedInUser(role: User['role'] = 'agent'): Promise<{ user: User; token: string }> {
    const email = `agent-${randomUUID().slice(0, 8)}@example.test`;
    const { user } = await createUser(this.#hub.db, {
      email,
      name: 'Model Agent',
      role,
      departments: ['support'],
      passwordHash: await hashPassword(PASSWORD),
    });
    const response = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    return { user, token };
  }

  async close(): Promise<void> {
    await this.#hub.close();
    await rm(this.config.dataDir, { recursive: true, force: true });
  }
}
