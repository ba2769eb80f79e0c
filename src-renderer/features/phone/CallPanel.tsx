/**
 * The Call action of a conversation: pick the number, dial (softphone, click-to-dial API, or a
 * `tel:` link in the browser), time the call, log it in this thread, schedule a callback, and send
 * the customer a summary on the original channel.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  CALL_OUTCOMES,
  formatDuration,
  normalizePhoneNumber,
  replyWindow,
  telUri,
  type CallOutcome,
  type Conversation,
  type Customer,
  type Identity,
  type PhoneNumber,
} from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import type { CachedCallback, CachedMessage } from '../../db/database.js';
import { desktop } from '../../lib/desktop.js';
import { useAppStore } from '../../state/store.js';
import { queueReply } from '../conversation/commands.js';
import { adminRequest, useAdminLink } from '../settings/admin-link.js';
import { queueLogCall } from './commands.js';
import { numberCandidates, type NumberCandidate } from './numbers.js';
import { ScheduleCallbackForm } from './ScheduleCallbackForm.js';
import { useTelephonySettings } from './settings-cache.js';
import { hubErrorText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';
import { CHANNEL_LABELS } from '../../lib/channels.js';

interface CallPanelProps {
  conversation: Conversation;
  customer: Customer | null;
  identities: Identity[];
  messages: CachedMessage[];
  /** The customer's messages in all cached conversations (numbers may be in any of them). */
  customerMessages: CachedMessage[];
  /** The open callback this call answers, when started from one. */
  callback: CachedCallback | null;
  onClose: () => void;
}

type Chosen = { number: PhoneNumber; source: 'profile' | 'message' | 'manual' };

