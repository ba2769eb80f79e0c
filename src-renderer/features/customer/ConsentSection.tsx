import { useState } from 'react';
import { CONSENT_PURPOSES, type Consent, type ConsentPurpose, type Identity } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueConsent, queueRevokeConsent } from './commands.js';
import { localDateInput } from '../../lib/local-date.js';
import { consentGrantedAt } from './consent-date.js';
import { useT } from '../../i18n/index.js';
import { formatDate } from '../../i18n/format.js';

const PURPOSE_KEYS = {
  'social-profile': 'customer.consent.purpose.socialProfile',
  'crm-sync': 'customer.consent.purpose.crmSync',
  marketing: 'customer.consent.purpose.marketing',
} as const satisfies Record<ConsentPurpose, string>;

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
  const t = useT();
  const [purpose, setPurpose] = useState<ConsentPurpose>('social-profile');
  const [source, setSource] = useState('');
  const [date, setDate] = useState(() => localDateInput(new Date()));
  const [identityId, setIdentityId] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function record() {
    setError(null);
    const grantedAt = consentGrantedAt(date, new Date());
    if (!grantedAt) {
      setError(t('customer.consent.futureDate'));
      return;
    }
    try {
      await queueConsent(db, { conversationId, customerId, purpose, source, identityId: identityId || null, grantedAt });
      setSource('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function revoke(consentId: string) {
    await queueRevokeConsent(db, { conversationId, consentId });
  }

  return (
    <section aria-label={t('customer.consent.title')} className="panel-section">
      <h4>{t('customer.consent.title')}</h4>
      {consents.length === 0 && <p className="muted">{t('customer.consent.none')}</p>}
      <ul className="consents">
        {consents.map((c) => (
          <li key={c.id} className={c.revokedAt ? 'revoked' : ''}>
            {t(PURPOSE_KEYS[c.purpose])}
            {c.identityId ? ` (${identities.find((i) => i.id === c.identityId)?.handle ?? t('customer.consent.identity')})` : ''} — {c.source}, {formatDate(c.grantedAt)}
            {c.revokedAt ? (
              <span className="muted"> · {t('customer.consent.revoked', { date: formatDate(c.revokedAt) })}</span>
            ) : (
              <button type="button" className="link" onClick={() => void revoke(c.id)}>
                {t('customer.consent.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="consent-form"
        aria-label={t('customer.consent.record')}
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <select aria-label={t('customer.consent.purposeLabel')} value={purpose} onChange={(e) => setPurpose(e.target.value as ConsentPurpose)}>
          {CONSENT_PURPOSES.map((p) => (
            <option key={p} value={p}>
              {t(PURPOSE_KEYS[p])}
            </option>
          ))}
        </select>
        <select aria-label={t('customer.consent.forIdentity')} value={identityId} onChange={(e) => setIdentityId(e.target.value)}>
          <option value="">{t('customer.consent.wholeCustomer')}</option>
          {identities.map((i) => (
            <option key={i.id} value={i.id}>
              {i.channel}: {i.handle}
            </option>
          ))}
        </select>
        <input aria-label={t('customer.consent.source')} placeholder={t('customer.consent.sourcePlaceholder')} value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />
        <input aria-label={t('customer.consent.dateGiven')} type="date" value={date} max={localDateInput(new Date())} onChange={(e) => setDate(e.target.value)} />
        <button type="submit" disabled={source.trim() === ''}>
          {t('customer.consent.record')}
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
