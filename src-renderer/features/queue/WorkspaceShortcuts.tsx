import { useState } from 'react';
import { isLeadRole } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { useT } from '../../i18n/index.js';
import { useAppStore } from '../../state/store.js';
import { queueAssign, queueSetStatus } from '../conversation/commands.js';
import { CommandPalette } from '../shortcuts/CommandPalette.js';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog.js';
import { useGlobalShortcuts, useShortcutHandler } from '../shortcuts/use-shortcuts.js';
import { useQueuePrefs } from './queue-prefs.js';
import { QUEUE_ACTIONS, VIEW_ACTIONS } from './queue-shortcuts.js';
import { queueSnooze } from './snooze-commands.js';
import { isSnoozedNow } from './snooze-format.js';
import { useSnoozeMenu } from './snooze-menu-state.js';

function ViewAction({ id, onRun }: { id: string; onRun(): void }) {
  useShortcutHandler(id, onRun);
  return null;
}

/**
 * The workspace's keyboard layer: the window listener, the actions on the open conversation
 * (assign to me, close, snooze), the views, the `?` list and the Ctrl/Cmd+K palette.
 */
export function WorkspaceShortcuts({ onShowQueue }: { onShowQueue(): void }) {
  const { db, me } = useWorkspace();
  const t = useT();
  const selectedId = useAppStore((s) => s.selectedConversationId);
  const [, updateQueue] = useQueuePrefs(me.id);
  const openSnooze = useSnoozeMenu((s) => s.open);
  const [dialog, setDialog] = useState<'palette' | 'help' | null>(null);
  useGlobalShortcuts(me.id);

  /** The open conversation, when this agent may work on it (the hub would refuse the rest). */
  const workable = async () => {
    if (!selectedId) return null;
    const c = await db.conversations.get(selectedId);
    if (!c) return null;
    return isLeadRole(me.role) || c.assigneeId === null || c.assigneeId === me.id ? c : null;
  };
  useShortcutHandler(QUEUE_ACTIONS.assignToMe, () => {
    void workable().then((c) => {
      if (c && c.assigneeId !== me.id) void queueAssign(db, c, me.id);
    });
  }, selectedId !== null);
  useShortcutHandler(QUEUE_ACTIONS.close, () => {
    void workable().then((c) => {
      if (c && c.status !== 'closed') void queueSetStatus(db, c, 'closed');
    });
  }, selectedId !== null);
  useShortcutHandler(QUEUE_ACTIONS.snooze, () => {
    void workable().then((c) => {
      if (c && c.status !== 'closed' && !isSnoozedNow(c)) openSnooze(c.id);
    });
  }, selectedId !== null);
  useShortcutHandler(QUEUE_ACTIONS.unsnooze, () => {
    void workable().then((c) => {
      if (c && isSnoozedNow(c)) void queueSnooze(db, c, null);
    });
  }, selectedId !== null);
  useShortcutHandler(QUEUE_ACTIONS.help, () => setDialog('help'));
  useShortcutHandler(QUEUE_ACTIONS.palette, () => setDialog((d) => (d === 'palette' ? null : 'palette')));

  return (
    <>
      <button type="button" className="shortcuts-button" aria-label={t('shortcuts.button')} title={`${t('shortcuts.button')} (?)`} onClick={() => setDialog('help')}>
        ⌨
      </button>
      {VIEW_ACTIONS.map((v) => (
        <ViewAction
          key={v.id}
          id={v.id}
          onRun={() => {
            onShowQueue();
            updateQueue({ view: v.view });
          }}
        />
      ))}
      {dialog === 'palette' && <CommandPalette userId={me.id} onClose={() => setDialog(null)} />}
      {dialog === 'help' && <ShortcutsDialog userId={me.id} onClose={() => setDialog(null)} />}
    </>
  );
}
