import { useEffect, useMemo, useState } from 'react';
import { SwitchboardDb, databaseName } from '../db/database.js';
import { ConversationView } from '../features/conversation/ConversationView.js';
import { CustomerPanel } from '../features/customer/CustomerPanel.js';
import { logout } from '../features/login/api.js';
import { useOutboxCounts } from '../features/queue/queries.js';
import { QueuePane, QueueTabs } from '../features/queue/QueuePane.js';
import { useQueuePrefs } from '../features/queue/queue-prefs.js';
import { startLocalSnoozeWaker } from '../features/queue/snooze-commands.js';
import { WorkspaceShortcuts } from '../features/queue/WorkspaceShortcuts.js';
import { ChannelsScreen } from '../features/settings/ChannelsScreen.js';
import { LeadDashboard } from '../features/lead/LeadDashboard.js';
import { PresenceControl } from '../features/lead/PresenceControl.js';
import { MentionsMenu } from '../features/mentions/MentionsMenu.js';
import { DisplayMenu } from '../features/preferences/DisplayMenu.js';
import { useT } from '../i18n/index.js';
import { CallbacksView } from '../features/phone/CallbacksView.js';
import { CallbackReminders } from '../features/phone/reminders.js';
import { TelephonyScreen } from '../features/phone/TelephonyScreen.js';
import { SearchBox } from '../features/search/SearchBox.js';
import { deleteSearchIndex } from '../features/search/search-db.js';
import { SyncEngine } from '../sync/engine.js';
import { workerApplier } from '../sync/apply-worker-client.js';
import { holdSyncLock } from '../sync/sync-lock.js';
import { describeStatus } from '../sync/status.js';
import { useAppStore, type Session } from '../state/store.js';
import { WorkspaceContext, useWorkspace } from './db-context.js';
import { NewMessageAnnouncer } from './NewMessageAnnouncer.js';
import { STARTUP_MAX_WAIT_MS, StartupGate } from './startup-gate.js';

/** The open conversation is recorded as the focus at the latest this long after it was opened. */
const FOCUS_WRITE_TIMEOUT_MS = 300;

/** The signed-in console: owns the cache and the sync engine for this hub and user. */
export function Workspace({ session }: { session: Session }) {
  const db = useMemo(() => new SwitchboardDb(databaseName(session.hubUrl, session.user.id)), [session.hubUrl, session.user.id]);
  const setStatus = useAppStore((s) => s.setStatus);
  const signOut = useAppStore((s) => s.signOut);
  const updateUser = useAppStore((s) => s.updateUser);
  const setBackfill = useAppStore((s) => s.setBackfill);
  const startup = useMemo(() => new StartupGate(), [db]);

  useEffect(() => {
    const lock = holdSyncLock(
      `switchboard-sync:${db.name}`,
      () => {
        // The runner connects once the queue is on screen from the cache (see startup-gate.ts).
        let engine: SyncEngine | null = null;
        const cancel = startup.after(() => {
          engine = new SyncEngine(db, {
            hubUrl: session.hubUrl,
            token: session.token,
            onStatus: (status) => {
              setStatus(status);
              if (status.kind === 'signed-out') signOut({ message: status.reason, ...(status.hubReason ? { hubReason: status.hubReason } : {}) });
            },
            onUser: updateUser,
            onBackfill: (state) => setBackfill(state ? { done: state.done, total: state.total } : null),
            // Cache writes off the main thread, so pages and live batches do not cost frames.
            applier: workerApplier,
          });
          engine.start();
        }, STARTUP_MAX_WAIT_MS);
        return () => {
          cancel();
          engine?.stop();
        };
      },
      () => setStatus({ kind: 'standby' }),
    );
    return () => lock.release();
  }, [db, startup, session.hubUrl, session.token, setStatus, signOut, updateUser, setBackfill]);

  useEffect(() => () => db.close(), [db]);
  // Snoozes end by this console's clock too (offline, the hub's wake cannot arrive).
  useEffect(() => startLocalSnoozeWaker(db), [db]);

  return (
    <WorkspaceContext.Provider value={{ db, me: session.user, startup }}>
      <Shell session={session} />
    </WorkspaceContext.Provider>
  );
}

