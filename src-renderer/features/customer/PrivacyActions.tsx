import { useState } from 'react';
import type { Customer } from '../../../src-shared/index.js';
import type { HubSocket } from '../../sync/hub-client.js';
import { customerRequest } from './hub-link.js';

/** Leads and admins: export everything about the customer as JSON, or erase the customer (DSGVO). */
export function PrivacyActions({ customer, socket }: { customer: Customer; socket: HubSocket | null }) {
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function exportJson() {
    if (!socket) return;
    const ack = await customerRequest(socket, 'customer:export', { customerId: customer.id });
    if (!ack.ok) return setMessage(ack.error.message);
    const url = URL.createObjectURL(new Blob([JSON.stringify(ack.data, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `customer-${customer.id}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage('Exported.');
  }

  async function erase() {
    if (!socket) return;
    const ack = await customerRequest(socket, 'customer:erase', { customerId: customer.id, confirmName: confirm });
    setMessage(ack.ok ? 'Erased. Every console removes the personal data.' : ack.error.message);
  }

  return (
    <section aria-label="Data protection" className="panel-section privacy">
      <h4>Data protection</h4>
      <button type="button" disabled={!socket} onClick={() => void exportJson()}>
        Export data (JSON)
      </button>
      <form
        aria-label="Erase customer"
        onSubmit={(e) => {
          e.preventDefault();
          void erase();
        }}
      >
        <input aria-label="Type the customer's name to confirm" placeholder={`Type “${customer.name}” to erase`} value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        <button type="submit" className="danger" disabled={!socket || confirm.trim().toLowerCase() !== customer.name.trim().toLowerCase()}>
          Erase customer
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
