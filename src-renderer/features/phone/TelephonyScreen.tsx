/**
 * Settings → Telephony (admins only): service hours and holidays that callbacks must fall into,
 * when overdue callbacks escalate, and the click-to-dial URL template. Hub configuration, so it
 * talks to the hub over its own link and needs a connection (like Settings → Channels).
 */
import { useEffect, useState } from 'react';
import { WEEKDAYS, type TelephonySettingsView } from '../../../src-shared/index.js';
import { useWorkspace } from '../../app/db-context.js';
import { adminRequest, describeHubError, describeLink, useAdminLink } from '../settings/admin-link.js';
import { formToSettings, settingsToForm, type TelephonyFormValues } from './telephony-form.js';
import { useT } from '../../i18n/index.js';

export function TelephonyScreen({ hubUrl, token, onClose }: { hubUrl: string; token: string; onClose(): void }) {
  const { db } = useWorkspace();
  const link = useAdminLink(hubUrl, token);
  const t = useT();
  const [values, setValues] = useState<TelephonyFormValues | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (link.kind !== 'online') return;
    void adminRequest(link.socket, 'telephony:settings', {}).then((ack) => {
      if (ack.ok) setValues(settingsToForm(ack.data as TelephonySettingsView));
      else setNotice(describeHubError(ack.error));
    });
  }, [link]);

  async function save() {
    if (!values || link.kind !== 'online') return;
    const checked = formToSettings(values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const ack = await adminRequest(link.socket, 'telephony:save-settings', checked.request);
    if (!ack.ok) return setNotice(describeHubError(ack.error));
    const view = ack.data as TelephonySettingsView;
    // This console's own copy, so its callback form uses the new hours at once.
    const { clickToDialTemplate: _t, ...forAgents } = view;
    await db.meta.put({ key: 'telephony', value: forAgents });
    setValues(settingsToForm(view));
    setNotice(t('telephony.saved'));
  }

  const set = (patch: Partial<TelephonyFormValues>) => setValues((v) => (v ? { ...v, ...patch } : v));
  return (
    <section className="settings telephony-settings" aria-label={t('telephony.label')}>
      <header>
        <h2>{t('shell.settingsTelephony')}</h2>
        <button type="button" onClick={onClose}>{t('common.close')}</button>
      </header>
      {describeLink(link, 'telephony') && <p role="status">{describeLink(link, 'telephony')}</p>}
      {notice && <p role="status">{notice}</p>}
      {values && (
        <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <fieldset>
            <legend>{t('telephony.serviceHours')}</legend>
            <label>
              {t('telephony.timeZone')} <input aria-label={t('telephony.serviceTimeZone')} value={values.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
            </label>
            {errors.timeZone && <p className="error">{errors.timeZone}</p>}
            {WEEKDAYS.map((d) => (
              <div key={d}>
                <label>
                  {t(`weekdays.${d}`)} <input aria-label={t('telephony.hoursFor', { day: t(`weekdays.${d}`) })} value={values.days[d]} placeholder={t('telephony.closed')} onChange={(e) => set({ days: { ...values.days, [d]: e.target.value } })} />
                </label>
                {errors[d] && <span className="error"> {errors[d]}</span>}
              </div>
            ))}
            <label className="block">
              {t('telephony.holidaysHint')}
              <textarea aria-label={t('telephony.holidays')} rows={6} value={values.holidays} onChange={(e) => set({ holidays: e.target.value })} />
            </label>
            {errors.holidays && <p className="error">{errors.holidays}</p>}
          </fieldset>
          <label>
            {t('telephony.escalateBefore')}{' '}
            <input aria-label={t('telephony.escalateLabel')} type="number" min={1} value={values.escalateAfterMinutes} onChange={(e) => set({ escalateAfterMinutes: e.target.value })} /> {t('telephony.minutes')}
          </label>
          {errors.escalateAfterMinutes && <p className="error">{errors.escalateAfterMinutes}</p>}
          <fieldset>
            <legend>{t('telephony.clickToDial')}</legend>
            <label className="block">
              {t('telephony.urlTemplate')} ({'{number}'}, {'{ext}'}, {'{agent}'})
              <input aria-label={t('telephony.urlTemplateLabel')} value={values.urlTemplate} onChange={(e) => set({ urlTemplate: e.target.value })} size={60} />
            </label>
            <select aria-label={t('telephony.methodLabel')} value={values.method} onChange={(e) => set({ method: e.target.value as 'GET' | 'POST' })}>
              <option>GET</option>
              <option>POST</option>
            </select>
            {errors.urlTemplate && <p className="error">{errors.urlTemplate}</p>}
          </fieldset>
          <button type="submit" disabled={link.kind !== 'online'}>{t('telephony.save')}</button>
        </form>
      )}
    </section>
  );
}
