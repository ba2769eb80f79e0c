/**
 * "Forward" on a customer's mail: the message row asks the open conversation's composer to show
 * its forward form. Like quote requests (email-content/quote-requests.ts) it travels as a DOM event,
 * because the composer owns its draft; the forwarded text is plain (quoteForForward), never HTML.
 */
import { useEffect, useRef } from 'react';

const EVENT = 'switchboard:forward';

/** What to forward: the customer's message and its plain forwarded text. */
export interface ForwardRequest {
  conversationId: string;
  messageId: string;
  text: string;
}

/** Ask the composer of `request.conversationId` to forward a message. */
export function requestForward(request: ForwardRequest): void {
  globalThis.dispatchEvent?.(new CustomEvent<ForwardRequest>(EVENT, { detail: request }));
}

/** Receive forward requests for one conversation while the calling component is mounted. */
export function useForwardRequests(conversationId: string, onForward: (request: ForwardRequest) => void): void {
  const handler = useRef(onForward);
  handler.current = onForward;
  useEffect(() => {
    const controller = new AbortController();
    globalThis.addEventListener?.(
      EVENT,
      (event) => {
        const detail = (event as CustomEvent<ForwardRequest>).detail;
        if (detail?.conversationId === conversationId && typeof detail.text === 'string' && typeof detail.messageId === 'string') handler.current(detail);
      },
      { signal: controller.signal },
    );
    return () => controller.abort();
  }, [conversationId]);
}
