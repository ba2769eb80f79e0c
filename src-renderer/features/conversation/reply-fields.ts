/**
 * The composer's per-channel rules as plain functions (unit-tested): the live length check, the cc
 * field, and the bodies of a forward. The limits themselves are src-shared's, the hub's too.
 */
import { EmailAddressSchema, MAX_CC, measureReply, parseAddressList, type Channel, type ReplyVisibility } from '../../../src-shared/index.js';

export type CcCheck = { kind: 'ok'; addresses: string[] } | { kind: 'invalid'; invalid: string[] } | { kind: 'too-many'; max: number };

/** The cc field as typed: the addresses to send, or why not. */
export function checkCc(input: string): CcCheck {
  const { addresses, invalid } = parseAddressList(input);
  if (invalid.length > 0) return { kind: 'invalid', invalid };
  if (addresses.length > MAX_CC) return { kind: 'too-many', max: MAX_CC };
  return { kind: 'ok', addresses };
}

/** The live counter: the draft as the hub will count it (trimmed, as the hub's schema trims it). */
export function draftLength(channel: Channel, visibility: ReplyVisibility, draft: string) {
  return measureReply(channel, visibility, draft.trim());
}

/** The body of a forward: the agent's note (if any), a blank line, then the forwarded text. */
export function forwardBody(note: string, forwarded: string): string {
  const n = note.trim();
  return n ? `${n}\n\n${forwarded}` : forwarded;
}

/** Whether `to` is an address a forward may go to (the hub checks with the same schema). */
export function validForwardAddress(to: string): boolean {
  return EmailAddressSchema.safeParse(to.trim()).success;
}