export function CallPanel({ conversation, customer, identities, messages, customerMessages, callback, onClose }: CallPanelProps) {
  const t = useT();
  const { db, me } = useWorkspace();
  const settings = useTelephonySettings(db);
  const candidates = useMemo(() => numberCandidates(customer, identities, customerMessages.length > 0 ? customerMessages : messages), [customer, identities, customerMessages, messages]);
  const fromCallback = callback ? normalizePhoneNumber(callback.ext ? `${callback.number} ext. ${callback.ext}` : callback.number) : null;
  const firstProfile = candidates.find((c) => c.source === 'profile');
  const [chosen, setChosen] = useState<Chosen | null>(
    fromCallback ? { number: fromCallback, source: 'profile' } : firstProfile ? { number: firstProfile.number, source: 'profile' } : null,
  );
  const [manual, setManual] = useState('');
  const [manualError, setManualError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [endedAt, setEndedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [dialError, setDialError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<CallOutcome>('reached');
  const [duration, setDuration] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [loggedId, setLoggedId] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [summarySent, setSummarySent] = useState(false);

  useEffect(() => {
    if (startedAt === null || endedAt !== null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt, endedAt]);

  const elapsed = startedAt === null ? 0 : Math.max(0, Math.round(((endedAt ?? now) - startedAt) / 1000));
  const durationText = duration ?? formatDuration(elapsed);

  function useManual() {
    const number = normalizePhoneNumber(manual, customer?.country);
    if (!number) {
      setManualError(
        customer?.country
          ? t('callPanel.invalidNumberCountry', { country: customer.country })
          : t('callPanel.invalidNumber'),
      );
      return;
    }
    setManualError(null);
    setChosen({ number, source: 'manual' });
  }

  async function dialDesktop(number: PhoneNumber) {
    setDialError(null);
    setStartedAt(Date.now());
    setEndedAt(null);
    const bridge = desktop();
    if (!bridge) return;
    const result = await bridge.shell.openExternal(telUri(number));
    if (!result.ok) setDialError(t('callPanel.softphoneFailed', { reason: result.reason, number: number.display }));
  }

  async function saveLog() {
    if (!chosen) return;
    const seconds = parseDuration(durationText);
    if (seconds === null) {
      setDialError(t('phone.durationError'));
      return;
    }
    const id = await queueLogCall(db, conversation, me, {
      number: chosen.number.e164,
      ext: chosen.number.ext,
      numberSource: chosen.source,
      reason,
      outcome,
      durationSeconds: seconds,
      startedAt: new Date(startedAt ?? Date.now()).toISOString(),
      notes,
      callbackId: callback?.status === 'open' ? callback.id : null,
    });
    setLoggedId(id);
    setSummary(`Thank you for talking to us on the phone just now.${notes.trim() ? ` As agreed: ${notes.trim()}` : ''}\n\n${me.name.split(' ')[0]}`);
  }

  // The softphone: through the desktop bridge's allowlisted openExternal, or in a browser a `tel:`
  // link the OS hands to its handler; the timer starts on the click either way.
  const softphone = !chosen ? null : desktop() ? (
    <button type="button" onClick={() => void dialDesktop(chosen.number)}>{t('callPanel.dial')}</button>
  ) : (
    <a className="button" href={telUri(chosen.number)} onClick={() => { setDialError(null); setStartedAt(Date.now()); setEndedAt(null); }}>
      {t('callPanel.dial')}
    </a>
  );

  const lastInbound = messages.findLast((m) => m.direction === 'inbound' && m.localState === undefined)?.createdAt ?? null;
  const replyState = replyWindow(conversation.channel, lastInbound, new Date());
  const summaryBlocked = replyState.state === 'closed' ? t('callPanel.summaryBlocked') : null;

  return (
    <section className="call-panel" aria-label={t('callPanel.label')}>
      <header>
        <h3>{t('callPanel.title', { name: customer?.name ?? t('callPanel.theCustomer') })}</h3>
        <button type="button" onClick={onClose}>{t('common.close')}</button>
      </header>
      <fieldset>
        <legend>{t('callPanel.number')}</legend>
        {candidates.length === 0 && !fromCallback && <p className="muted">{t('callPanel.noNumber')}</p>}
        <ul className="number-candidates">
          {candidates.map((c) => (
            <CandidateRow key={`${c.number.e164};${c.number.ext ?? ''}`} candidate={c} chosen={chosen} onChoose={(n) => setChosen({ number: n.number, source: n.source })} />
          ))}
        </ul>
        <label>
          {t('callPanel.otherNumber')}{' '}
          <input aria-label={t('callPanel.otherNumber')} value={manual} onChange={(e) => setManual(e.target.value)} placeholder="+49 30 1234567" />
        </label>{' '}
        <button type="button" onClick={useManual} disabled={!manual.trim()}>{t('callPanel.useNumber')}</button>
        {manualError && <p className="error" role="alert">{manualError}</p>}
      </fieldset>
      <label className="block">
        {t('callPanel.why')}{' '}
        <input aria-label={t('callPanel.reasonLabel')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t('callPanel.reasonPlaceholder')} />
      </label>
      {chosen && (
        <div className="dial" data-testid="dial">
          <span>
            {t('callPanel.calling')} <strong data-testid="chosen-number">{chosen.number.display}</strong>
          </span>{' '}
          {settings.clickToDial ? (
            <ClickToDialButton
              conversationId={conversation.id}
              number={chosen.number}
              onStart={() => { setDialError(null); setStartedAt(Date.now()); setEndedAt(null); }}
              onError={setDialError}
              softphone={softphone}
            />
          ) : (
            softphone
          )}{' '}
          {startedAt !== null && endedAt === null && (
            <button type="button" onClick={() => setEndedAt(Date.now())}>{t('callPanel.endCall')}</button>
          )}
          {startedAt !== null && <span className="timer" data-testid="call-timer">{formatDuration(elapsed)}</span>}
          {dialError && <p className="error" role="alert">{dialError}</p>}
        </div>
      )}
      {chosen && loggedId === null && (
        <fieldset className="call-log-form">
          <legend>{t('callPanel.logCall')}</legend>
          <label>
            {t('callPanel.outcome')}{' '}
            <select aria-label={t('callPanel.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as CallOutcome)}>
              {CALL_OUTCOMES.map((o) => (
                <option key={o} value={o}>{t(`phone.outcome.${o}`)}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('callPanel.duration')}{' '}
            <input aria-label={t('callPanel.duration')} value={durationText} onChange={(e) => setDuration(e.target.value)} size={8} />
          </label>
          <label className="block">
            {t('callPanel.notes')}
            <textarea aria-label={t('callPanel.callNotes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} maxLength={5000} />
          </label>
          <button type="button" onClick={() => void saveLog()}>{t('callPanel.saveLog')}</button>
        </fieldset>
      )}
      {loggedId !== null && (
        <fieldset className="call-summary">
          <legend>{t('callPanel.summaryLegend', { channel: CHANNEL_LABELS[conversation.channel] })}</legend>
          <textarea aria-label={t('callPanel.summary')} value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} disabled={summarySent} />
          {summaryBlocked && <p className="muted">{summaryBlocked}</p>}
          <button
            type="button"
            disabled={summarySent || !summary.trim() || summaryBlocked !== null}
            onClick={() => void queueReply(db, { conversationId: conversation.id, body: summary, direction: 'outbound', author: me }).then(() => setSummarySent(true))}
          >
            {summarySent ? t('callPanel.summarySent') : t('callPanel.sendSummary')}
          </button>
        </fieldset>
      )}
      {chosen && <ScheduleCallbackForm conversation={conversation} customer={customer} number={chosen.number} settings={settings} me={me} />}
    </section>
  );
}

function CandidateRow({ candidate, chosen, onChoose }: { candidate: NumberCandidate; chosen: Chosen | null; onChoose: (c: { number: PhoneNumber; source: 'profile' | 'message' }) => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const active = chosen?.number.e164 === candidate.number.e164 && chosen.number.ext === candidate.number.ext;
  if (candidate.source === 'profile') {
    return (
      <li>
        <label>
          <input type="radio" name="number" checked={active} onChange={() => onChoose(candidate)} /> {candidate.number.display} <span className="muted">({t('callPanel.fromProfile')})</span>
        </label>
      </li>
    );
  }
  // A number from a message is used only after the agent has seen where it came from.
  return (
    <li data-testid="found-number">
      {candidate.number.display} <span className="muted">{t('callPanel.foundInMessage', { context: candidate.context })}</span>{' '}
      {active ? (
        <span className="muted">({t('callPanel.chosen')})</span>
      ) : confirming ? (
        <>
          <span>{t('callPanel.isThisTheNumber')}</span>{' '}
          <button type="button" onClick={() => onChoose(candidate)}>{t('callPanel.yesCall')}</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>{t('common.no')}</button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>{t('callPanel.use')}</button>
      )}
    </li>
  );
}

/** Dial through the hub's click-to-dial API, over a socket of its own (like the settings screens). */
function ClickToDialButton({
  conversationId,
  number,
  onStart,
  onError,
  softphone,
}: {
  conversationId: string;
  number: PhoneNumber;
  onStart: () => void;
  onError: (e: string | null) => void;
  /** Used while the hub cannot be reached: the phone system is behind it. */
  softphone: ReactNode;
}) {
  const t = useT();
  const session = useAppStore((s) => s.session);
  const link = useAdminLink(session?.hubUrl ?? '', session?.token ?? '');
  const [busy, setBusy] = useState(false);
  if (link.kind !== 'online') return <>{softphone}</>;
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        onStart();
        void adminRequest(link.socket, 'call:dial', { conversationId, number: number.e164, ext: number.ext })
          .then((ack) => onError(ack.ok ? null : hubErrorText(ack.error)))
          .finally(() => setBusy(false));
      }}
    >
      {t('callPanel.dialViaPbx')}
    </button>
  );
}

/** `3:20`, `1:02:03` or plain seconds → seconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return null;
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return Number(m[3]) < 60 ? seconds : null;
}
