/**
 * "Quote in reply": a message row asks the open conversation's composer to add quoted text to its
 * draft. The draft lives in the composer only (see Composer.tsx), so the request travels as a DOM
 * event on the window instead of through shared state; the text is plain (quote.ts).
 */
import { useEffect, useRef } from 'react';

const EVENT = 'switchboard:quote';

interface QuoteRequest {
  conversationId: string;
  text: string;
  /** The quoted message: an email reply then answers that mail (In-Reply-To). */
  messageId?: string;
}

/** Ask the composer of `conversationId` to add `text` (plain quoted text) to its draft. */
export function requestQuote(conversationId: string, text: string, messageId?: string): void {
  globalThis.dispatchEvent?.(new CustomEvent<QuoteRequest>(EVENT, { detail: { conversationId, text, ...(messageId ? { messageId } : {}) } }));
}

/** Receive quote requests for one conversation while the calling component is mounted. */
export function useQuoteRequests(conversationId: string, onQuote: (text: string, messageId: string | null) => void): void {
  const handler = useRef(onQuote);
  handler.current = onQuote;
  useEffect(() => {
    const controller = new AbortController();
    globalThis.addEventListener?.(
      EVENT,
      (event) => {
        const detail = (event as CustomEvent<QuoteRequest>).detail;
        if (detail?.conversationId === conversationId && typeof detail.text === 'string') handler.current(detail.text, typeof detail.messageId === 'string' ? detail.messageId : null);
      },
      { signal: controller.signal },
    );
    return () => controller.abort();
  }, [conversationId]);
}
