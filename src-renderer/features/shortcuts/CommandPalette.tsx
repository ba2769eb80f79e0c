import Fuse from 'fuse.js';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/index.js';
import { useFocusTrap } from '../../lib/use-focus-trap.js';
import { actionLabel, groupLabel } from './labels.js';
import { describeKey, effectiveBindings, shortcutActions } from './registry.js';
import { useBindingOverrides } from './shortcut-store.js';
import { hasHandler, runAction, usePauseShortcuts, useShortcutRuntime } from './use-shortcuts.js';

/**
 * Ctrl/Cmd+K: every action and view that can run now, filtered by a fuzzy match (Fuse.js) as the
 * agent types. An ARIA combobox (the input) controlling a listbox: ↑/↓ move, Enter runs, Escape
 * closes; focus stays in the input and `aria-activedescendant` names the active option. A modal
 * dialog: Tab stays inside, and focus goes back to where it was when it closes (useFocusTrap).
 */
export function CommandPalette({ userId, onClose }: { userId: string; onClose(): void }) {
  usePauseShortcuts(true);
  const t = useT();
  const version = useShortcutRuntime((s) => s.version);
  const overrides = useBindingOverrides(userId);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialogRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  // Only what can run now; the palette itself is not listed.
  const available = useMemo(() => shortcutActions().filter((a) => a.id !== 'palette.open' && hasHandler(a.id)), [version]);
  const bindings = useMemo(() => effectiveBindings(available, overrides), [available, overrides]);
  // Matched in the agent's language: the names she reads.
  const entries = useMemo(() => available.map((action) => ({ action, label: actionLabel(t, action), group: groupLabel(t, action.group) })), [available, t]);
  const fuse = useMemo(() => new Fuse(entries, { keys: ['label', 'group'], threshold: 0.4, ignoreLocation: true }), [entries]);
  const results = query.trim() ? fuse.search(query.trim()).map((r) => r.item) : entries;
  const current = Math.min(active, Math.max(0, results.length - 1));

  // The input is the dialog's first focusable element, so the trap puts focus there.
  useFocusTrap(dialogRef, onClose);

  const run = (entry: (typeof results)[number] | undefined) => {
    if (!entry) return;
    const { action } = entry;
    onClose();
    // After the palette has closed and focus went back: the action may move focus itself.
    queueMicrotask(() => runAction(action.id));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = results.length;
      if (n > 0) setActive((current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(results[current]);
    }
  };
  const optionId = (i: number) => `${listId}-opt-${i}`;

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} className="palette" role="dialog" aria-modal="true" aria-label={t('shortcuts.palette')} tabIndex={-1}>
        <input
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={results.length > 0 ? optionId(current) : undefined}
          aria-label={t('shortcuts.paletteInput')}
          placeholder={t('shortcuts.palettePlaceholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" aria-label={t('shortcuts.commands')} className="palette-list">
          {results.map((entry, i) => (
            <li
              key={entry.action.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : ''}
              onMouseMove={() => setActive(i)}
              onClick={() => run(entry)}
            >
              <span>{entry.label}</span>
              <span className="muted">{entry.group}</span>
              {(bindings.get(entry.action.id) ?? []).slice(0, 1).map((k) => (
                <kbd key={k}>{describeKey(k)}</kbd>
              ))}
            </li>
          ))}
          {results.length === 0 && <li className="muted" role="presentation">{t('shortcuts.noMatch')}</li>}
        </ul>
      </div>
    </div>
  );
}
