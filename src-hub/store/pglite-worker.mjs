/**
 * PGlite in a worker thread: SQL runs on its own core and the hub's event loop stays free.
 *
 * Plain JavaScript on purpose: the hub runs under `node --import tsx`, the tsx CLI, vitest and the
 * bench, and a `.mjs` worker loads the same way under all of them without a TypeScript loader.
 * The message shapes are the types in `pglite-worker-protocol.ts`; `pglite-worker-client.ts` is
 * the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

if (!parentPort) throw new Error('pglite-worker.mjs runs only as a worker thread');
/** @type {import('./pglite-worker-protocol.js').PGliteWorkerData} */
const data = workerData;
const port = parentPort;

/** @param {unknown} error @returns {import('./pglite-worker-protocol.js').PGliteWorkerError} */
function toWire(error) {
  if (!(error instanceof Error)) {
    // Emscripten's file system throws plain objects ({ name: 'ErrnoError', errno: 54 }), which
    // String() would turn into "[object Object]".
    const thrown = /** @type {{ name?: unknown; errno?: unknown; message?: unknown } | null} */ (typeof error === 'object' ? error : null);
    const name = typeof thrown?.name === 'string' ? thrown.name : 'Error';
    const message = typeof thrown?.message === 'string' ? thrown.message
      : thrown ? `${name}${typeof thrown.errno === 'number' ? ` (Emscripten errno ${thrown.errno})` : ''}`
      : String(error);
    return { name, message, stack: undefined, fields: {} };
  }
  /** @type {Record<string, string>} */
  const fields = {};
  for (const key of data.errorFields) {
    const value = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (error))[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/**
 * A WebAssembly trap (Emscripten's abort, e.g. when the WASM memory cannot grow) leaves PGlite
 * unusable: end the worker so the main side fails every query with a clear reason instead of
 * answering later queries with undefined behaviour.
 * @param {unknown} error
 */
function isFatal(error) {
  return error instanceof WebAssembly.RuntimeError;
}

/** @type {PGlite | null} */
let db = null;
/**
 * Requests run one after another in arrival order, behind the opening, so a `close` never
 * overtakes a query sent before it (the main side's mutex already keeps transactions from
 * interleaving).
 */
let chain = PGlite.create(data.dataDir ?? undefined).then(
  (opened) => {
    db = opened;
    port.postMessage({ id: 0, ok: true, result: null });
  },
  (error) => port.postMessage({ id: 0, ok: false, error: toWire(error) }),
);

port.on('message', (request) => {
  chain = chain.then(() => handle(request));
});

/** @param {import('./pglite-worker-protocol.js').PGliteWorkerRequest} request */
async function handle(request) {
  try {
    if (!db) throw new Error('The database is not open');
    if (request.op === 'query') {
      const result = await db.query(request.sql, request.params);
      port.postMessage({
        id: request.id,
        ok: true,
        result: { rows: result.rows, affectedRows: result.affectedRows, fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) },
      });
    } else if (request.op === 'close') {
      const closing = db;
      db = null;
      await closing.close();
      port.postMessage({ id: request.id, ok: true, result: null });
    } else {
      throw new Error(`Unknown database worker request ${JSON.stringify(/** @type {{ op?: unknown }} */ (request).op)}`);
    }
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: toWire(error) });
    if (isFatal(error)) {
      // Rethrown outside the chain: the worker ends with this error and the main side reports it.
      setImmediate(() => {
        throw error;
      });
    }
  }
}

