import { useEffect, useState } from 'react';
import { PresenceInfoSchema, RoutingQueueSchema, type PresenceInfo } from '../../../src-shared/index.js';
import type { z } from 'zod';

type RoutingQueue = z.infer<typeof RoutingQueueSchema>;
import { useAdminLink } from '../settings/admin-link.js';
import { describeLeadError, leadRequest } from './lead-link.js';
import { useT } from '../../i18n/index.js';

/**
 * The agent's presence and shift in the top bar: available / busy / away (the hub shows her as
 * offline when no console of hers is connected), shift start and end with a hand-over note,
 * colleagues' hand-over notes, and "Next conversation" from routing.
 */
export function PresenceControl(props: { hubUrl: string; token: string; onOpen(conversationId: string): void }) {
  // The panel's socket exists only while it is open: presence itself comes from the sync engine's
  // connection, and a second permanent socket per console would double the hub's connections.
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <span className="presence-control">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{t('presenceControl.button')}</button>
      {open && <PresencePanel {...props} />}
    </span>
  );
}

function PresencePanel({ hubUrl, token, onOpen }: { hubUrl: string; token: string; onOpen(conversationId: string): void }) {
  const t = useT();
  const link = useAdminLink(hubUrl, token);
  const socket = link.kind === 'online' ? link.socket : null;
  const [info, setInfo] = useState<PresenceInfo | null>(null);
  const [ending, setEnding] = useState(false);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [queue, setQueue] = useState<RoutingQueue | null>(null);

  const accept = (data: unknown) => {
    const parsed = PresenceInfoSchema.safeParse(data);
    if (parsed.success) setInfo(parsed.data);
  };

  useEffect(() => {
    if (!socket) return;
    socket.on('presence:changed', accept);
    void leadRequest(socket, 'presence:me', {}).then((ack) => ack.ok && accept(ack.data));
    void leadRequest(socket, 'routing:queue', {}).then((ack) => {
      const parsed = ack.ok ? RoutingQueueSchema.safeParse(ack.data) : null;
      if (parsed?.success) setQueue(parsed.data);
    });
    return () => {
      socket.off('presence:changed', accept);
    };
  }, [socket]);

  if (!socket || !info) return <span className="presence-panel presence presence-offline" data-testid="presence">{link.kind === 'connecting' ? t('status.connecting') : t('presence.offline')}</span>;

  const run = async (p: Promise<{ ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }>) => {
    const ack = await p;
    if (ack.ok) {
      accept(ack.data);
      setMessage(null);
    } else setMessage(describeLeadError(ack.error as never));
  };

  async function next() {
    const ack = await leadRequest(socket!, 'routing:next', {});
    if (!ack.ok) return setMessage(describeLeadError(ack.error));
    if (ack.data.conversation) onOpen(ack.data.conversation.id);
    else setMessage(t('presenceControl.nothingFits'));
  }

  return (
    <span className="presence-panel" data-testid="presence">
      <span className={`presence presence-${info.effective}`}>{info.effective === 'offline' ? t('presence.offline') : t('presenceControl.connected')}</span>
      <select
        aria-label={t('presenceControl.yourStatus')}
        value={info.chosen === 'offline' ? 'away' : info.chosen}
        onChange={(e) => void run(leadRequest(socket, 'presence:set', { state: e.target.value as 'available' | 'busy' | 'away' }))}
      >
        <option value="available">{t('presence.available')}</option>
        <option value="busy">{t('presence.busy')}</option>
        <option value="away">{t('presence.away')}</option>
      </select>
      {info.shift ? (
        <button type="button" onClick={() => setEnding(true)}>{t('presenceControl.endShift')}</button>
      ) : (
        <button type="button" onClick={() => void run(leadRequest(socket, 'shift:start', {}))}>{t('presenceControl.startShift')}</button>
      )}
      <button type="button" onClick={() => void next()}>{t('presenceControl.next')}</button>
      {message && <span className="muted" role="status">{message}</span>}
      {queue && (
        <details className="handovers" data-testid="routing-queue">
          <summary>{queue.items.length === 0 ? t('presenceControl.nothingWaiting') : t('presenceControl.waitingInTeams', { count: queue.waiting })}</summary>
          <ol className="lead-conversations">
            {queue.items.map((w) => (
              <li key={w.conversationId}>
                <button type="button" className="link" onClick={() => onOpen(w.conversationId)}>
                  #{w.position} · {w.snippet}
                </button>
              </li>
            ))}
          </ol>
        </details>
      )}
      {info.shift && info.handovers.length > 0 && (
        <details className="handovers">
          <summary>{t('presenceControl.handoverNotes', { count: info.handovers.length })}</summary>
          <ul>
            {info.handovers.map((h) => (
              <li key={`${h.userId}-${h.endedAt}`}><strong>{h.name}</strong>: {h.note}</li>
            ))}
          </ul>
        </details>
      )}
      {ending && (
        <form
          className="handover-form"
          onSubmit={(e) => {
            e.preventDefault();
            setEnding(false);
            void run(leadRequest(socket, 'shift:end', { handoverNote: note })).then(() => setNote(''));
          }}
        >
          <label>
            {t('presenceControl.handoverNote')}
            <textarea value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} placeholder={t('presenceControl.handoverPlaceholder')} />
          </label>
          <button type="submit">{t('presenceControl.endShift')}</button>
          <button type="button" onClick={() => setEnding(false)}>{t('common.cancel')}</button>
        </form>
      )}
    </span>
  );
}
