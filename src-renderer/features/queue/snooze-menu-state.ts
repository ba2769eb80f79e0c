/**
 * Which conversation's snooze menu is open: the header button and the `s` shortcut open the same
 * menu, so the open state lives outside both (UI state only).
 */
import { create } from 'zustand';

interface SnoozeMenuState {
  openFor: string | null;
  open(conversationId: string): void;
  close(): void;
}

export const useSnoozeMenu = create<SnoozeMenuState>()((set) => ({
  openFor: null,
  open: (conversationId) => set({ openFor: conversationId }),
  close: () => set({ openFor: null }),
}));
