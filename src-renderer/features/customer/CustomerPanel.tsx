import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { useCallRequest } from '../phone/call-request.js';
import { isLeadRole, scoreOf, type CustomerSuggestionsResult, type FieldChoices } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
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

type Suggestion = CustomerSuggestionsResult['suggestions'][number];

const REASON_TEXT = { email: 'Email', phone: 'Phone', 'order-number': 'Order number', 'similar-name': 'Name' } as const;
const WARNING_TEXT = {
  'names-differ': 'Different names: maybe a shared family or team address',
  'shared-identifier': 'Shared by several customers (a company number or team mailbox)',
} as const;

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
  const { db, me } = useWorkspace();
  const view = useCustomer360(db, conversationId);
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
    else setError(ack.error.message);
  }, [socket, customerId]);

  useEffect(() => {
    setSuggestions(null);
    setReviewing(null);
    setError(null);
    void loadSuggestions();
  }, [loadSuggestions]);

  if (view === undefined) return <aside className="customer-panel" aria-busy="true" aria-label="Customer" />;
  if (view === null) return <aside className="customer-panel" aria-label="Customer"><p className="muted">The customer is not in this computer’s cache yet.</p></aside>;
  const { customer, identities, consents, merges, timeline, pending } = view;
  const consented = hasSocialConsent(consents);
  const score = scoreOf(customer.scoreInputs, consented);
  const erased = Boolean(customer.erasedAt);

  async function act<T>(run: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const ack = await run();
      if (!ack.ok) setError(ack.error.message);
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
    <aside className="customer-panel" aria-label="Customer" data-customer-id={customer.id}>
      <header>
        <h3>{customer.name}</h3>
        {!erased && <ScoreBadge score={score} consented={consented} />}
        {/* Switch to phone: the call belongs to this conversation, whatever panel starts it. */}
        {!erased && <button type="button" onClick={() => useCallRequest.getState().requestCall(conversationId)}>Call customer</button>}
      </header>
      {!socket && <p className="muted offline-note">{OFFLINE_TEXT}</p>}

      <section aria-label="Master data" className="panel-section">
        {editing ? (
          <MasterDataForm db={db} conversationId={conversationId} customer={customer} onDone={() => setEditing(false)} />
        ) : (
          <dl className="master-data">
            <dt>Customer number</dt>
            <dd>{customer.customerNumber ?? '—'}</dd>
            <dt>Segment</dt>
            <dd>{customer.segment ?? '—'}</dd>
            <dt>Owner</dt>
            <dd>{customer.owner ?? '—'}</dd>
            <dt>Language</dt>
            <dd>{customer.language ?? '—'}</dd>
          </dl>
        )}
        {!editing && !erased && (
          <button type="button" className="link" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </section>

      <section aria-label="Identities" className="panel-section">
        <h4>Identities</h4>
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
                {social && (linked ? i.displayName && <span className="muted"> · {i.displayName}</span> : <span className="muted"> · profile data not linked (no consent)</span>)}
              </li>
            );
          })}
        </ul>
      </section>

      {!erased && (
        <section aria-label="Possible matches" className="panel-section">
          <h4>
            Possible matches{' '}
            <button type="button" className="link" disabled={!socket} onClick={() => void loadSuggestions()}>
              Refresh
            </button>
          </h4>
          {socket && suggestions === null && <p className="muted">Looking for matches…</p>}
          {suggestions?.length === 0 && <p className="muted">No likely matches.</p>}
          <ul className="suggestions">
            {suggestions?.map((s) => (
              <li key={s.customerId} data-suggestion={s.customerId}>
                <strong>{s.name}</strong> <span className="muted">{Math.round(s.confidence * 100)} %</span>
                <ul>
                  {s.reasons.map((r) => (
                    <li key={`${r.kind}:${r.value}`}>
                      {REASON_TEXT[r.kind]}: {r.value} ({r.source})
                    </li>
                  ))}
                  {s.warnings.map((w) => (
                    <li key={w} className="warning">
                      ⚠ {WARNING_TEXT[w]}
                    </li>
                  ))}
                </ul>
                <button type="button" onClick={() => setReviewing(s)} disabled={!socket}>
                  Review merge
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
        <section aria-label="Merges" className="panel-section">
          <h4>Merges</h4>
          <ul className="merges">
            {merges.map((m) => (
              <li key={m.id}>
                {m.mergedName} merged in {m.createdAt.slice(0, 10)}
                {m.undoneAt ? (
                  <span className="muted"> · undone {m.undoneAt.slice(0, 10)}</span>
                ) : (
                  <button type="button" disabled={!socket || busy} onClick={() => socket && void act(() => customerRequest(socket, 'customer:unmerge', { mergeId: m.id }))}>
                    Unmerge {m.mergedName}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {!erased && <ConsentSection db={db} conversationId={conversationId} customerId={customer.id} consents={consents} identities={identities} />}

      {!erased && (
        <section aria-label="Rewards" className="panel-section">
          <h4>Reward</h4>
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
            <input aria-label="Reward note" placeholder="Why (shown in the history)" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            <button type="submit">Grant coupon</button>
            {issued && (
              <p role="status">
                Coupon <code>{issued}</code> issued — you can give it to the customer now.
              </p>
            )}
          </form>
        </section>
      )}

      {pending.length > 0 && (
        <section aria-label="Waiting to send" className="panel-section">
          <ul className="pending">
            {pending.map((row) => (
              <li key={row.mutationId} data-state={row.status}>
                {describePending(row)} — {row.status === 'pending' ? 'waiting to send' : `not saved: ${row.lastError ?? 'refused by the hub'}`}
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

      <section aria-label="History" className="panel-section">
        <h4>History</h4>
        <Timeline entries={timeline} names={names} onOpen={onOpen} />
      </section>

      {isLeadRole(me.role) && !erased && <PrivacyActions customer={customer} socket={socket} />}
    </aside>
  );
}
