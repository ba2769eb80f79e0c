/**
 * Starts a real hub for integration tests: `createHub` on 127.0.0.1 and a free port, a fresh PGlite
 * data directory (or a PostgreSQL URL), real socket.io-client sockets and real HTTP.
 *
 * Nothing inside the hub is mocked. Fixture users are written straight into the `users` table
 * because the hub has no sign-up endpoint; the password is hashed once per test file (argon2id costs
 * ~50–100 ms a hash on the CI machine) and the hash is shared by every fixture user.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  AckCallback,
  ClientToServerEvents,
  DepartmentId,
  ErrorCode,
  Role,
  ServerToClientEvents,
  SyncPullResult,
  Change,
  User,
  WireError,
} from '../../../src-shared/index.js';
import { createHub, type Hub } from '../../../src-hub/app.js';
import { hashPassword } from '../../../src-hub/auth/passwords.js';
import type { HubConfig } from '../../../src-hub/config.js';
import { openDatabase, type DatabaseTarget } from '../../../src-hub/store/db.js';
import { toUser } from '../../../src-hub/store/mappers.js';
import { loopbackHubConfig } from '../../support/hub-config.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The ack a hub event answers with, e.g. `AckOf<'hello'>` is `Ack<HelloResult>`. */
export type AckOf<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends AckCallback<infer T> ? Ack<T> : never;
export type RequestOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

export const FIXTURE_PASSWORD = 'correct horse battery staple';
const ACK_TIMEOUT_MS = 5_000;

let fixtureHash: Promise<string> | null = null;
/** The argon2id hash of FIXTURE_PASSWORD, computed once per test file (vitest isolates modules per file). */
export function fixturePasswordHash(): Promise<string> {
  fixtureHash ??= hashPassword(FIXTURE_PASSWORD);
  return fixtureHash;
}

let pgliteTemplate: Promise<string> | null = null;

/**
 * A PGlite data directory that `openDatabase` created and migrated; every PGlite hub starts from its
 * own fresh copy of it.
 *
 * PGlite's first start runs initdb, which takes 5 s or more on a busy 2-core machine, while copying
 * a closed, migrated directory and opening the copy takes well under a second. The template is a
 * cache in the OS temp dir shared by test files and runs: its name hashes what shapes its content
 * (the migrations, the database opener, the PGlite version), so a schema change builds a new one.
 */
