import { useState, type FormEvent } from 'react';
import type { Ack, CannedResponse, ClientToServerEvents } from '../../../src-shared/index.js';
import { newId } from '../../lib/ids.js';
import { useAppStore } from '../../state/store.js';
import { request, TransientError, type HubSocket } from '../../sync/hub-client.js';
import { useAdminLink } from '../settings/admin-link.js';
import { hubErrorText } from '../../i18n/hub-error-text.js';
import { t as translate, useT } from '../../i18n/index.js';

/**
 * Leads and admins edit the shared canned responses. They live on the hub, so this talks to it
 * directly while open (like the settings screens); consoles get the result through the change log.
 */
export function CannedEditor({ responses, onClose }: { responses: CannedResponse[]; onClose: () => void }) {
  const t = useT();
  const session = useAppStore((s) => s.session)!;
  const link = useAdminLink(session.hubUrl, session.token);
  const [editing, setEditing] = useState<{ id: string; title: string; body: string }>({ id: newId(), title: '', body: '' });
  const [message, setMessage] = useState<string | null>(null);
  const socket = link.kind === 'online' ? link.socket : null;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!socket) return;
    const ack = await send(socket, 'canned:save', editing);
    setMessage(ack.ok ? t('canned.saved') : hubErrorText(ack.error));
    if (ack.ok) setEditing({ id: newId(), title: '', body: '' });
  }

  async function remove(id: string) {
    if (!socket) return;
    const ack = await send(socket, 'canned:delete', { id });
    setMessage(ack.ok ? t('canned.deleted') : hubErrorText(ack.error));
  }

  return (
    <section className="canned-editor" aria-label={t('canned.manage')}>
      {link.kind === 'offline' && <p role="alert">{t('canned.needsHub', { reason: link.reason })}</p>}
      <ul>
        {responses.map((r) => (
          <li key={r.id}>
            {r.title}{' '}
            <button type="button" onClick={() => setEditing({ id: r.id, title: r.title, body: r.body })}>{t('canned.editItem', { title: r.title })}</button>{' '}
            <button type="button" disabled={!socket} onClick={() => void remove(r.id)}>{t('canned.deleteItem', { title: r.title })}</button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void save(e)}>
        <label>
          {t('canned.fieldTitle')} <input value={editing.title} maxLength={120} onChange={(e) => setEditing({ ...editing, title: e.target.value })} />
        </label>
        <label>
          {t('canned.fieldText')}{' '}
          <textarea
            value={editing.body}
            rows={3}
            placeholder={`${t('canned.placeholderGreeting')} {{customer.name}}, … {{order.number}} … {{agent.name}}`}
            onChange={(e) => setEditing({ ...editing, body: e.target.value })}
          />
        </label>
        <button type="submit" disabled={!socket || !editing.title.trim() || !editing.body.trim()}>{t('canned.saveResponse')}</button>
        <button type="button" onClick={onClose}>{t('canned.done')}</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

async function send<E extends 'canned:save' | 'canned:delete'>(socket: HubSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<Ack<unknown>> {
  try {
    return (await request(socket, event, payload as never)) as Ack<unknown>;
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    return { ok: false, error: { code: 'unavailable', message: translate('canned.linkLost', { reason: error.message }) } };
  }
}
