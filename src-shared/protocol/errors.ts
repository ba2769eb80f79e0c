/**
 * Error codes and the acknowledgement envelope used by every socket.io event.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** A reply written against an outdated view of the conversation; the agent must review it. */
  'stale',
  /** The channel no longer accepts a free-form reply (WhatsApp's 24-hour window closed). */
  'reply_window_closed',
  'protocol_mismatch',
  /** The console's sync cursor is older than the hub's change log; it must bootstrap again. */
  'cursor_expired',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Field-level problems from validation, for forms. */
  issues?: { path: string; message: string }[];
}

/** Every acknowledgement is either a result or an error; never a thrown exception. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export type AckCallback<T> = (ack: Ack<T>) => void;