function migratedPgliteTemplate(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const hash = createHash('sha256');
    for (const file of ['src-hub/store/migrations.ts', 'src-hub/store/db.ts', 'node_modules/@electric-sql/pglite/package.json']) {
      hash.update(await readFile(new URL(`../../../${file}`, import.meta.url)));
    }
    const dir = join(tmpdir(), `switchboard-hub-pglite-template-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(join(dir, 'ready'))) return dir;
    const building = await mkdtemp(join(tmpdir(), 'switchboard-hub-pglite-building-'));
    try {
      const { db } = await openDatabase({ kind: 'pglite', dataDir: building });
      await db.destroy();
      await writeFile(join(building, 'ready'), '');
      // Atomic: a parallel test file that finished first keeps its template and ours is dropped.
      await rename(building, dir);
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      if (!existsSync(join(dir, 'ready'))) throw error;
    }
    return dir;
  })();
  return pgliteTemplate;
}

export interface TestHubOptions {
  demo?: boolean;
  /** Defaults to PGlite in the temporary data directory. */
  database?: DatabaseTarget;
  /** The email channel's listener and limits; left out, the hub runs no SMTP listener. */
  email?: HubConfig['email'];
  /** Lead tools timings (presence grace, sweep interval, early-warning thresholds). */
  lead?: HubConfig['lead'];
  /** How often the hub wakes snoozed conversations (default 15 s). */
  snoozeSweepMs?: number;
  /** A built console for the hub to serve (default none). */
  consoleDir?: string;
}

export interface Fixtures {
  lead: User;
  agentA: User;
  agentB: User;
}

export interface TestHub {
  hub: Hub;
  url: string;
  db: Hub['db'];
  dataDir: string;
  users: Fixtures;
  /** Everything the hub logged; tests check that no event failed internally. */
  logs: string[];
  /** POST /api/auth/login; returns the raw response. */
  login(email: string, password: string): Promise<Response>;
  /** Log in with the fixture password and return the bearer token; fails the test on anything but 200. */
  tokenFor(user: User): Promise<string>;
  /** A connected socket for `token`; rejects with the connect_error. */
  connect(token: string): Promise<TestSocket>;
  /** Log in and connect. */
  connectAs(user: User): Promise<{ socket: TestSocket; token: string }>;
  /** Insert another staff member with the fixture password. */
  addUser(input: { email: string; name?: string; role?: Role; departments?: DepartmentId[] }): Promise<User>;
  close(): Promise<void>;
}

/** Start a hub with a lead and two agents; call `close()` in `afterAll`/`afterEach`. */
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-hub-test-'));
  const config: HubConfig = loopbackHubConfig(dataDir, {
    ...(opts.database ? { database: opts.database } : {}),
    demo: opts.demo ?? false,
    ...(opts.email ? { email: opts.email } : {}),
    ...(opts.lead ? { lead: opts.lead } : {}),
    ...(opts.snoozeSweepMs ? { snoozeSweepMs: opts.snoozeSweepMs } : {}),
    ...(opts.consoleDir ? { consoleDir: opts.consoleDir } : {}),
  });
  const logs: string[] = [];
  let hub: Hub;
  try {
    if (!opts.database) {
      // openDatabase keeps PGlite in `<dataDir>/pglite`.
      await cp(join(await migratedPgliteTemplate(), 'pglite'), join(dataDir, 'pglite'), { recursive: true });
    }
    hub = await createHub(config, (msg, extra) => {
      logs.push(extra instanceof Error ? `${msg}: ${extra.message}` : extra === undefined ? msg : `${msg} ${JSON.stringify(extra)}`);
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { db, url } = hub;
  const sockets = new Set<TestSocket>();

  const addUser: TestHub['addUser'] = async (input) => {
    const row = await db
      .insertInto('users')
      .values({
        id: randomUUID(),
        email: input.email.toLowerCase(),
        name: input.name ?? input.email.split('@')[0]!,
        role: input.role ?? 'agent',
        departments: input.departments ?? ['support'],
        password_hash: await fixturePasswordHash(),
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  };

  const users: Fixtures = {
    lead: await addUser({ email: 'lead@example.test', name: 'Lena Lead', role: 'lead', departments: ['support', 'sales'] }),
    agentA: await addUser({ email: 'anna@example.test', name: 'Anna Agent' }),
    agentB: await addUser({ email: 'ben@example.test', name: 'Ben Agent' }),
  };

  const login: TestHub['login'] = (email, password) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  const tokenFor: TestHub['tokenFor'] = async (user) => {
    const response = await login(user.email, FIXTURE_PASSWORD);
    if (response.status !== 200) throw new Error(`login of ${user.email} failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  };

  const connect: TestHub['connect'] = (token) => {
    const socket: TestSocket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.add(socket);
    return new Promise<TestSocket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  };

  return {
    hub,
    url,
    db,
    dataDir,
    users,
    logs,
    login,
    tokenFor,
    connect,
    async connectAs(user) {
      const token = await tokenFor(user);
      return { socket: await connect(token), token };
    },
    addUser,
    async close() {
      for (const socket of sockets) socket.close();
      try {
        await hub.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Send a typed event and wait (at most 5 s) for its acknowledgement. */
export function emit<E extends keyof ClientToServerEvents>(socket: TestSocket, event: E, payload: RequestOf<E>): Promise<AckOf<E>> {
  // socket.io's emitWithAck types cannot follow a generic event name; the cast is confined here.
  const untyped = socket as unknown as Socket;
  return untyped.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload) as Promise<AckOf<E>>;
}

/** Send anything at all (malformed payloads) and wait for the ack. */
export function emitRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  const untyped = socket as unknown as Socket;
  return untyped.timeout(ACK_TIMEOUT_MS).emitWithAck(event, ...args) as Promise<Ack<unknown>>;
}

/** The data of a successful ack; fails with the hub's error otherwise. */
export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok ack, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** The error of a failed ack; fails if the ack was ok or carries another code. */
export function errorOf(ack: Ack<unknown>, code: ErrorCode): WireError {
  if (ack.ok) throw new Error(`expected error ${code}, got ok: ${JSON.stringify(ack.data).slice(0, 300)}`);
  if (ack.error.code !== code) throw new Error(`expected error ${code}, got ${ack.error.code}: ${ack.error.message}`);
  return ack.error;
}

/**
 * Resolve with the payload of the next `event` on `socket` that satisfies `until`; reject after `timeoutMs`.
 *
 * Subscribe before triggering the action: the hub may emit before the triggering call returns.
 * `until` skips pokes still in flight from an earlier step, e.g. `(p) => p.head > cursorBefore`.
 */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  opts: { until?: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean; timeoutMs?: number } = {},
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  const timeoutMs = opts.timeoutMs ?? ACK_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (opts.until && !opts.until(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    }) as ServerToClientEvents[E];
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
    }, timeoutMs);
    socket.on(event, listener as never);
  });
}

