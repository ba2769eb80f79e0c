import { useState } from 'react';
import { MERGE_FIELDS, type Customer, type FieldChoices, type MergeField } from '../../../src-shared/index.js';
import { useT } from '../../i18n/index.js';

const FIELD_KEYS = {
  name: 'customer.field.name',
  language: 'customer.field.language',
  country: 'customer.field.country',
  customerNumber: 'customer.field.customerNumber',
  segment: 'customer.field.segment',
  owner: 'customer.field.owner',
} as const satisfies Record<MergeField, string>;

/** Default choice per field: the kept record's value, unless only the other one has a value. */
export function defaultChoices(survivor: Customer, merged: Customer): FieldChoices {
  const choices: FieldChoices = {};
  for (const f of MERGE_FIELDS) choices[f] = (survivor[f] ?? null) === null && (merged[f] ?? null) !== null ? 'merged' : 'survivor';
  return choices;
}

/**
 * The merge review: which record is kept, and per field whose value the kept record takes. The
 * merge itself can be undone later (unmerge), which the dialog says.
 */
export function MergeDialog({
  current,
  candidate,
  busy,
  error,
  onMerge,
  onCancel,
}: {
  current: Customer;
  candidate: Customer;
  busy: boolean;
  error: string | null;
  onMerge: (survivorId: string, mergedId: string, choices: FieldChoices) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [keep, setKeep] = useState<'current' | 'candidate'>(candidate.customerNumber && !current.customerNumber ? 'candidate' : 'current');
  const survivor = keep === 'current' ? current : candidate;
  const merged = keep === 'current' ? candidate : current;
  const [choices, setChoices] = useState<FieldChoices>(() => defaultChoices(survivor, merged));
  const switchKeep = (next: 'current' | 'candidate') => {
    setKeep(next);
    const s = next === 'current' ? current : candidate;
    const m = next === 'current' ? candidate : current;
    setChoices(defaultChoices(s, m));
  };
  return (
    <form
      className="merge-dialog"
      aria-label={t('customer.merge.title')}
      onSubmit={(e) => {
        e.preventDefault();
        onMerge(survivor.id, merged.id, choices);
      }}
    >
      <fieldset>
        <legend>{t('customer.merge.keep')}</legend>
        <label>
          <input type="radio" name="keep" checked={keep === 'current'} onChange={() => switchKeep('current')} /> {t('customer.merge.thisConversation', { name: current.name })}
        </label>
        <label>
          <input type="radio" name="keep" checked={keep === 'candidate'} onChange={() => switchKeep('candidate')} /> {candidate.name}
        </label>
      </fieldset>
      <table className="merge-fields">
        <thead>
          <tr>
            <th scope="col">{t('customer.merge.field')}</th>
            <th scope="col">{survivor.name}</th>
            <th scope="col">{merged.name}</th>
          </tr>
        </thead>
        <tbody>
          {MERGE_FIELDS.map((f) => (
            <tr key={f}>
              <th scope="row">{t(FIELD_KEYS[f])}</th>
              {(['survivor', 'merged'] as const).map((side) => {
                const value = (side === 'survivor' ? survivor : merged)[f] ?? null;
                return (
                  <td key={side}>
                    <label>
                      <input
                        type="radio"
                        name={`field-${f}`}
                        aria-label={t('customer.merge.choice', { field: t(FIELD_KEYS[f]), value: value ?? t('customer.merge.empty'), name: side === 'survivor' ? survivor.name : merged.name })}
                        checked={(choices[f] ?? 'survivor') === side}
                        onChange={() => setChoices({ ...choices, [f]: side })}
                      />{' '}
                      {value ?? <span className="muted">—</span>}
                    </label>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {t('customer.merge.explain', { merged: merged.name, survivor: survivor.name })}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('customer.merge.merge')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
