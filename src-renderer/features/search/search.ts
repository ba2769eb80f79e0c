/**
 * A search as the agent sees it: the index's hits, checked against the cache and dressed for
 * the result list (conversation, customer, a plain-text snippet around the first match).
 */
import type { Channel, MessageDirection } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import type { SearchDb } from './search-db.js';
import { queryIndex } from './search-index.js';
import { searchableText } from './message-text.js';
import { findMatches, queryTokens, snippetAt } from './normalize.js';

export interface SearchResult {
  messageId: string;
  conversationId: string;
  channel: Channel | null;
  customerName: string | null;
  subject: string | null;
  direction: MessageDirection;
  createdAt: string;
  /** Plain text; the list highlights the matching words itself (as React text, never HTML). */
  snippet: string;
}

export interface SearchAnswer {
  results: SearchResult[];
  /** The index stopped early: there may be more matches than shown. */
  truncated: boolean;
  scanned: number;
  /** Time spent in the index, and reading the hits from the cache (ms). */
  indexMs: number;
  hydrateMs: number;
}

/** Results per query: more than a results panel shows at once; each one is read from the cache and cut into a snippet. */
export const DEFAULT_LIMIT = 20;

/**
 * Search the cached history. A hit whose message is no longer in the cache (purged before the
 * index caught up) or no longer contains every word (erased meanwhile) is dropped: the cache is
 * the truth, the index only points into it.
 */
export async function searchCache(db: SwitchboardDb, sdb: SearchDb, query: string, limit = DEFAULT_LIMIT, isStale?: () => boolean): Promise<SearchAnswer> {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return { results: [], truncated: false, scanned: 0, indexMs: 0, hydrateMs: 0 };
  const start = performance.now();
  const found = await queryIndex(sdb, tokens, limit, undefined, isStale);
  const indexMs = performance.now() - start;
  if (found.hits.length === 0) return { results: [], truncated: found.truncated, scanned: found.scanned, indexMs, hydrateMs: 0 };
  // One read transaction for the three lookups (each transaction is a round trip to the browser's IndexedDB process).
  const [messages, conversations, customers] = await db.transaction('r', [db.messages, db.conversations, db.customers], async () => {
    const [m, c] = await Promise.all([db.messages.bulkGet(found.hits.map((h) => h.messageId)), db.conversations.bulkGet(found.hits.map((h) => h.conversationId))]);
    return [m, c, await db.customers.bulkGet(c.map((x) => x?.customerId ?? ''))] as const;
  });
  const results: SearchResult[] = [];
  found.hits.forEach((hit, i) => {
    const message = messages[i];
    const conversation = conversations[i];
    if (!message || !conversation) return;
    const text = searchableText(message);
    const matches = findMatches(text, tokens);
    if (!matches.all || !matches.first) return;
    results.push({
      messageId: message.id,
      conversationId: message.conversationId,
      channel: conversation.channel,
      customerName: customers[i]?.name ?? null,
      subject: conversation.subject,
      direction: message.direction,
      createdAt: message.createdAt,
      snippet: snippetAt(text, matches.first),
    });
  });
  // The index ranks by when a message was indexed; shown newest first by when it was written.
  results.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return { results, truncated: found.truncated, scanned: found.scanned, indexMs, hydrateMs: performance.now() - start - indexMs };
}
