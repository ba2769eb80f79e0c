/**
 * An error with a wire error code; handlers throw it and the realtime layer turns it into an error ack.
 */
import type { ErrorCode, WireError } from '../src-shared/index.js';

export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: WireError['issues'],
  ) {
    super(message);
    this.name = 'HubError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** Map any thrown value to a wire error without leaking internals. */
export function toWireError(error: unknown): WireError {
  if (error instanceof HubError) return error.toWire();
  return { code: 'internal', message: 'The hub could not complete the request. Please try again.' };
}
