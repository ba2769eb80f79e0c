import { useState } from 'react';
import { CONSENT_PURPOSES, type Consent, type ConsentPurpose, type Identity } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueConsent, queueRevokeConsent } from './commands.js';

const PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  'social-profile': 'Link social profile data',
  'crm-sync': 'Share with the CRM',
  marketing: 'Marketing',
};

/**
 * Recorded consents (source and date), revocable, and a form to record one. DSGVO: shown and
 * editable — also offline, through the outbox.
 */
export function ConsentSection({
  db,
  conversationId,
  customerId,
  consents,
  identities,
}: {
  db: SwitchboardDb;
  conversationId: string;
  customerId: string;
  consents: Consent[];
  identities: Identity[];
}) {
  const [purpose, setPurpose] = useState<ConsentPurpose>('social-profile');
  const [source, setSource] = useState('');
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [identityId, setIdentityId] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function record() {
    setError(null);
    try {
      await queueConsent(db, { conversationId, customerId, purpose, source, identityId: identityId || null, grantedAt: new Date(`${date}T12:00:00Z`).toISOString() });
      setSource('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function revoke(consentId: string) {
    await queueRevokeConsent(db, { conversationId, consentId });
  }

  return (
    <section aria-label="Consent" className="panel-section">
      <h4>Consent</h4>
      {consents.length === 0 && <p className="muted">No consent recorded.</p>}
      <ul className="consents">
        {consents.map((c) => (
          <li key={c.id} className={c.revokedAt ? 'revoked' : ''}>
            {PURPOSE_LABELS[c.purpose]}
            {c.identityId ? ` (${identities.find((i) => i.id === c.identityId)?.handle ?? 'identity'})` : ''} — {c.source}, {c.grantedAt.slice(0, 10)}
            {c.revokedAt ? (
              <span className="muted"> · revoked {c.revokedAt.slice(0, 10)}</span>
            ) : (
              <button type="button" className="link" onClick={() => void revoke(c.id)}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="consent-form"
        aria-label="Record consent"
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <select aria-label="Purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as ConsentPurpose)}>
          {CONSENT_PURPOSES.map((p) => (
            <option key={p} value={p}>
              {PURPOSE_LABELS[p]}
            </option>
          ))}
        </select>
        <select aria-label="For identity" value={identityId} onChange={(e) => setIdentityId(e.target.value)}>
          <option value="">Whole customer</option>
          {identities.map((i) => (
            <option key={i.id} value={i.id}>
              {i.channel}: {i.handle}
            </option>
          ))}
        </select>
        <input aria-label="Source" placeholder="How given (e.g. DM on Instagram)" value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />
        <input aria-label="Date given" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <button type="submit" disabled={source.trim() === ''}>
          Record consent
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
