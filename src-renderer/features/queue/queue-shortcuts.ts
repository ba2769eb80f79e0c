/**
 * The queue's and the open conversation's keyboard actions, registered with the shortcut registry
 * (features/shortcuts) when this module loads. What each does is bound where the data is: the list
 * (next, previous, open) in QueueList, the rest in WorkspaceShortcuts.
 */
import { registerShortcutAction } from '../shortcuts/registry.js';

export const QUEUE_ACTIONS = {
  next: 'queue.next',
  previous: 'queue.previous',
  open: 'queue.open',
  assignToMe: 'conversation.assign-to-me',
  close: 'conversation.close',
  snooze: 'conversation.snooze',
  unsnooze: 'conversation.unsnooze',
  help: 'general.shortcuts',
  palette: 'palette.open',
} as const;

registerShortcutAction({ id: QUEUE_ACTIONS.next, label: 'Next conversation', group: 'Queue', keys: ['j', 'ArrowDown'] });
registerShortcutAction({ id: QUEUE_ACTIONS.previous, label: 'Previous conversation', group: 'Queue', keys: ['k', 'ArrowUp'] });
registerShortcutAction({ id: QUEUE_ACTIONS.open, label: 'Open conversation', group: 'Queue', keys: ['Enter'] });
registerShortcutAction({ id: QUEUE_ACTIONS.assignToMe, label: 'Assign to me', group: 'Conversation', keys: ['a'] });
registerShortcutAction({ id: QUEUE_ACTIONS.close, label: 'Close conversation', group: 'Conversation', keys: ['e'] });
registerShortcutAction({ id: QUEUE_ACTIONS.snooze, label: 'Snooze…', group: 'Conversation', keys: ['s'] });
registerShortcutAction({ id: QUEUE_ACTIONS.unsnooze, label: 'Unsnooze', group: 'Conversation', keys: [] });
registerShortcutAction({ id: QUEUE_ACTIONS.help, label: 'Keyboard shortcuts', group: 'General', keys: ['?'] });
registerShortcutAction({ id: QUEUE_ACTIONS.palette, label: 'Command palette', group: 'General', keys: ['Mod+k'] });

/** The views, palette-only until the agent binds keys to them. */
export const VIEW_ACTIONS = [
  { id: 'view.all', view: 'all', label: 'Go to All' },
  { id: 'view.mine', view: 'mine', label: 'Go to Mine' },
  { id: 'view.unassigned', view: 'unassigned', label: 'Go to Unassigned' },
  { id: 'view.snoozed', view: 'snoozed', label: 'Go to Snoozed' },
  { id: 'view.attention', view: 'attention', label: 'Go to Needs attention' },
] as const;
for (const v of VIEW_ACTIONS) registerShortcutAction({ id: v.id, label: v.label, group: 'Views', keys: [] });
