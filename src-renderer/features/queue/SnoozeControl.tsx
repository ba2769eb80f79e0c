import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { chosenSnoozeProblem, snoozePresets, type Conversation, type SnoozePresetId } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { refusalText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';
import { queueSnooze } from './snooze-commands.js';
import { formatWake, isSnoozedNow } from './snooze-format.js';
import { useSnoozeMenu } from './snooze-menu-state.js';

const PRESET_KEYS = { hour: 'snooze.hour', evening: 'snooze.evening', tomorrow: 'snooze.tomorrow', 'next-week': 'snooze.nextWeek' } as const satisfies Record<SnoozePresetId, string>;

/** `YYYY-MM-DDTHH:mm:ss` in local time, the value format of `<input type="datetime-local">`. */
function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Snooze / Unsnooze for the open conversation: presets (1 h, this evening, tomorrow 08:00, next
 * week) and a custom date and time. Works offline: the conversation leaves the open lists at once.
 */
export function SnoozeControl({ conversation, disabled }: { conversation: Conversation; disabled: boolean }) {
  const { db } = useWorkspace();
  const t = useT();
  const openFor = useSnoozeMenu((s) => s.openFor);
  const open = useSnoozeMenu((s) => s.open);
  const close = useSnoozeMenu((s) => s.close);
  const isOpen = openFor === conversation.id;
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [custom, setCustom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const snoozed = isSnoozedNow(conversation);
  const presets = isOpen ? snoozePresets(new Date()) : [];

  useEffect(() => {
    if (!isOpen) return;
    setError(null);
    setCustom(localInputValue(new Date(Date.now() + 3_600_000)));
    // Keyboard users land on the first choice.
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [isOpen]);

  const done = () => {
    close();
    buttonRef.current?.focus();
  };
  const snooze = (until: Date) => {
    void queueSnooze(db, conversation, until);
    done();
  };
  const onCustom = () => {
    const until = new Date(custom);
    const problem = chosenSnoozeProblem(until.getTime(), Date.now());
    // The one problem an agent can cause here is a past time; the others are worded from the rule's reason.
    if (problem) return setError(problem.key === 'snooze.past' ? t('snooze.future') : refusalText(problem));
    snooze(until);
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      done();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"], input, .snooze-custom button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  if (snoozed) {
    return (
      <span className="snooze-state">
        <span className="muted" data-testid="snoozed-until">{t('snooze.snoozedUntil', { when: formatWake(conversation.snoozedUntil!) })}</span>
        <button type="button" disabled={disabled} onClick={() => void queueSnooze(db, conversation, null)}>
          {t('snooze.unsnooze')}
        </button>
      </span>
    );
  }
  return (
    <span className="snooze">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        disabled={disabled || conversation.status === 'closed'}
        onClick={() => (isOpen ? close() : open(conversation.id))}
      >
        {t('snooze.snooze')}
      </button>
      {isOpen && (
        <div ref={menuRef} className="snooze-menu" role="menu" aria-label={t('snooze.menu')} onKeyDown={onMenuKey}>
          {presets.map((p) => (
            <button key={p.id} type="button" role="menuitem" tabIndex={-1} onClick={() => snooze(p.until)}>
              <span>{t(PRESET_KEYS[p.id])}</span> <span className="muted">{formatWake(p.until.toISOString())}</span>
            </button>
          ))}
          <div className="snooze-custom">
            <label>
              {t('snooze.custom')}
              <input type="datetime-local" step={1} value={custom} onChange={(e) => setCustom(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onCustom()} />
            </label>
            <button type="button" onClick={onCustom}>{t('snooze.snoozeUntilThen')}</button>
          </div>
          {error && <p role="alert" className="error">{error}</p>}
        </div>
      )}
    </span>
  );
}
