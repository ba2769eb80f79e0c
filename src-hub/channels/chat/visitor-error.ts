/**
 * Errors a visitor is told about. Anything else becomes a generic `internal` answer: a visitor
 * never sees SQL, stack traces or hub internals.
 */
import type { VisitorErrorCode } from '../../../src-shared/index.js';
import { HubError } from '../../errors.js';

export class VisitorError extends Error {
  override name = 'VisitorError';
  constructor(
    readonly code: VisitorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The wire error for anything thrown while handling a visitor event. */
export function toVisitorWireError(error: unknown): { code: VisitorErrorCode; message: string } {
  if (error instanceof VisitorError) return { code: error.code, message: error.message };
  // Ingest refuses an invalid message with HubError('bad_request'); its text names the field.
  if (error instanceof HubError && error.code === 'bad_request') return { code: 'bad_request', message: error.message };
  return { code: 'unavailable', message: 'The chat cannot take this right now. Please try again in a moment.' };
}
