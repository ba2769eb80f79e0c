import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../../app/db-context.js';
import { desktop } from '../../lib/desktop.js';
import { useAppStore } from '../../state/store.js';
import { markMentionRead, useMentions, useUnreadMentionCount } from './queries.js';
import { t as translate, useT } from '../../i18n/index.js';

/** Mentions older than this when the console first sees them are history, not news: no native pop-up. */
const NOTIFY_WINDOW_MS = 10 * 60_000;

/**
 * Native notifications for new mentions of the signed-in user, through the desktop bridge when
 * present (in a browser the badge is the notification). Each mention pops up once per session.
 */
function useMentionNotifications(): void {
  const { db, me } = useWorkspace();
  const notified = useRef(new Set<string>());
  const unread = useLiveQuery(() => db.mentions.where('[userId+read]').equals([me.id, 0]).toArray(), [db, me.id]);
  useEffect(() => {
    const bridge = desktop();
    if (!bridge || !unread) return;
    const fresh = unread.filter((m) => !notified.current.has(m.id) && Date.now() - Date.parse(m.createdAt) < NOTIFY_WINDOW_MS);
    for (const m of unread) notified.current.add(m.id);
    if (fresh.length === 0) return;
    void (async () => {
      for (const m of fresh) {
        const [author, note] = await Promise.all([db.users.get(m.authorId ?? ''), db.messages.get(m.messageId)]);
        await bridge.notifications.show({
          title: translate('mentions.notificationTitle', { name: author?.name ?? translate('mentions.aColleague') }),
          // Plain text: native notifications render no markup.
          body: (note?.body ?? '').slice(0, 200),
          conversationId: m.conversationId,
        });
      }
    })();
  }, [db, unread]);
}

/** The top bar's mention badge and list: opening a mention opens its conversation and marks it read. */
export function MentionsMenu({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const t = useT();
  const { db, me } = useWorkspace();
  const [open, setOpen] = useState(false);
  // A click on a native notification (a mention, a callback reminder) opens its conversation.
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  useEffect(() => {
    const bridge = desktop();
    if (!bridge) return;
    const stop = new AbortController();
    bridge.notifications.onClick((conversationId) => openRef.current(conversationId), stop.signal);
    return () => stop.abort();
  }, []);
  const unread = useUnreadMentionCount(db, me.id) ?? 0;
  const items = useMentions(db, me.id, open);
  useMentionNotifications();
  // Opening the conversation (from the list, the queue or a notification) reads its mentions.
  const selectedId = useAppStore((s) => s.selectedConversationId);
  useEffect(() => {
    if (!selectedId) return;
    void db.mentions.where('conversationId').equals(selectedId).filter((m) => m.userId === me.id && m.read === 0).modify({ read: 1 });
  }, [db, me.id, selectedId, unread]);

  return (
    <div className="mentions-menu">
      <button
        type="button"
        className={unread > 0 ? 'badge attention' : 'badge'}
        aria-expanded={open}
        aria-controls="mentions-list"
        data-testid="mentions-badge"
        onClick={() => setOpen((o) => !o)}
      >
        {unread > 0 ? t('mentions.buttonUnread', { count: unread }) : t('mentions.button')}
      </button>
      {open && (
        <div id="mentions-list" className="mentions-list" role="region" aria-label={t('mentions.button')}>
          {items && items.length === 0 && <p className="muted">{t('mentions.empty')}</p>}
          <ul>
            {items?.map(({ mention, body, authorName, customerName }) => (
              <li key={mention.id} className={mention.read ? 'read' : 'unread'}>
                <button
                  type="button"
                  onClick={() => {
                    void markMentionRead(db, mention.id);
                    setOpen(false);
                    onOpen(mention.conversationId);
                  }}
                >
                  <strong>{authorName ?? t('mentions.aColleague')}</strong>{t('mentions.itemOn', { customer: customerName ?? t('mentions.aConversation') })}
                  {mention.read ? '' : ` ${t('mentions.new')}`}
                  <span className="mention-body">{body}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