function Shell({ session }: { session: Session }) {
  const t = useT();
  const { db, me } = useWorkspace();
  const [, updateQueue] = useQueuePrefs(me.id);
  // The Callbacks view replaces the queue list while it is open (switch to phone).
  const [callbacksOpen, setCallbacksOpen] = useState(false);
  // Settings → Channels is admin configuration; other roles never get the entry (the hub refuses them too).
  const [screen, setScreen] = useState<'work' | 'channels' | 'lead' | 'telephony'>('work');
  const isAdmin = me.role === 'admin';
  // The lead dashboard: leads and admins only (the hub answers everyone else `forbidden`).
  const isLead = me.role === 'lead' || me.role === 'admin';
  const status = useAppStore((s) => s.status);
  const backfill = useAppStore((s) => s.backfill);
  const selectedId = useAppStore((s) => s.selectedConversationId);
  const select = useAppStore((s) => s.select);
  const signOut = useAppStore((s) => s.signOut);
  const outbox = useOutboxCounts(db);

  // Tell the sync runner (this window or another) which thread is on screen: if its messages have
  // not arrived yet (a fresh bootstrap), it fetches them first. Written once the main thread is
  // idle, not in the middle of opening the conversation: the write wakes every live query on `meta`
  // and the runner's focus watch, work that would otherwise delay the thread's first paint.
  useEffect(() => {
    if (!selectedId) return;
    const write = () => void db.meta.put({ key: 'focus', value: selectedId });
    if (typeof requestIdleCallback !== 'function') return write();
    const idle = requestIdleCallback(write, { timeout: FOCUS_WRITE_TIMEOUT_MS });
    return () => cancelIdleCallback(idle);
  }, [db, selectedId]);

  async function onSignOut() {
    const unsent = (outbox?.pending ?? 0) + (outbox?.failed ?? 0) + (outbox?.attention ?? 0);
    if (unsent > 0 && !window.confirm(t('shell.signOutConfirm', { count: unsent }))) {
      return;
    }
    await logout(session.hubUrl, session.token);
    // Signing out removes this user's cached customer data from the machine.
    db.close();
    await db.delete().catch(() => undefined);
    await deleteSearchIndex(db.name);
    signOut();
  }

  return (
    <div className="workspace">
      <header className="topbar">
        <strong className="brand">Switchboard</strong>
        <span className={`status status-${status.kind}`} role="status" aria-live="polite" data-status={status.kind}>
          {describeStatus(status)}
        </span>
        {backfill && (
          <span className="backfill" data-testid="backfill">
            <label>
              {t('shell.loadingHistory')} <progress max={Math.max(backfill.total, 1)} value={backfill.done} /> {backfill.done}/{backfill.total}
            </label>
          </span>
        )}
        {outbox && outbox.pending > 0 && <span className="badge" data-testid="outbox-pending">{t('shell.waitingToSend', { count: outbox.pending })}</span>}
        {outbox && outbox.failed > 0 && <span className="badge failed">{t('shell.failed', { count: outbox.failed })}</span>}
        {outbox && outbox.attention > 0 && (
          <button type="button" className="badge attention" data-testid="needs-attention" onClick={() => { setCallbacksOpen(false); updateQueue({ view: 'attention' }); }}>
            {t('shell.needAttention', { count: outbox.attention })}
          </button>
        )}
        <SearchBox cacheName={db.name} onOpen={(id) => { setScreen('work'); select(id); }} />
        <span className="spacer" />
        <MentionsMenu onOpen={(id) => { setScreen('work'); select(id); }} />
        <PresenceControl hubUrl={session.hubUrl} token={session.token} onOpen={(id) => { setScreen('work'); select(id); }} />
        {isLead && (
          <button type="button" aria-pressed={screen === 'lead'} onClick={() => setScreen(screen === 'lead' ? 'work' : 'lead')}>
            {t('shell.teamDashboard')}
          </button>
        )}
        {isAdmin && (
          <button type="button" aria-pressed={screen === 'channels'} onClick={() => setScreen(screen === 'channels' ? 'work' : 'channels')}>
            {t('shell.settingsChannels')}
          </button>
        )}
        {isAdmin && (
          <button type="button" aria-pressed={screen === 'telephony'} onClick={() => setScreen(screen === 'telephony' ? 'work' : 'telephony')}>
            {t('shell.settingsTelephony')}
          </button>
        )}
        <WorkspaceShortcuts onShowQueue={() => { setScreen('work'); setCallbacksOpen(false); }} />
        <span className="me">
          {me.name} <span className="muted">({t(`roles.${me.role}`)})</span>
        </span>
        <DisplayMenu />
        <button type="button" onClick={() => void onSignOut()}>{t('shell.signOut')}</button>
      </header>
      {isLead && screen === 'lead' ? (
        <main className="settings-pane">
          <LeadDashboard hubUrl={session.hubUrl} token={session.token} onClose={() => setScreen('work')} />
        </main>
      ) : isAdmin && screen === 'telephony' ? (
        <main className="settings-pane">
          <TelephonyScreen hubUrl={session.hubUrl} token={session.token} onClose={() => setScreen('work')} />
        </main>
      ) : isAdmin && screen === 'channels' ? (
        <main className="settings-pane">
          <ChannelsScreen hubUrl={session.hubUrl} token={session.token} onClose={() => setScreen('work')} />
        </main>
      ) : (
        <>
          <nav className="queue-pane" aria-label={t('shell.queue')}>
            <QueueTabs callbacksOpen={callbacksOpen} onCallbacks={setCallbacksOpen} />
            <CallbackReminders onOpen={select} />
            {callbacksOpen ? <CallbacksView onOpen={select} /> : <QueuePane selectedId={selectedId} onSelect={select} />}
          </nav>
          <main className="detail-pane">
            <NewMessageAnnouncer conversationId={selectedId} />
            {selectedId ? (
              <div className="detail-split">
                <ConversationView key={selectedId} conversationId={selectedId} />
                <CustomerPanel conversationId={selectedId} hubUrl={session.hubUrl} token={session.token} onOpen={select} />
              </div>
            ) : (
              <p className="empty">{t('shell.selectConversation')}</p>
            )}
          </main>
        </>
      )}
    </div>
  );
}
