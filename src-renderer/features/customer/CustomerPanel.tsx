import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { useCallRequest } from '../phone/call-request.js';
import { isLeadRole, scoreOf, type CustomerSuggestionsResult, type FieldChoices } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { useAppStore } from '../../state/store.js';
import { desktop } from '../../lib/desktop.js';
import { useUserNames } from '../conversation/queries.js';
import { describePending, queueReward } from './commands.js';
import { ConsentSection } from './ConsentSection.js';
import { customerRequest, OFFLINE_TEXT, useHubLink } from './hub-link.js';
import { MasterDataForm } from './MasterDataForm.js';
import { MergeDialog } from './MergeDialog.js';
import { PrivacyActions } from './PrivacyActions.js';
import { profileUrl, SOCIAL_CHANNELS } from './profile-links.js';
import { hasSocialConsent, useCustomer360 } from './queries.js';
import { ScoreBadge } from './ScoreBadge.js';
import { Timeline } from './Timeline.js';
import './customer-panel.css';
import { hubErrorText, reasonText } from '../../i18n/hub-error-text.js';
import { t as translate, useT } from '../../i18n/index.js';
import { formatDate, formatPercent } from '../../i18n/format.js';

type Suggestion = CustomerSuggestionsResult['suggestions'][number];

const REASON_KEY = { email: 'customer.reason.email', phone: 'customer.reason.phone', 'order-number': 'customer.reason.orderNumber', 'similar-name': 'customer.reason.name' } as const;
const WARNING_KEY = { 'names-differ': 'customer.warning.namesDiffer', 'shared-identifier': 'customer.warning.sharedIdentifier' } as const;

/** In the desktop app, links leave only through the allowlisted openExternal; in a browser the anchor opens a new tab. */
function openProfile(e: MouseEvent<HTMLAnchorElement>, url: string) {
  const bridge = desktop();
  if (!bridge) return;
  e.preventDefault();
  void bridge.shell.openExternal(url);
}

/**
 * The customer beside the conversation: master data, identities with profile links, consent,
 * score, rewards, the cross-channel history, and suggestion → merge → unmerge. Everything shown
 * comes from the cache (works offline); actions need the hub and say so when it is out of reach.
 */
