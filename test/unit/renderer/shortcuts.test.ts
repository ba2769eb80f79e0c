import { describe, expect, it } from 'vitest';
import {
  actionForKey,
  describeKey,
  effectiveBindings,
  keyName,
  rebind,
  registerShortcutAction,
  resetBinding,
  shortcutActions,
} from '../../../src-renderer/features/shortcuts/registry.js';
import '../../../src-renderer/features/queue/queue-shortcuts.js';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shortcut registry', () => {
  it('the queue registers its actions with their default keys; features can add their own', () => {
    const ids = shortcutActions().map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['queue.next', 'queue.previous', 'queue.open', 'conversation.assign-to-me', 'conversation.close', 'conversation.snooze', 'palette.open', 'general.shortcuts', 'view.snoozed']));
    registerShortcutAction({ id: 'test.extra', label: 'Extra', group: 'General', keys: ['x'] });
    const bindings = effectiveBindings(shortcutActions(), {});
    expect(actionForKey(bindings, 'x')).toBe('test.extra');
    expect(actionForKey(bindings, 'j')).toBe('queue.next');
    expect(actionForKey(bindings, 'ArrowDown')).toBe('queue.next');
    expect(actionForKey(bindings, 'Mod+k')).toBe('palette.open');
    expect(actionForKey(bindings, 'z')).toBeNull();
  });

  it('rebinding replaces the keys; a key another action has is refused, naming it', () => {
    const list = shortcutActions();
    const moved = rebind(list, {}, 'conversation.close', 'c');
    expect(moved.ok).toBe(true);
    const overrides = moved.ok ? moved.overrides : {};
    const bindings = effectiveBindings(list, overrides);
    expect(actionForKey(bindings, 'c')).toBe('conversation.close');
    expect(actionForKey(bindings, 'e')).toBeNull();

    const clash = rebind(list, overrides, 'conversation.snooze', 'c');
    expect(clash).toEqual({ ok: false, conflictWith: 'conversation.close', reason: 'c already runs “Close conversation”' });
    const clashDefault = rebind(list, overrides, 'conversation.snooze', 'j');
    expect(clashDefault.ok).toBe(false);
    expect(!clashDefault.ok && clashDefault.conflictWith).toBe('queue.next');
    // Binding an action to its own key again is fine; reserved keys never are.
    expect(rebind(list, overrides, 'conversation.close', 'c').ok).toBe(true);
    expect(rebind(list, overrides, 'conversation.close', 'Tab').ok).toBe(false);
    expect(rebind(list, overrides, 'no.such.action', 'q').ok).toBe(false);
  });

  it('reset restores the default unless another action took a default key meanwhile', () => {
    const list = shortcutActions();
    const a = rebind(list, {}, 'conversation.close', 'c');
    if (!a.ok) throw new Error('rebind failed');
    const reset = resetBinding(list, a.overrides, 'conversation.close');
    expect(reset).toEqual({ ok: true, overrides: {} });

    const b = rebind(list, a.overrides, 'conversation.snooze', 'e');
    if (!b.ok) throw new Error('rebind failed');
    const blocked = resetBinding(list, b.overrides, 'conversation.close');
    expect(blocked.ok).toBe(false);
    expect(!blocked.ok && blocked.conflictWith).toBe('conversation.snooze');
  });

  it('key names: Ctrl and Cmd are Mod, letters with Mod are lower-case, Shift is in the character, modifiers alone are nothing', () => {
    expect(keyName(key('k', { ctrlKey: true }))).toBe('Mod+k');
    expect(keyName(key('K', { metaKey: true }))).toBe('Mod+k');
    expect(keyName(key('?'))).toBe('?');
    expect(keyName(key('J'))).toBe('J');
    expect(keyName(key('ArrowDown'))).toBe('ArrowDown');
    expect(keyName(key(' '))).toBe('Space');
    expect(keyName(key('x', { altKey: true }))).toBe('Alt+x');
    expect(keyName(key('Shift'))).toBeNull();
    expect(keyName(key('Control', { ctrlKey: true }))).toBeNull();
    expect(describeKey('Mod+k', false)).toBe('Ctrl+K');
    expect(describeKey('Mod+k', true)).toBe('⌘K');
    expect(describeKey('ArrowUp', false)).toBe('↑');
  });
});
