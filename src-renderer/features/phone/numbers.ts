/**
 * Which numbers the Call action offers: the customer's profile numbers (phone and WhatsApp
 * identities) first, then numbers found in the customer's messages — those only after the agent
 * confirms them, because a number in a message may be anyone's (a colleague's, a shop's).
 */
import { findPhoneNumbers, normalizePhoneNumber, type Customer, type FoundPhoneNumber, type Identity, type Message, type PhoneNumber } from '../../../src-shared/index.js';

export interface NumberCandidate {
  number: PhoneNumber;
  source: 'profile' | 'message';
  /** For a number found in a message: the message and the text around the number. */
  messageId?: string;
  context?: string;
}

const CONTEXT_CHARS = 40;

function contextOf(text: string, found: FoundPhoneNumber): string {
  const start = Math.max(0, found.start - CONTEXT_CHARS);
  const end = Math.min(text.length, found.end + CONTEXT_CHARS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

/** Profile numbers first, then numbers in the customer's messages (newest message first), each once. */
export function numberCandidates(customer: Pick<Customer, 'country'> | null, identities: readonly Identity[], messages: readonly Message[]): NumberCandidate[] {
  const country = customer?.country ?? null;
  const seen = new Set<string>();
  const out: NumberCandidate[] = [];
  const add = (candidate: NumberCandidate) => {
    const key = `${candidate.number.e164};${candidate.number.ext ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(candidate);
  };
  for (const identity of identities) {
    if (identity.channel !== 'phone' && identity.channel !== 'whatsapp') continue;
    // WhatsApp ids are the number without the plus.
    const raw = identity.channel === 'whatsapp' && /^\d+$/.test(identity.handle) ? `+${identity.handle}` : identity.handle;
    const number = normalizePhoneNumber(raw, country);
    if (number) add({ number, source: 'profile' });
  }
  const inbound = messages.filter((m) => m.direction === 'inbound').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const message of inbound) {
    for (const found of findPhoneNumbers(message.body, country)) {
      add({ number: found, source: 'message', messageId: message.id, context: contextOf(message.body, found) });
    }
  }
  return out;
}
