/**
 * Running shortcuts: components register what an action does while they are mounted, and one
 * window listener maps keys to actions through the agent's bindings. Keys typed into a text field
 * never run a shortcut (only `Mod+` combinations, which type nothing, do).
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { actionForKey, effectiveBindings, keyName, shortcutActions } from './registry.js';
import { useBindingOverrides } from './shortcut-store.js';

type Handler = () => void;

/** Mounted handlers per action id: the last mounted wins (a dialog over the workspace, say). */
const handlers = new Map<string, Handler[]>();

interface ShortcutRuntime {
  /** Bumped when handlers change, so the palette lists what can run now. */
  version: number;
  /** While above 0 (a dialog that takes the keyboard), global shortcuts pause. */
  paused: number;
  bump(): void;
  pause(delta: 1 | -1): void;
}

export const useShortcutRuntime = create<ShortcutRuntime>()((set) => ({
  version: 0,
  paused: 0,
  bump: () => set((s) => ({ version: s.version + 1 })),
  pause: (delta) => set((s) => ({ paused: Math.max(0, s.paused + delta) })),
}));

/** Whether an action can run now (some mounted component handles it). */
export function hasHandler(id: string): boolean {
  return (handlers.get(id)?.length ?? 0) > 0;
}

/** Run an action's current handler; false when none is mounted. */
export function runAction(id: string): boolean {
  const list = handlers.get(id);
  const handler = list?.[list.length - 1];
  if (!handler) return false;
  handler();
  return true;
}

/** While mounted, `handler` is what action `id` does (the latest render's handler is used). */
export function useShortcutHandler(id: string, handler: Handler, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const h: Handler = () => ref.current();
    handlers.set(id, [...(handlers.get(id) ?? []), h]);
    useShortcutRuntime.getState().bump();
    return () => {
      handlers.set(
        id,
        (handlers.get(id) ?? []).filter((x) => x !== h),
      );
      useShortcutRuntime.getState().bump();
    };
  }, [id, enabled]);
}

/** Pause global shortcuts while `active` (a modal that handles its own keys). */
export function usePauseShortcuts(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    useShortcutRuntime.getState().pause(1);
    return () => useShortcutRuntime.getState().pause(-1);
  }, [active]);
}

/** True when the event's target takes text: typing there must not trigger shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file', 'image'].includes(target.type);
  }
  return target.getAttribute('role') === 'textbox' || target.getAttribute('role') === 'combobox';
}

/** Install the window listener for `userId`'s bindings (once, in the workspace). */
export function useGlobalShortcuts(userId: string): void {
  const overrides = useBindingOverrides(userId);
  useEffect(() => {
    const bindings = effectiveBindings(shortcutActions(), overrides);
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const key = keyName(e);
      if (!key) return;
      const modified = key.startsWith('Mod+');
      if (!modified && (useShortcutRuntime.getState().paused > 0 || isTypingTarget(e.target))) return;
      // Enter and the arrows keep their own meaning on buttons, links and menus.
      if ((key === 'Enter' || key.startsWith('Arrow') || key === 'Space') && e.target instanceof HTMLElement && e.target.closest('button, a, [role="menu"], [role="dialog"], [role="tablist"]')) return;
      const id = actionForKey(bindings, key);
      if (id && runAction(id)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [overrides]);
}
