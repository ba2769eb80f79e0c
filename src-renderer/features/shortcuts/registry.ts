/**
 * The console's keyboard shortcuts: one registry of actions that any feature can add to, the
 * agent's own key bindings on top of the defaults, and conflict detection. Pure (no React, no DOM
 * listeners) so it is unit-tested; see use-shortcuts.ts for the listener and the handlers.
 *
 * Keys are written as the browser names them (`KeyboardEvent.key`: `j`, `Enter`, `ArrowDown`, `?`),
 * with `Mod+` for Ctrl (Cmd on macOS) and `Alt+`; Shift is part of the character (`?`, `J`).
 */

export interface ShortcutAction {
  id: string;
  /** What the help list and the palette show. */
  label: string;
  /** Help list and palette group. */
  group: 'Queue' | 'Conversation' | 'Views' | 'General';
  /** Default keys; empty: palette only until the agent binds one. */
  keys: readonly string[];
}

const actions = new Map<string, ShortcutAction>();

/** Add (or replace) an action; features call this once, at module load. */
export function registerShortcutAction(action: ShortcutAction): void {
  actions.set(action.id, action);
}

/** Every registered action, in registration order. */
export function shortcutActions(): ShortcutAction[] {
  return [...actions.values()];
}

/** The agent's own bindings: action id → keys (an empty list unbinds). */
export type BindingOverrides = Readonly<Record<string, readonly string[]>>;

/** The keys in effect for each action: the agent's override, else the default. */
export function effectiveBindings(list: readonly ShortcutAction[], overrides: BindingOverrides): Map<string, readonly string[]> {
  return new Map(list.map((a) => [a.id, overrides[a.id] ?? a.keys]));
}

/** Which action a key runs under these bindings, or null. */
export function actionForKey(bindings: ReadonlyMap<string, readonly string[]>, key: string): string | null {
  for (const [id, keys] of bindings) if (keys.includes(key)) return id;
  return null;
}

export type RebindResult = { ok: true; overrides: Record<string, readonly string[]> } | { ok: false; conflictWith: string; reason: string };

/** Keys that stay with the browser or that text entry needs; never bindable. */
const RESERVED = new Set(['Tab', 'Escape', 'Mod+c', 'Mod+v', 'Mod+x', 'Mod+a', 'Mod+z', 'Mod+r', 'Mod+w', 'Mod+t', 'Mod+l', 'Mod+q']);

/**
 * Bind `key` (replacing the action's keys) unless another action has it: a conflict is refused, naming
 * that action, so one key never runs two things.
 */
export function rebind(list: readonly ShortcutAction[], overrides: BindingOverrides, actionId: string, key: string): RebindResult {
  if (!actions.has(actionId) && !list.some((a) => a.id === actionId)) return { ok: false, conflictWith: '', reason: `Unknown action ${actionId}` };
  if (RESERVED.has(key)) return { ok: false, conflictWith: '', reason: `${describeKey(key)} is reserved` };
  const bindings = effectiveBindings(list, overrides);
  const holder = actionForKey(bindings, key);
  if (holder !== null && holder !== actionId) {
    const label = list.find((a) => a.id === holder)?.label ?? holder;
    return { ok: false, conflictWith: holder, reason: `${describeKey(key)} already runs “${label}”` };
  }
  return { ok: true, overrides: { ...overrides, [actionId]: [key] } };
}

/** Back to the default keys; refused when a default key is now bound to another action. */
export function resetBinding(list: readonly ShortcutAction[], overrides: BindingOverrides, actionId: string): RebindResult {
  const rest = Object.fromEntries(Object.entries(overrides).filter(([id]) => id !== actionId));
  const action = list.find((a) => a.id === actionId);
  const bindings = effectiveBindings(list, rest);
  for (const key of action?.keys ?? []) {
    const holder = actionForKey(new Map([...bindings].filter(([id]) => id !== actionId)), key);
    if (holder !== null) {
      const label = list.find((a) => a.id === holder)?.label ?? holder;
      return { ok: false, conflictWith: holder, reason: `${describeKey(key)} already runs “${label}”; change that first` };
    }
  }
  return { ok: true, overrides: rest };
}

/** The subset of a KeyboardEvent the key name needs. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Modifier keys alone never form a shortcut. */
const MODIFIERS = new Set(['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'CapsLock', 'Dead', 'Unidentified']);

/** A key event's name in binding notation, or null for a bare modifier. */
export function keyName(e: KeyLike): string | null {
  if (MODIFIERS.has(e.key)) return null;
  const base = e.key.length === 1 && (e.ctrlKey || e.metaKey) ? e.key.toLowerCase() : e.key;
  return `${e.ctrlKey || e.metaKey ? 'Mod+' : ''}${e.altKey ? 'Alt+' : ''}${base === ' ' ? 'Space' : base}`;
}

/** A key for people: `Mod+k` → `Ctrl+K` (`⌘K` on macOS), `ArrowDown` → `↓`. */
export function describeKey(key: string, mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)): string {
  const arrows: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', ArrowLeft: '←', ArrowRight: '→' };
  return key
    .split('+')
    .map((part, i, all) => {
      if (part === 'Mod' && i < all.length - 1) return mac ? '⌘' : 'Ctrl';
      if (arrows[part]) return arrows[part];
      return part.length === 1 && i > 0 ? part.toUpperCase() : part;
    })
    .join(mac ? '' : '+');
}
