import { useId, useState } from 'react';
import type { CustomerScore } from '../../../src-shared/index.js';
import { useT } from '../../i18n/index.js';

/** The Social Customer Score as a badge that opens its components (nothing shown is unexplained). */
export function ScoreBadge({ score, consented }: { score: CustomerScore; consented: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="score">
      <button type="button" className="score-badge" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} data-testid="score-badge">
        {t('customer.score.badge', { total: score.total })}
      </button>
      {score.advocate && <span className="advocate-flag" title={t('customer.score.advocateTitle')}>★ {t('customer.score.advocate')}</span>}
      {open && (
        <table id={id} className="score-components" aria-label={t('customer.score.components')}>
          <tbody>
            {score.components.map((c) => (
              <tr key={c.key}>
                <th scope="row">{c.label}</th>
                <td>
                  {c.points} / {c.max}
                </td>
                <td className="muted">{c.detail}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('customer.score.queuePriority')}</th>
              <td>+{score.priorityBoost}</td>
              <td className="muted">{consented ? t('customer.score.consented') : t('customer.score.notConsented')}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
