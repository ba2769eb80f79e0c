/**
 * Wire protocol version.
 *
 * Bumped on every incompatible change of the socket.io event maps or schemas. The hub refuses a
 * console whose version differs, with a clear error, rather than letting it misread data.
 *
 * 5: refusals carry a `reason` (key + parameters) the console words in its own language; a closed
 *    reply window's reason is such a key; conversation events may carry a `cause`.
 */
export const PROTOCOL_VERSION = 5;

/** Product version reported by `/healthz` and the console's about box. */
export const APP_VERSION = '0.1.0';
