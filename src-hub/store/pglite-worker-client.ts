/**
 * The main thread's handle on PGlite running in a worker thread (`pglite-worker.mjs`).
 *
 * PGlite executes SQL synchronously in WASM; in the hub's own thread every query stalled sockets,
 * timers and routing (event-loop delay p50 ≈ 600 ms under the lead-routing bench). In a worker it
 * runs on the second core and the main thread only sends the SQL and receives the rows.
 */
import { Worker } from 'node:worker_threads';
import { DATABASE_ERROR_FIELDS } from './pglite-worker-protocol.js';
import type { PGliteWorkerData, PGliteWorkerError, PGliteWorkerRequestBody, PGliteWorkerResponse, PGliteWorkerResult } from './pglite-worker-protocol.js';

/** PostgreSQL's error as PGlite raised it in the worker, with the same fields (`code`, `detail`, `constraint`, …). */
export class PGliteDatabaseError extends Error {
  severity?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  file?: string;
  line?: string;
  routine?: string;
  /** The statement that failed and its parameters, as PGlite's own errors carry them. */
  query?: string;
  params?: readonly unknown[];

  constructor(wire: PGliteWorkerError, query?: string, params?: readonly unknown[]) {
    super(wire.message);
    // PGlite's DatabaseError is named 'error' (as in node-postgres); other errors keep their name.
    this.name = wire.name;
    Object.assign(this, wire.fields);
    if (query !== undefined) this.query = query;
    if (params !== undefined) this.params = params;
  }
}

/** Every query after the worker has stopped (crash, out of memory, or closed) rejects with this. */
export class PGliteWorkerStoppedError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PGliteWorkerStoppedError';
  }
}

export interface PGliteWorkerOptions {
  /** PGlite's data directory; left out, an in-memory database (tests). */
  dataDir?: string;
  /**
   * Told once when the worker stops without being closed (crash, out of memory, terminated), with
   * the error every pending and later query rejects with. Defaults to `console.error`.
   */
  onFailure?: (error: PGliteWorkerStoppedError) => void;
}

interface Pending {
  resolve: (result: PGliteWorkerResult | null) => void;
  reject: (error: Error) => void;
  sql: string | undefined;
  params: readonly unknown[] | undefined;
}

const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

/** A Uint8Array view of a larger buffer (a Buffer from the pool, a slice) is copied alone, not its whole buffer. */
function compactParam(value: unknown): unknown {
  if (value instanceof Uint8Array && value.byteLength !== value.buffer.byteLength) return new Uint8Array(value);
  return value;
}

/**
 * PGlite in a worker thread, answering one request at a time in the order sent.
 *
 * The worker keeps the process alive only while a request is pending, as in-process PGlite never
 * held it: a test or script that forgets to close still exits.
 */
export class PGliteWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #onFailure: (error: PGliteWorkerStoppedError) => void;
  readonly #exited: Promise<void>;
  #nextId = 1;
  #stopped: PGliteWorkerStoppedError | null = null;
  #opened = false;
  #closing = false;
  #closed: Promise<void> | null = null;

  private constructor(options: PGliteWorkerOptions) {
    this.#onFailure = options.onFailure ?? ((error) => console.error(`[hub] ${error.message}`));
    const workerData: PGliteWorkerData = { dataDir: options.dataDir ?? null, errorFields: DATABASE_ERROR_FIELDS };
    // No execArgv: the worker is plain JavaScript and needs none of the parent's loaders (tsx, vitest).
    this.#worker = new Worker(WORKER_URL, { workerData, execArgv: [] });
    this.#worker.on('message', (message: PGliteWorkerResponse) => this.#settle(message));
    this.#worker.on('error', (error) => this.#stop(`The embedded database (PGlite worker) failed: ${error.message}`, error));
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#stop(`The embedded database (PGlite worker) stopped unexpectedly (exit code ${code})`);
        resolve();
      });
    });
  }

  /** Start the worker and open the database in it; rejects with PGlite's error if it cannot be opened. */
  static async open(options: PGliteWorkerOptions = {}): Promise<PGliteWorker> {
    const handle = new PGliteWorker(options);
    try {
      await new Promise<void>((resolve, reject) => {
        handle.#pending.set(0, { resolve: () => resolve(), reject, sql: undefined, params: undefined });
      });
    } catch (error) {
      handle.#closing = true;
      await handle.#worker.terminate();
      const where = options.dataDir ? ` in ${options.dataDir}` : '';
      throw new Error(`Could not open the embedded database${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    handle.#opened = true;
    handle.#worker.unref();
    return handle;
  }

  /** Run one statement with `$1…` parameters. Rejects with a PGliteDatabaseError carrying PostgreSQL's fields. */
  query(sql: string, params: readonly unknown[]): Promise<PGliteWorkerResult> {
    return this.#request({ op: 'query', sql, params: params.map(compactParam) }, params) as Promise<PGliteWorkerResult>;
  }

  /** Close PGlite (flushing it to the data directory) and end the worker. Safe to call twice or after a crash. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    if (this.#stopped) {
      await this.#worker.terminate();
      return this.#exited;
    }
    this.#closing = true;
    try {
      await this.#request({ op: 'close' }, undefined);
    } finally {
      await this.#worker.terminate();
      await this.#exited;
    }
  }

  /** End the worker at once, as a crash would: pending and later queries reject. For tests and emergencies. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
    await this.#exited;
  }

  /** Resolves once the worker thread has ended, for whatever reason. */
  get exited(): Promise<void> {
    return this.#exited;
  }

  #request(body: PGliteWorkerRequestBody, params: readonly unknown[] | undefined): Promise<PGliteWorkerResult | null> {
    const sql = body.op === 'query' ? body.sql : undefined;
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (this.#closing && body.op !== 'close') return Promise.reject(new PGliteWorkerStoppedError('The database is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...body, id });
      } catch (error) {
        // DataCloneError: a parameter the structured clone cannot carry (a function, a symbol).
        const reason = error instanceof Error ? error.message : String(error);
        reject(new TypeError(`A query parameter cannot be sent to the database worker (${reason})${sql ? `: ${sql.slice(0, 200)}` : ''}`));
        return;
      }
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject, sql, params });
    });
  }

  #settle(message: PGliteWorkerResponse): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new PGliteDatabaseError(message.error, pending.sql, pending.params));
  }

  /** The first stop wins (an 'error' event is followed by 'exit'); everything pending rejects with it. */
  #stop(message: string, cause?: unknown): void {
    if (this.#stopped) return;
    const expected = this.#closing;
    this.#stopped = new PGliteWorkerStoppedError(expected ? 'The database is closed' : message, cause);
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
    // A worker that never opened the database is reported by `open` rejecting, not here.
    if (!expected && this.#opened) this.#onFailure(this.#stopped);
  }
}
