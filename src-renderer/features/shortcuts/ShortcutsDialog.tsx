import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/index.js';
import { useFocusTrap } from '../../lib/use-focus-trap.js';
import { actionLabel, groupLabel } from './labels.js';
import { describeKey, effectiveBindings, keyName, rebind, resetBinding, shortcutActions, type ShortcutAction } from './registry.js';
import { useBindingOverrides, useShortcutBindings } from './shortcut-store.js';
import { usePauseShortcuts } from './use-shortcuts.js';

/**
 * `?`: every shortcut, grouped, and where the agent changes one — "Change" waits for the next key
 * (Escape cancels), a key another action has is refused with its name, "Reset" restores the default.
 * Bindings are kept per user on this computer. A modal dialog: Tab stays inside, Escape closes
 * (or cancels "Change"), and focus goes back to where it was (useFocusTrap).
 */
export function ShortcutsDialog({ userId, onClose }: { userId: string; onClose(): void }) {
  usePauseShortcuts(true);
  const t = useT();
  const overrides = useBindingOverrides(userId);
  const save = useShortcutBindings((s) => s.set);
  const [capturing, setCapturing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ actionId: string; text: string } | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const actions = shortcutActions();
  const bindings = effectiveBindings(actions, overrides);
  const groups = [...new Set(actions.map((a) => a.group))];

  // Close is the first focusable element, so the trap starts there. While "Change" waits for a
  // key, the capturing listener below takes Escape before the trap sees it.
  useFocusTrap(dialogRef, onClose);

  // While capturing, the next key press is the new binding (caught before anything else sees it).
  useEffect(() => {
    if (!capturing) return;
    const onKey = (e: KeyboardEvent) => {
      e.preventDefault();
      e.stopPropagation();
      if (e.key === 'Escape') return setCapturing(null);
      const key = keyName(e);
      if (!key) return;
      const result = rebind(actions, overrides, capturing, key);
      if (result.ok) {
        save(userId, result.overrides);
        setMessage({ actionId: capturing, text: t('shortcuts.now', { key: describeKey(key) }) });
      } else {
        const holder = actions.find((a) => a.id === result.conflictWith);
        const text = holder ? t('shortcuts.conflict', { key: describeKey(key), action: actionLabel(t, holder) }) : t('shortcuts.reserved', { key: describeKey(key) });
        setMessage({ actionId: capturing, text });
      }
      setCapturing(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [capturing, overrides, actions, save, userId, t]);

  const reset = (a: ShortcutAction) => {
    const result = resetBinding(actions, overrides, a.id);
    if (result.ok) {
      save(userId, result.overrides);
      setMessage({ actionId: a.id, text: t('shortcuts.restored') });
    } else {
      const holder = actions.find((x) => x.id === result.conflictWith);
      const key = a.keys.find((k) => (overrides[result.conflictWith] ?? holder?.keys ?? []).includes(k)) ?? a.keys[0] ?? '';
      setMessage({ actionId: a.id, text: t('shortcuts.resetConflict', { key: describeKey(key), action: holder ? actionLabel(t, holder) : result.conflictWith }) });
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} className="shortcuts-dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" tabIndex={-1}>
        <header>
          <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
          <button type="button" onClick={onClose}>{t('common.close')}</button>
        </header>
        <p className="muted">{t('shortcuts.intro')}</p>
        {groups.map((g) => (
          <table key={g} className="shortcuts-table">
            <caption>{groupLabel(t, g)}</caption>
            <tbody>
              {actions
                .filter((a) => a.group === g)
                .map((a) => {
                  const keys = bindings.get(a.id) ?? [];
                  const changed = overrides[a.id] !== undefined;
                  return (
                    <tr key={a.id} data-action={a.id}>
                      <th scope="row">{actionLabel(t, a)}</th>
                      <td className="keys">
                        {capturing === a.id ? <em>{t('shortcuts.pressKey')}</em> : keys.length ? keys.map((k) => <kbd key={k}>{describeKey(k)}</kbd>) : <span className="muted">{t('shortcuts.none')}</span>}
                      </td>
                      <td>
                        <button type="button" aria-label={t('shortcuts.changeFor', { action: actionLabel(t, a) })} onClick={() => { setMessage(null); setCapturing(a.id); }}>
                          {t('shortcuts.change')}
                        </button>
                        {changed && (
                          <button type="button" aria-label={t('shortcuts.resetFor', { action: actionLabel(t, a) })} onClick={() => reset(a)}>
                            {t('shortcuts.reset')}
                          </button>
                        )}
                        {message?.actionId === a.id && <span role="status" className="shortcut-message">{message.text}</span>}
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}
