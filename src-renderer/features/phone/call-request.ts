/**
 * "Call this customer" from anywhere beside the thread (the customer panel): asks the open
 * conversation's view to open its call panel. UI state only, so a tiny zustand store of its own.
 */
import { create } from 'zustand';

interface CallRequestState {
  /** The conversation whose call panel should open, with a counter so a second click opens it again. */
  request: { conversationId: string; n: number } | null;
  requestCall(conversationId: string): void;
}

export const useCallRequest = create<CallRequestState>()((set) => ({
  request: null,
  requestCall: (conversationId) => set((s) => ({ request: { conversationId, n: (s.request?.n ?? 0) + 1 } })),
}));
