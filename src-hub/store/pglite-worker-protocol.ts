/**
 * The messages between the hub's main thread and the PGlite worker (`pglite-worker.mjs`).
 *
 * Types only: the worker is plain JavaScript so that it loads the same way under `node --import
 * tsx`, the tsx CLI, vitest and the bench, and it documents these shapes in JSDoc.
 */

/** The worker's `workerData`: PGlite's data directory, or none for an in-memory database. */
export interface PGliteWorkerData {
  dataDir: string | null;
  /** Which error properties to copy ({@link DATABASE_ERROR_FIELDS}): the plain-JS worker gets the one list from here. */
  errorFields: readonly string[];
}

/** Main → worker, without the request id. */
export type PGliteWorkerRequestBody = { op: 'query'; sql: string; params: unknown[] } | { op: 'close' };

/** Main → worker. Requests are answered in the order they were sent. */
export type PGliteWorkerRequest = PGliteWorkerRequestBody & { id: number };

/** What PGlite's `query` answers, as the structured clone carries it (Date, Uint8Array, bigint survive). */
export interface PGliteWorkerResult {
  rows: unknown[];
  affectedRows: number | undefined;
  fields: { name: string; dataTypeID: number }[];
}

/**
 * PostgreSQL's error fields (PGlite's `DatabaseError`, the same as node-postgres'), copied when
 * they are strings. The hub reads `code` ('23505': unique violation); the rest keeps log lines
 * and any future check as informative as in-process PGlite.
 */
export const DATABASE_ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

export type DatabaseErrorField = (typeof DATABASE_ERROR_FIELDS)[number];

export interface PGliteWorkerError {
  name: string;
  message: string;
  stack: string | undefined;
  fields: Partial<Record<DatabaseErrorField, string>>;
}

/**
 * Worker → main. `id` 0 answers the opening of the database (sent once, unasked); every other id
 * answers the request with that id.
 */
export type PGliteWorkerResponse =
  | { id: number; ok: true; result: PGliteWorkerResult | null }
  | { id: number; ok: false; error: PGliteWorkerError };
