import { useEffect, type RefObject } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/**
 * Keeps keyboard focus inside a modal dialog while it is open, closes it on Escape, and gives focus
 * back to what had it before (WAI-ARIA dialog pattern).
 *
 * Focus moves to the first focusable element unless something inside already has it. Tab and
 * Shift+Tab wrap at the ends. A small hook rather than a dependency: the pattern is three
 * listeners, and focus-trap libraries bring their own DOM stacks that React portals don't need.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, onEscape: () => void, active = true): void {
  useEffect(() => {
    const root = ref.current;
    if (!active || !root) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const focusables = () => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    if (!root.contains(document.activeElement)) (focusables()[0] ?? root).focus();

    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onEscape();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = focusables();
      if (items.length === 0) {
        e.preventDefault();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && (document.activeElement === first || !root.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !root.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    };
    root.addEventListener('keydown', onKeyDown);
    return () => {
      root.removeEventListener('keydown', onKeyDown);
      // Back to the control that opened the dialog, if it is still on the page.
      if (before?.isConnected) before.focus();
    };
  }, [ref, onEscape, active]);
}