/** Resolve with the disconnect reason; reject after `timeoutMs`. */
export function waitForDisconnect(socket: TestSocket, timeoutMs = ACK_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for disconnect`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Resolve with the connect_error a socket for `token` gets; fails if the handshake is accepted. */
export function connectError(url: string, auth: Record<string, unknown>): Promise<Error & { data?: { message?: string } }> {
  const socket: TestSocket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('handshake was accepted'));
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error as Error & { data?: { message?: string } });
    });
  });
}

/** Pull every change after `cursor`, page by page. */
export async function pullAll(socket: TestSocket, cursor: number, limit = 1000): Promise<{ changes: Change[]; cursor: number }> {
  const changes: Change[] = [];
  let at = cursor;
  for (;;) {
    const page: SyncPullResult = okData(await emit(socket, 'sync:pull', { cursor: at, limit }));
    changes.push(...page.changes);
    at = page.cursor;
    if (!page.hasMore) return { changes, cursor: at };
  }
}

/** The envelope every mutation carries. */
export function envelope(clientId = 'test-client-1'): { clientId: string; mutationId: string } {
  return { clientId, mutationId: randomUUID() };
}

let inboundSeq = 0;
/** A valid inbound customer message; override what the test cares about. */
export function inbound(
  overrides: Partial<Parameters<Hub['ingest']>[0]> & { sender?: string } = {},
): Parameters<Hub['ingest']>[0] {
  const { sender = 'customer-1', ...rest } = overrides;
  inboundSeq += 1;
  return {
    channel: 'chat',
    kind: 'message',
    providerMessageId: `pm-${randomUUID()}`,
    from: { providerUserId: sender, handle: `${sender}@example.test`, displayName: `Customer ${sender}` },
    body: `Hello, this is message ${inboundSeq} from ${sender}`,
    ...rest,
  };
}

/** Rows in `table`, as a number on PGlite and PostgreSQL alike. */
export async function countRows(db: Hub['db'], table: 'customers' | 'identities' | 'conversations' | 'messages' | 'changes' | 'mutations'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Poll `check` every 25 ms until it holds (at most 5 s). With `hub`, each round also kicks its
 * delivery dispatcher, so a reply waiting for its channel is tried at once.
 */
export async function until(check: () => Promise<boolean>, hub?: Pick<Hub, 'delivery'>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    hub?.delivery.kick();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out after 5 s');
}
