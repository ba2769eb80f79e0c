import { useId, useState } from 'react';
import type { CustomerScore } from '../../../src-shared/index.js';

/** The Social Customer Score as a badge that opens its components (nothing shown is unexplained). */
export function ScoreBadge({ score, consented }: { score: CustomerScore; consented: boolean }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="score">
      <button type="button" className="score-badge" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} data-testid="score-badge">
        Score {score.total}
      </button>
      {score.advocate && <span className="advocate-flag" title="Helps others or speaks well of the brand in public">★ Advocate</span>}
      {open && (
        <table id={id} className="score-components" aria-label="Score components">
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
              <th scope="row">Queue priority</th>
              <td>+{score.priorityBoost}</td>
              <td className="muted">{consented ? 'profile figures included' : 'no social-profile consent: followers and verification not counted'}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
