import { useState } from 'react';
import { MERGE_FIELDS, type Customer, type FieldChoices, type MergeField } from '../../../src-shared/index.js';

const FIELD_LABELS: Record<MergeField, string> = {
  name: 'Name',
  language: 'Language',
  country: 'Country',
  customerNumber: 'Customer number',
  segment: 'Segment',
  owner: 'Owner',
};

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
      aria-label="Merge customers"
      onSubmit={(e) => {
        e.preventDefault();
        onMerge(survivor.id, merged.id, choices);
      }}
    >
      <fieldset>
        <legend>Keep the record of</legend>
        <label>
          <input type="radio" name="keep" checked={keep === 'current'} onChange={() => switchKeep('current')} /> {current.name} (this conversation)
        </label>
        <label>
          <input type="radio" name="keep" checked={keep === 'candidate'} onChange={() => switchKeep('candidate')} /> {candidate.name}
        </label>
      </fieldset>
      <table className="merge-fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{survivor.name}</th>
            <th scope="col">{merged.name}</th>
          </tr>
        </thead>
        <tbody>
          {MERGE_FIELDS.map((f) => (
            <tr key={f}>
              <th scope="row">{FIELD_LABELS[f]}</th>
              {(['survivor', 'merged'] as const).map((side) => {
                const value = (side === 'survivor' ? survivor : merged)[f] ?? null;
                return (
                  <td key={side}>
                    <label>
                      <input
                        type="radio"
                        name={`field-${f}`}
                        aria-label={`${FIELD_LABELS[f]}: ${value ?? 'empty'} (${side === 'survivor' ? survivor.name : merged.name})`}
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
        All conversations, identities, consents and rewards of {merged.name} move to {survivor.name}. You can undo this with Unmerge.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Merge
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
