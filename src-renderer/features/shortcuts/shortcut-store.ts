/**
 * The agent's own key bindings, per user, kept on this computer (localStorage).
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { BindingOverrides } from './registry.js';

interface ShortcutBindingsState {
  byUser: Record<string, BindingOverrides>;
  set(userId: string, overrides: BindingOverrides): void;
}

export const SHORTCUTS_STORAGE_KEY = 'switchboard.shortcuts';

export const useShortcutBindings = create<ShortcutBindingsState>()(
  persist(
    (set) => ({
      byUser: {},
      set: (userId, overrides) => set((s) => ({ byUser: { ...s.byUser, [userId]: overrides } })),
    }),
    {
      name: SHORTCUTS_STORAGE_KEY,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ byUser: s.byUser }),
      // Only lists of strings survive a hand-edited or outdated value.
      merge: (persisted, current) => {
        const raw = ((persisted ?? {}) as { byUser?: Record<string, unknown> }).byUser ?? {};
        const byUser: Record<string, BindingOverrides> = {};
        for (const [user, value] of Object.entries(raw)) {
          if (!value || typeof value !== 'object') continue;
          byUser[user] = Object.fromEntries(
            Object.entries(value as Record<string, unknown>).filter(([, keys]) => Array.isArray(keys) && keys.every((k) => typeof k === 'string')),
          ) as BindingOverrides;
        }
        return { ...current, byUser };
      },
    },
  ),
);

const NONE: BindingOverrides = {};

/** This user's overrides (stable identity while unchanged). */
export function useBindingOverrides(userId: string): BindingOverrides {
  return useShortcutBindings((s) => s.byUser[userId]) ?? NONE;
}
