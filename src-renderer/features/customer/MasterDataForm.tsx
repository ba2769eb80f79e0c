import { useState } from 'react';
import type { Customer } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueCustomerUpdate } from './commands.js';
import { useT } from '../../i18n/index.js';

/** Edit master data and the agent-maintained score input (helpful public answers). */
export function MasterDataForm({ db, conversationId, customer, onDone }: { db: SwitchboardDb; conversationId: string; customer: Customer; onDone: () => void }) {
  const t = useT();
  const [form, setForm] = useState({
    name: customer.name,
    customerNumber: customer.customerNumber ?? '',
    segment: customer.segment ?? '',
    owner: customer.owner ?? '',
    language: customer.language ?? '',
    helpfulAnswers: String(customer.scoreInputs?.helpfulAnswers ?? 0),
  });
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label>
      {label} <input type={type} value={form[key]} min={type === 'number' ? 0 : undefined} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <form
      className="master-form"
      aria-label={t('customer.editMasterData')}
      onSubmit={(e) => {
        e.preventDefault();
        if (form.name.trim() === '') return setError(t('customer.nameEmpty'));
        void queueCustomerUpdate(db, { conversationId, customerId: customer.id, patch: { ...form, helpfulAnswers: Number(form.helpfulAnswers) || 0 } }).then(onDone, (e: unknown) =>
          setError(e instanceof Error ? e.message : String(e)),
        );
      }}
    >
      {field('name', t('customer.field.name'))}
      {field('customerNumber', t('customer.field.customerNumber'))}
      {field('segment', t('customer.field.segment'))}
      {field('owner', t('customer.field.owner'))}
      {field('language', t('customer.field.language'))}
      {field('helpfulAnswers', t('customer.helpfulAnswers'), 'number')}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit">{t('common.save')}</button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
