import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/index.js';
import { useWorkspace } from './db-context.js';

/**
 * Tells screen readers about a new customer message in the open conversation (a polite live
 * region, visually hidden). The message seen when the conversation opens is not announced, nor
 * its history arriving after it opened: only new messages while it is open.
 *
 * Reads just the newest row of one conversation through the [conversationId+createdAt] index, so
 * it costs nothing at queue scale. The customer's name is rendered as React text, never as HTML.
 */
export function NewMessageAnnouncer({ conversationId }: { conversationId: string | null }) {
  const t = useT();
  const { db } = useWorkspace();
  const latest = useLiveQuery(async () => {
    if (!conversationId) return { conversationId, id: null, inbound: false, name: null };
    const message = await db.messages
      .where('[conversationId+createdAt]')
      .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
      .last();
    if (!message) return { conversationId, id: null, inbound: false, name: null };
    const conversation = await db.conversations.get(conversationId);
    const customer = conversation ? await db.customers.get(conversation.customerId) : undefined;
    return { conversationId, id: message.id, inbound: message.direction === 'inbound', name: customer?.name ?? null };
  }, [db, conversationId]);
  const seen = useRef<{ conversationId: string | null; messageId: string | null } | null>(null);
  const [text, setText] = useState('');

  useEffect(() => {
    // Still loading, or the previous conversation's answer while the new query runs.
    if (latest === undefined || latest.conversationId !== conversationId) return;
    const messageId = latest.id;
    const previous = seen.current;
    seen.current = { conversationId, messageId };
    if (!previous || previous.conversationId !== conversationId) {
      setText('');
      return;
    }
    // previous.messageId null: the thread was not in the cache yet and its history just arrived.
    if (latest.inbound && previous.messageId !== null && messageId !== previous.messageId) {
      setText(latest.name ? t('announce.newMessageFrom', { name: latest.name }) : t('announce.newMessage'));
    }
  }, [latest, conversationId, t]);

  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-atomic="true" data-testid="new-message-announcer">
      {text}
    </div>
  );
}
