/**
 * Session and UI state only (habit 4): who is signed in, what is selected, how the link is.
 * Rows live in Dexie and are read with `useLiveQuery`, never copied here.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { User, WireReason } from '../../src-shared/index.js';
import type { SyncStatus } from '../sync/status.js';

export interface SignOutReason {
  message: string;
  hubReason?: WireReason;
}

export interface Session {
  hubUrl: string;
  token: string;
  user: User;
  expiresAt: string;
}

interface SessionSlice {
  session: Session | null;
  /**
   * Why the agent was signed out, shown on the login screen: the hub's reason key when it sent one
   * (worded when shown, so a language switch on the login screen follows), else its message.
   */
  signOutReason: SignOutReason | null;
  signIn(session: Session): void;
  signOut(reason?: SignOutReason): void;
  updateUser(user: User): void;
}

interface UiSlice {
  selectedConversationId: string | null;
  select(id: string | null): void;
  /** The conversation whose thread has been painted (the customer panel starts reading after it). */
  threadShownId: string | null;
  threadShown(id: string): void;
}

interface ConnectionSlice {
  status: SyncStatus;
  setStatus(status: SyncStatus): void;
  /** Background history download; null when there is none running. */
  backfill: { done: number; total: number } | null;
  setBackfill(backfill: { done: number; total: number } | null): void;
}

export type AppState = SessionSlice & UiSlice & ConnectionSlice;

export const useAppStore = create<AppState>()(
  persist(
    (set) => ({
      session: null,
      signOutReason: null,
      signIn: (session) => set({ session, signOutReason: null, selectedConversationId: null }),
      signOut: (reason) => set({ session: null, signOutReason: reason ?? null, selectedConversationId: null, status: { kind: 'connecting' } }),
      updateUser: (user) => set((s) => (s.session ? { session: { ...s.session, user } } : {})),
      selectedConversationId: null,
      select: (id) => set({ selectedConversationId: id }),
      threadShownId: null,
      threadShown: (id) => set({ threadShownId: id }),
      status: { kind: 'connecting' },
      setStatus: (status) => set({ status }),
      backfill: null,
      setBackfill: (backfill) => set({ backfill }),
    }),
    {
      name: 'switchboard.session',
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ session: s.session }),
    },
  ),
);
