/**
 * Action and group names in the agent's language: `shortcuts.actions.<action id>` when the locale
 * has it (an id's dots are i18next's nesting), else the English label the feature registered.
 */
import type { TFunction } from 'i18next';
import type { ShortcutAction } from './registry.js';

/** The feature decides its action ids at run time, so these keys cannot be checked statically. */
type Lookup = (key: string, options: { defaultValue: string }) => string;

export function actionLabel(t: TFunction<'translation'>, action: Pick<ShortcutAction, 'id' | 'label'>): string {
  return (t as unknown as Lookup)(`shortcuts.actions.${action.id}`, { defaultValue: action.label });
}

export function groupLabel(t: TFunction<'translation'>, group: ShortcutAction['group']): string {
  return (t as unknown as Lookup)(`shortcuts.groups.${group}`, { defaultValue: group });
}
