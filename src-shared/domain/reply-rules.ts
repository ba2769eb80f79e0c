/**
 * What a reply may be on each channel: its length limit (counted the way the channel counts) and
 * whether it goes out publicly or privately. One rule for console and hub: the composer's live
 * counter and the hub's refusal agree by construction.
 */
import twitterText from 'twitter-text';
import { z } from 'zod';
import type { Channel, ConversationKind } from './types.js';

/** Who sees a reply: everyone (a comment or reply tweet under the customer's post) or the customer alone. */
export const REPLY_VISIBILITIES = ['public', 'private'] as const;
export type ReplyVisibility = (typeof REPLY_VISIBILITIES)[number];

/** Longest reply on channels without a stricter limit (chat, email); the composer's upper bound. */
export const GENEROUS_REPLY_LIMIT = 20_000;

/**
 * How a reply on this channel is counted: `x-weighted` is X's own weighting (twitter-text: every
 * URL counts as 23, CJK and emoji as 2); `code-points` counts Unicode characters.
 */
export type LengthCounting = 'x-weighted' | 'code-points' | 'utf16';

export interface ReplyLimit {
  limit: number;
  counting: LengthCounting;
  /** The channel's name for the message type, for the error ("A reply tweet may have…"). */
  label: string;
}

/**
 * The visibilities a reply may choose in this conversation, the default first. Public comment and
 * mention threads on Facebook, Instagram and X can be answered in public or by private message;
 * everything else is private already.
 */
export function replyVisibilities(channel: Channel, kind: ConversationKind): readonly ReplyVisibility[] {
  if ((channel === 'facebook' || channel === 'instagram') && kind === 'comment') return ['public', 'private'];
  if (channel === 'x' && kind === 'mention') return ['public', 'private'];
  return ['private'];
}

/** The visibility a reply gets when the agent does not choose one. */
export function defaultVisibility(channel: Channel, kind: ConversationKind): ReplyVisibility {
  return replyVisibilities(channel, kind)[0]!;
}

/**
 * The length limit of a reply. The figures are the providers' documented send limits: X 280
 * (weighted) for a tweet and 10,000 for a DM; WhatsApp 4,096; Messenger 2,000; Instagram 1,000.
 */
export function replyLimit(channel: Channel, visibility: ReplyVisibility): ReplyLimit {
  switch (channel) {
    case 'x':
      return visibility === 'public' ? { limit: 280, counting: 'x-weighted', label: 'A reply on X' } : { limit: 10_000, counting: 'code-points', label: 'A direct message on X' };
    case 'whatsapp':
      return { limit: 4096, counting: 'utf16', label: 'A WhatsApp message' };
    case 'facebook':
      return { limit: 2000, counting: 'utf16', label: 'A Facebook reply' };
    case 'instagram':
      return { limit: 1000, counting: 'utf16', label: 'An Instagram reply' };
    case 'email':
    case 'chat':
    case 'phone':
      return { limit: GENEROUS_REPLY_LIMIT, counting: 'code-points', label: 'A reply' };
  }
}

/** Count `text` the way `counting` says. */
export function countReply(text: string, counting: LengthCounting): number {
  switch (counting) {
    case 'x-weighted':
      return twitterText.parseTweet(text).weightedLength;
    case 'code-points':
      return [...text].length;
    case 'utf16':
      return text.length;
  }
}

export interface ReplyLength {
  length: number;
  limit: number;
  over: boolean;
  /** Set when over the limit: what the agent reads (and what the hub answers). */
  error: string | null;
}

/** The reply's length against its channel's limit, with the refusal text when it is too long. */
export function measureReply(channel: Channel, visibility: ReplyVisibility, text: string): ReplyLength {
  const rule = replyLimit(channel, visibility);
  const length = countReply(text, rule.counting);
  const over = length > rule.limit;
  const weighted = rule.counting === 'x-weighted' ? ' (links count as 23)' : '';
  return {
    length,
    limit: rule.limit,
    over,
    error: over ? `${rule.label} may have at most ${rule.limit} characters${weighted}; this one has ${length}. Shorten it to send.` : null,
  };
}

/** One email address, as zod checks it (the same check the hub makes on cc and forward addresses). */
export const EmailAddressSchema = z.email('Not a valid email address').max(254);

/** Most cc recipients on one reply. */
export const MAX_CC = 20;

/**
 * Parse a cc field as typed ("a@x.org, b@y.org; c@z.org"): the addresses, or the ones that are
 * not valid. Empty input is no cc at all.
 */
export function parseAddressList(input: string): { addresses: string[]; invalid: string[] } {
  const parts = input
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const addresses: string[] = [];
  const invalid: string[] = [];
  for (const part of parts) {
    const parsed = EmailAddressSchema.safeParse(part);
    if (parsed.success) {
      if (!addresses.some((a) => a.toLowerCase() === parsed.data.toLowerCase())) addresses.push(parsed.data);
    } else invalid.push(part);
  }
  return { addresses, invalid };
}

/** "Re: subject", without stacking prefixes ("Re: Re: …", German "AW:"). */
export function replySubject(subject: string | null): string {
  const base = (subject ?? '').trim();
  if (!base) return 'Re: your message';
  return /^(re|aw)\s*:/i.test(base) ? base : `Re: ${base}`;
}

/** "Fwd: subject", without stacking prefixes (German "WG:"). */
export function forwardSubject(subject: string | null): string {
  const base = (subject ?? '').trim();
  if (!base) return 'Fwd: a customer message';
  return /^(fwd?|wg)\s*:/i.test(base) ? base : `Fwd: ${base}`;
}