export function CustomerPanel({ conversationId, hubUrl, token, onOpen }: { conversationId: string; hubUrl: string; token: string; onOpen: (id: string) => void }) {
  const t = useT();
  const { db, me } = useWorkspace();
  // After the thread: the conversation is what the agent opened it for (see useCustomer360).
  const threadShown = useAppStore((s) => s.threadShownId === conversationId);
  const view = useCustomer360(db, conversationId, threadShown);
  const names = useUserNames(db);
  const link = useHubLink(hubUrl, token);
  const socket = link.kind === 'online' ? link.socket : null;
  const customerId = view?.customer.id;
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [reviewing, setReviewing] = useState<Suggestion | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [issued, setIssued] = useState<string | null>(null);

  const loadSuggestions = useCallback(async () => {
    if (!socket || !customerId) return;
    const ack = await customerRequest(socket, 'customer:suggestions', { customerId });
    if (ack.ok) setSuggestions(ack.data.suggestions);
    else setError(hubErrorText(ack.error));
  }, [socket, customerId]);

  useEffect(() => {
    setSuggestions(null);
    setReviewing(null);
    setError(null);
    void loadSuggestions();
  }, [loadSuggestions]);

  if (view === undefined) return <aside className="customer-panel" aria-busy="true" aria-label={t('customer.label')} />;
  if (view === null) return <aside className="customer-panel" aria-label={t('customer.label')}><p className="muted">{t('customer.notCached')}</p></aside>;
  const { customer, identities, consents, merges, timeline, pending } = view;
  const consented = hasSocialConsent(consents);
  const score = scoreOf(customer.scoreInputs, consented);
  const erased = Boolean(customer.erasedAt);

  async function act<T>(run: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const ack = await run();
      if (!ack.ok) setError(hubErrorText(ack.error));
      return ack.ok;
    } finally {
      setBusy(false);
    }
  }

  const merge = async (survivorId: string, mergedId: string, choices: FieldChoices) => {
    if (socket && (await act(() => customerRequest(socket, 'customer:merge', { survivorId, mergedId, choices })))) {
      setReviewing(null);
      setSuggestions(null);
      void loadSuggestions();
    }
  };

  return (
    <aside className="customer-panel" aria-label={t('customer.label')} data-customer-id={customer.id}>
      <header>
        <h3>{customer.name}</h3>
        {!erased && <ScoreBadge score={score} consented={consented} />}
        {/* Switch to phone: the call belongs to this conversation, whatever panel starts it. */}
        {!erased && <button type="button" onClick={() => useCallRequest.getState().requestCall(conversationId)}>{t('customer.call')}</button>}
      </header>
      {!socket && <p className="muted offline-note">{translate(OFFLINE_TEXT)}</p>}

      <section aria-label={t('customer.masterData')} className="panel-section">
        {editing ? (
          <MasterDataForm db={db} conversationId={conversationId} customer={customer} onDone={() => setEditing(false)} />
        ) : (
          <dl className="master-data">
            <dt>{t('customer.field.customerNumber')}</dt>
            <dd>{customer.customerNumber ?? '—'}</dd>
            <dt>{t('customer.field.segment')}</dt>
            <dd>{customer.segment ?? '—'}</dd>
            <dt>{t('customer.field.owner')}</dt>
            <dd>{customer.owner ?? '—'}</dd>
            <dt>{t('customer.field.language')}</dt>
            <dd>{customer.language ?? '—'}</dd>
          </dl>
        )}
        {!editing && !erased && (
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </button>
        )}
      </section>

      <section aria-label={t('customer.identities')} className="panel-section">
        <h4>{t('customer.identities')}</h4>
        <ul className="identities">
          {identities.map((i) => {
            const url = profileUrl(i);
            const social = SOCIAL_CHANNELS.has(i.channel);
            const linked = !social || hasSocialConsent(consents, i.id);
            return (
              <li key={i.id} data-channel={i.channel}>
                <span className="channel">{i.channel}</span>{' '}
                {url ? (
                  <a href={url} target="_blank" rel="noopener noreferrer" onClick={(e) => openProfile(e, url)}>
                    {i.handle}
                  </a>
                ) : (
                  i.handle
                )}
                {social && (linked ? i.displayName && <span className="muted"> · {i.displayName}</span> : <span className="muted"> · {t('customer.notLinked')}</span>)}
              </li>
            );
          })}
        </ul>
      </section>

      {!erased && (
        <section aria-label={t('customer.matches')} className="panel-section">
          <h4>
            {t('customer.matches')}{' '}
            <button type="button" className="link" disabled={!socket} onClick={() => void loadSuggestions()}>
              {t('customer.refresh')}
            </button>
          </h4>
          {socket && suggestions === null && <p className="muted">{t('customer.lookingForMatches')}</p>}
          {suggestions?.length === 0 && <p className="muted">{t('customer.noMatches')}</p>}
          <ul className="suggestions">
            {suggestions?.map((s) => (
              <li key={s.customerId} data-suggestion={s.customerId}>
                <strong>{s.name}</strong> <span className="muted">{formatPercent(s.confidence)}</span>
                <ul>
                  {s.reasons.map((r) => (
                    <li key={`${r.kind}:${r.value}`}>
                      {t(REASON_KEY[r.kind])}: {r.value} ({r.source})
                    </li>
                  ))}
                  {s.warnings.map((w) => (
                    <li key={w} className="warning">
                      ⚠ {t(WARNING_KEY[w])}
                    </li>
                  ))}
                </ul>
                <button type="button" onClick={() => setReviewing(s)} disabled={!socket}>
                  {t('customer.reviewMerge')}
                </button>
              </li>
            ))}
          </ul>
          {reviewing && (
            <MergeDialog key={reviewing.customerId} current={customer} candidate={reviewing.customer} busy={busy} error={error} onMerge={(a, b, c) => void merge(a, b, c)} onCancel={() => setReviewing(null)} />
          )}
        </section>
      )}

      {merges.length > 0 && (
        <section aria-label={t('customer.merges')} className="panel-section">
          <h4>{t('customer.merges')}</h4>
          <ul className="merges">
            {merges.map((m) => (
              <li key={m.id}>
                {t('customer.mergedIn', { name: m.mergedName, date: formatDate(m.createdAt) })}
                {m.undoneAt ? (
                  <span className="muted"> · {t('customer.undone', { date: formatDate(m.undoneAt) })}</span>
                ) : (
                  <button type="button" disabled={!socket || busy} onClick={() => socket && void act(() => customerRequest(socket, 'customer:unmerge', { mergeId: m.id }))}>
                    {t('customer.unmerge', { name: m.mergedName })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {!erased && <ConsentSection db={db} conversationId={conversationId} customerId={customer.id} consents={consents} identities={identities} />}

      {!erased && (
        <section aria-label={t('customer.rewards')} className="panel-section">
          <h4>{t('customer.reward')}</h4>
          <form
            className="reward-form"
            onSubmit={(e) => {
              e.preventDefault();
              void queueReward(db, { conversationId, customerId: customer.id, note }).then((code) => {
                setNote('');
                setIssued(code);
              });
            }}
          >
            <input aria-label={t('customer.rewardNote')} placeholder={t('customer.rewardNotePlaceholder')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            <button type="submit">{t('customer.grantCoupon')}</button>
            {issued && (
              <p role="status">
                {t('customer.couponIssuedBefore')} <code>{issued}</code> {t('customer.couponIssuedAfter')}
              </p>
            )}
          </form>
        </section>
      )}

      {pending.length > 0 && (
        <section aria-label={t('customer.waitingToSend')} className="panel-section">
          <ul className="pending">
            {pending.map((row) => (
              <li key={row.mutationId} data-state={row.status}>
                {describePending(row)} — {row.status === 'pending' ? t('customer.pendingWaiting') : t('customer.pendingNotSaved', { reason: reasonText(row.lastErrorReason, row.lastError ?? t('customer.refusedByHub')) })}
              </li>
            ))}
          </ul>
        </section>
      )}

      {error && !reviewing && (
        <p role="alert" className="error">
          {error}
        </p>
      )}

      <section aria-label={t('customer.history')} className="panel-section">
        <h4>{t('customer.history')}</h4>
        <Timeline entries={timeline} names={names} onOpen={onOpen} />
      </section>

      {isLeadRole(me.role) && !erased && <PrivacyActions customer={customer} socket={socket} />}
    </aside>
  );
}
