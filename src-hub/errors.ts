/**
 * An error with a wire error code; handlers throw it and the realtime layer turns it into an error ack.
 */
import type { ErrorCode, ErrorReasonKey, ReasonParams, Refusal, WireError } from '../src-shared/index.js';

/** What a refusal says beyond its code and English message: which one it is, for the console's words. */
export interface HubErrorDetail {
  reason?: ErrorReasonKey;
  params?: ReasonParams;
  issues?: WireError['issues'];
}

export class HubError extends Error {
  readonly issues: WireError['issues'];
  readonly reason: WireError['reason'];

  constructor(
    readonly code: ErrorCode,
    message: string,
    detail: HubErrorDetail = {},
  ) {
    super(message);
    this.name = 'HubError';
    this.issues = detail.issues;
    this.reason = detail.reason ? { key: detail.reason, ...(detail.params ? { params: detail.params } : {}) } : undefined;
  }

  /** The error for a refusal a shared rule worked out (reply window, snooze time). */
  static of(code: ErrorCode, refusal: Refusal, issues?: WireError['issues']): HubError {
    return new HubError(code, refusal.message, { reason: refusal.key, ...(refusal.params ? { params: refusal.params } : {}), ...(issues ? { issues } : {}) });
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.reason ? { reason: this.reason } : {}), ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** Map any thrown value to a wire error without leaking internals. */
export function toWireError(error: unknown): WireError {
  if (error instanceof HubError) return error.toWire();
  return { code: 'internal', message: 'The hub could not complete the request. Please try again.', reason: { key: 'internal' } };
}
