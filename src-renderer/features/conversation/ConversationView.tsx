import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEPARTMENTS, isLeadRole, type DepartmentId } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedCallback } from '../../db/database.js';
import { channelLabel, DEPARTMENT_LABELS } from '../../lib/channels.js';
import { queueAssign, queueSetStatus, queueTransfer } from './commands.js';
import { SnoozeControl } from '../queue/SnoozeControl.js';
import { Composer } from './Composer.js';
import { ConversationTags } from './ConversationTags.js';
import { CollisionBar } from '../collision/CollisionBar.js';
import { useConversationDetail, useConversationEvents, useUserNames } from './queries.js';
import { CallPanel } from '../phone/CallPanel.js';
import { useConversationCallbacks, useCustomerIdentities, useCustomerMessages } from '../phone/queries.js';
import { threadItems } from './thread-items.js';
import { Thread } from './Thread.js';
import { useCallRequest } from '../phone/call-request.js';
import { useT } from '../../i18n/index.js';
import { useAppStore } from '../../state/store.js';

export function ConversationView({ conversationId }: { conversationId: string }) {
  const { db, me } = useWorkspace();
  const t = useT();
  // The newest messages first, the whole history right after the first paint (long threads open fast).
  const [firstScreen, setFirstScreen] = useState(true);
  const detail = useConversationDetail(db, conversationId, firstScreen);
  useEffect(() => {
    if (!firstScreen || detail === undefined) return;
    if (detail === null || detail.complete) return setFirstScreen(false);
    const frame = requestAnimationFrame(() => setTimeout(() => setFirstScreen(false), 0));
    return () => cancelAnimationFrame(frame);
  }, [firstScreen, detail]);
  // Tell the customer panel the thread is on screen (a task after the frame that shows it).
  const loaded = detail !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const frame = requestAnimationFrame(() => setTimeout(() => useAppStore.getState().threadShown(conversationId), 0));
    return () => cancelAnimationFrame(frame);
  }, [loaded, conversationId]);
  const names = useUserNames(db);
  const callbacks = useConversationCallbacks(db, conversationId);
  const events = useConversationEvents(db, conversationId);
  const thread = detail?.messages;
  const items = useMemo(() => (thread ? threadItems(thread, callbacks ?? [], events ?? []) : []), [thread, callbacks, events]);
  // When each message was written, for "Answers the mail of …" in the email composer.
  const messageTimes = useMemo(() => new Map((thread ?? []).map((m) => [m.id, m.createdAt])), [thread]);
  const onCallback = useCallback((callback: CachedCallback) => setCalling({ callback }), []);
  const identities = useCustomerIdentities(db, detail?.conversation.customerId ?? null);
  // The call panel, open for a new call or for one of this thread's callbacks.
  const [calling, setCalling] = useState<{ callback: CachedCallback | null } | null>(null);
  // "Call customer" from the customer panel opens this thread's call panel.
  const callRequest = useCallRequest((st) => (st.request?.conversationId === conversationId ? st.request.n : 0));
  // Only requests made while this view is shown count, not one left over from an earlier visit.
  const seenRequest = useRef(callRequest);
  useEffect(() => {
    if (callRequest <= seenRequest.current) return;
    seenRequest.current = callRequest;
    setCalling((c) => c ?? { callback: null });
  }, [callRequest]);
  const customerMessages = useCustomerMessages(db, calling ? (detail?.conversation.customerId ?? null) : null);

  if (detail === undefined) return <section className="conversation" aria-busy="true" />;
  if (detail === null) return <section className="conversation empty">{t('conversationHeader.unavailable')}</section>;
  const { conversation, customer, identity, messages } = detail;
  const assignee = conversation.assigneeId ? (names?.get(conversation.assigneeId) ?? t('conversationHeader.colleague')) : null;
  // The customer's last stored message opens the reply window (WhatsApp); an empty thread has not arrived yet.
  // Unknown (undefined) while only the newest messages are read and none of them is the customer's.
  const lastStoredInbound = messages.findLast((m) => m.direction === 'inbound' && m.localState === undefined)?.createdAt;
  const lastInboundAt = messages.length === 0 ? undefined : (lastStoredInbound ?? (detail.complete ? null : undefined));
  const mayWork = isLeadRole(me.role) || conversation.assigneeId === null || conversation.assigneeId === me.id;

  return (
    <section className="conversation" aria-label={t('conversationHeader.label', { name: customer?.name ?? t('conversationHeader.customerFallback') })}>
      <header className="conversation-header">
        <div>
          <h2>{customer?.name ?? t('conversationHeader.unknownCustomer')}</h2>
          <p className="muted">
            {channelLabel(conversation.channel, conversation.kind)} · {identity?.handle ?? ''}
            {conversation.subject ? ` · ${conversation.subject}` : ''}
          </p>
          <ConversationTags db={db} conversation={conversation} />
          <CollisionBar conversationId={conversationId} />
        </div>
        <div className="conversation-actions">
          <button type="button" className="call-action" onClick={() => setCalling({ callback: null })}>{t('conversationHeader.call')}</button>
          <span className="assignee">{assignee ? (conversation.assigneeId === me.id ? t('conversationHeader.assignedToYou') : t('conversationHeader.assignedTo', { name: assignee })) : t('conversationHeader.unassigned')}</span>
          {conversation.assigneeId !== me.id && mayWork && (
            <button type="button" onClick={() => void queueAssign(db, conversation, me.id)}>{t('conversationHeader.assignToMe')}</button>
          )}
          <label className="transfer">
            <span className="visually-hidden">{t('conversationHeader.department')}</span>
            <select
              aria-label={t('conversationHeader.department')}
              value={conversation.departmentId}
              disabled={!mayWork}
              onChange={(e) => void queueTransfer(db, conversation, e.target.value as DepartmentId)}
            >
              {DEPARTMENTS.map((d) => (
                <option key={d} value={d}>
                  {DEPARTMENT_LABELS[d]}
                </option>
              ))}
            </select>
          </label>
          <SnoozeControl conversation={conversation} disabled={!mayWork} />
          {conversation.status !== 'closed' ? (
            <button type="button" disabled={!mayWork} onClick={() => void queueSetStatus(db, conversation, 'closed')}>{t('conversationHeader.close')}</button>
          ) : (
            <button type="button" onClick={() => void queueSetStatus(db, conversation, 'open')}>{t('conversationHeader.reopen')}</button>
          )}
        </div>
      </header>
      {calling && (
        <CallPanel
          key={calling.callback?.id ?? 'new'}
          conversation={conversation}
          customer={customer}
          identities={identities ?? []}
          messages={messages}
          customerMessages={customerMessages ?? []}
          callback={calling.callback}
          onClose={() => setCalling(null)}
        />
      )}
      {/* The view is keyed by conversation (Workspace), so scroll position and measured sizes belong to one thread. */}
      <Thread items={items} names={names} onCallback={onCallback} />
      {/* Keyed by conversation: a draft never follows the agent into another conversation. */}
      <Composer
        key={conversationId}
        db={db}
        me={me}
        conversationId={conversationId}
        mayWork={mayWork}
        channel={conversation.channel}
        kind={conversation.kind}
        subject={conversation.subject}
        customerAddress={identity?.handle ?? ''}
        messageTimes={messageTimes}
        lastInboundAt={lastInboundAt}
      />
    </section>
  );
}
