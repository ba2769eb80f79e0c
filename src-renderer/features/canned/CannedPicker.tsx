import { useState } from 'react';
import { fillCannedResponse, isLeadRole, type User } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { CannedEditor } from './CannedEditor.js';
import { useCannedContext, useCannedResponses } from './queries.js';
import { useT } from '../../i18n/index.js';

/**
 * Canned responses for the composer: search, fill the variables and insert. Works offline (the
 * responses are cached). The order number comes from what the agent types here, else the latest
 * one found in the conversation; without either, `{{order.number}}` stays visible in the draft.
 * Leads and admins also manage the responses here (online only).
 */
export function CannedPicker({ db, me, conversationId, onInsert }: { db: SwitchboardDb; me: User; conversationId: string; onInsert: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [typedOrder, setTypedOrder] = useState('');
  const [managing, setManaging] = useState(false);
  const responses = useCannedResponses(db, open);
  const context = useCannedContext(db, conversationId, open);
  const orderNumber = typedOrder.trim() || context?.orderNumber || null;
  const query = search.trim().toLowerCase();
  const shown = (responses ?? []).filter((r) => !query || r.title.toLowerCase().includes(query) || r.body.toLowerCase().includes(query));
  const fill = (body: string) => fillCannedResponse(body, { 'customer.name': context?.customerName ?? null, 'agent.name': me.name, 'order.number': orderNumber });

  const t = useT();
  return (
    <div className="canned">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('canned.title')}
      </button>
      {open && (
        <section className="canned-panel" aria-label={t('canned.title')}>
          <div className="canned-fields">
            <label>
              {t('common.search')} <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
            </label>
            <label>
              {t('canned.orderNumber')}{' '}
              <input value={typedOrder} placeholder={context?.orderNumber ?? t('canned.noneFound')} onChange={(e) => setTypedOrder(e.target.value)} />
            </label>
          </div>
          {responses && responses.length === 0 && <p className="muted">{t('canned.empty')}</p>}
          <ul className="canned-list">
            {shown.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  aria-label={t('canned.insert', { title: r.title })}
                  onClick={() => {
                    onInsert(fill(r.body));
                    setOpen(false);
                  }}
                >
                  <strong>{r.title}</strong>
                  <span className="canned-preview">{fill(r.body)}</span>
                </button>
              </li>
            ))}
          </ul>
          {isLeadRole(me.role) &&
            (managing ? <CannedEditor responses={responses ?? []} onClose={() => setManaging(false)} /> : (
              <button type="button" onClick={() => setManaging(true)}>{t('canned.manage')}</button>
            ))}
        </section>
      )}
    </div>
  );
}
