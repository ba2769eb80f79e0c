/**
 * Wire protocol version.
 *
 * Bumped on every incompatible change of the socket.io event maps or schemas. The hub refuses a
 * console whose version differs, with a clear error, rather than letting it misread data.
 */
export const PROTOCOL_VERSION = 4;

/** Product version reported by `/healthz` and the console's about box. */
export const APP_VERSION = '0.1.0';
