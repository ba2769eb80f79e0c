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
}

/** Ask the composer of `conversationId` to add `text` (plain quoted text) to its draft. */
export function requestQuote(conversationId: string, text: string): void {
  globalThis.dispatchEvent?.(new CustomEvent<QuoteRequest>(EVENT, { detail: { conversationId, text } }));
}

/** Receive quote requests for one conversation while the calling component is mounted. */
export function useQuoteRequests(conversationId: string, onQuote: (text: string) => void): void {
  const handler = useRef(onQuote);
  handler.current = onQuote;
  useEffect(() => {
    const controller = new AbortController();
    globalThis.addEventListener?.(
      EVENT,
      (event) => {
        const detail = (event as CustomEvent<QuoteRequest>).detail;
        if (detail?.conversationId === conversationId && typeof detail.text === 'string') handler.current(detail.text);
      },
      { signal: controller.signal },
    );
    return () => controller.abort();
  }, [conversationId]);
}
