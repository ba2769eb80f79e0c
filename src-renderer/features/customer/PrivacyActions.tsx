import { useState } from 'react';
import type { Customer } from '../../../src-shared/index.js';
import type { HubSocket } from '../../sync/hub-client.js';
import { customerRequest } from './hub-link.js';
import { hubErrorText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';

/** Leads and admins: export everything about the customer as JSON, or erase the customer (DSGVO). */
export function PrivacyActions({ customer, socket }: { customer: Customer; socket: HubSocket | null }) {
  const t = useT();
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function exportJson() {
    if (!socket) return;
    const ack = await customerRequest(socket, 'customer:export', { customerId: customer.id });
    if (!ack.ok) return setMessage(hubErrorText(ack.error));
    const url = URL.createObjectURL(new Blob([JSON.stringify(ack.data, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `customer-${customer.id}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(t('customer.privacy.exported'));
  }

  async function erase() {
    if (!socket) return;
    const ack = await customerRequest(socket, 'customer:erase', { customerId: customer.id, confirmName: confirm });
    setMessage(ack.ok ? t('customer.privacy.erased') : hubErrorText(ack.error));
  }

  return (
    <section aria-label={t('customer.privacy.title')} className="panel-section privacy">
      <h4>{t('customer.privacy.title')}</h4>
      <button type="button" disabled={!socket} onClick={() => void exportJson()}>
        {t('customer.privacy.export')}
      </button>
      <form
        aria-label={t('customer.privacy.erase')}
        onSubmit={(e) => {
          e.preventDefault();
          void erase();
        }}
      >
        <input aria-label={t('customer.privacy.confirmLabel')} placeholder={t('customer.privacy.confirmPlaceholder', { name: customer.name })} value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        <button type="submit" className="danger" disabled={!socket || confirm.trim().toLowerCase() !== customer.name.trim().toLowerCase()}>
          {t('customer.privacy.erase')}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
