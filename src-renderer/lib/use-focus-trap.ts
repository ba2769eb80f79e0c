import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/**
 * Keeps keyboard focus inside a modal dialog while it is open, closes it on Escape, and gives focus
 * back to what had it before (WAI-ARIA dialog pattern).
 *
 * Focus moves to the first focusable element unless something inside already has it. Tab and
 * Shift+Tab wrap at the ends; focus that lands outside (a click on the page behind) is brought
 * back. Give the dialog's root `tabIndex={-1}` so a click on its text keeps focus inside.
 *
 * A small hook rather than a dependency: the pattern is a few listeners, focus-trap libraries
 * bring their own DOM stacks that React portals don't need, and node_modules is shared by every
 * worktree of this project, so adding one is a decision of its own.
 *
 * The listeners sit on the document and bubble: a control inside the dialog that handles Escape
 * itself (and stops it) keeps it, and a capturing listener (the shortcut list's "press a key")
 * sees keys before the trap does.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, onEscape: () => void, active = true): void {
  // The latest callback without re-running the effect: a re-render (every keystroke in the
  // palette) must not restore focus and grab it again.
  const escape = useRef(onEscape);
  useLayoutEffect(() => {
    escape.current = onEscape;
  });

  useEffect(() => {
    const root = ref.current;
    if (!active || !root) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const focusables = () => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    if (!root.contains(document.activeElement)) (focusables()[0] ?? root).focus();

    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented && e.key === 'Escape') return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        escape.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = focusables();
      if (items.length === 0) {
        e.preventDefault();
        root.focus();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const at = document.activeElement;
      const outside = !root.contains(at) || at === root;
      if (e.shiftKey && (at === first || outside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (at === last || outside)) {
        e.preventDefault();
        first.focus();
      }
    };
    const onFocusIn = (e: FocusEvent): void => {
      if (e.target instanceof Node && !root.contains(e.target)) (focusables()[0] ?? root).focus();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      // Back to the control that opened the dialog, if it is still on the page.
      if (before?.isConnected) before.focus();
    };
  }, [ref, active]);
}
