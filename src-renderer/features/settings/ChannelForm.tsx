import type { FormEvent } from 'react';
import { DEPARTMENTS, type DepartmentId } from '../../../src-shared/index.js';
import { DEPARTMENT_LABELS } from '../../lib/channels.js';
import { useT } from '../../i18n/index.js';
import { CHANNEL_SPECS, widgetSnippet, type ChannelFormValues, type FieldSpec, type FormErrors, type SecretEdit, type SecretSpec } from './channel-form.js';

interface ChannelFormProps {
  values: ChannelFormValues;
  /** Names of the credentials the hub has stored for this account (never their values). */
  secretsSet: string[];
  hubUrl: string;
  busy: boolean;
  errors: FormErrors;
  hubError: string | null;
  onChange(values: ChannelFormValues): void;
  onSubmit(): void;
  onCancel(): void;
}

const fieldId = (key: string) => `channel-field-${key.replace(/\W/g, '-')}`;

/** Add or edit one channel account. Secret inputs are write-only: empty means "keep". */
export function ChannelForm({ values, secretsSet, hubUrl, busy, errors, hubError, onChange, onSubmit, onCancel }: ChannelFormProps) {
  const t = useT();
  const spec = CHANNEL_SPECS[values.channel];
  const setField = (key: string, value: string | boolean) => onChange({ ...values, fields: { ...values.fields, [key]: value } });
  const setSecret = (key: string, edit: SecretEdit) => onChange({ ...values, secrets: { ...values.secrets, [key]: edit } });

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  const errorOf = (key: string) =>
    errors[key] ? (
      <p className="error" id={`${fieldId(key)}-error`} role="alert">
        {errors[key]}
      </p>
    ) : null;
  const described = (key: string) => (errors[key] ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(key)}-error` } : {});

  function renderField(field: FieldSpec) {
    const id = fieldId(field.key);
    const value = values.fields[field.key];
    if (field.kind === 'checkbox') {
      return (
        <div className="field checkbox" key={field.key}>
          <label>
            <input id={id} type="checkbox" checked={value === true} onChange={(e) => setField(field.key, e.target.checked)} /> {field.label}
          </label>
          {errorOf(field.key)}
        </div>
      );
    }
    return (
      <div className="field" key={field.key}>
        <label htmlFor={id}>{field.label}</label>
        {field.kind === 'lines' ? (
          <textarea id={id} rows={3} placeholder={field.placeholder} value={String(value ?? '')} onChange={(e) => setField(field.key, e.target.value)} {...described(field.key)} />
        ) : field.kind === 'select' ? (
          <select id={id} value={String(value ?? '')} onChange={(e) => setField(field.key, e.target.value)}>
            {field.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type="text"
            inputMode={field.kind === 'number' ? 'numeric' : undefined}
            placeholder={field.placeholder}
            value={String(value ?? '')}
            onChange={(e) => setField(field.key, e.target.value)}
            {...described(field.key)}
          />
        )}
        {errorOf(field.key)}
      </div>
    );
  }

  function renderSecret(secret: SecretSpec) {
    const isSet = secretsSet.includes(secret.key);
    const edit = values.secrets[secret.key] ?? { action: 'keep' };
    const id = fieldId(`secret-${secret.key}`);
    return (
      <fieldset className="secret" key={secret.key} data-secret={secret.key}>
        <legend>
          {secret.label}: <span data-testid={`secret-state-${secret.key}`}>{isSet ? t('channelForm.secretSet') : t('channelForm.secretNotSet')}</span>
        </legend>
        {secret.enterable && (
          <>
            <label htmlFor={id}>{isSet ? t('channelForm.replaceSecret', { label: secret.label }) : secret.label}</label>
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              placeholder={isSet ? t('channelForm.keepPlaceholder') : t('channelForm.notSetPlaceholder')}
              disabled={edit.action === 'clear'}
              value={edit.action === 'replace' ? edit.value : ''}
              onChange={(e) => setSecret(secret.key, e.target.value ? { action: 'replace', value: e.target.value } : { action: 'keep' })}
              {...described(`secret.${secret.key}`)}
            />
          </>
        )}
        {isSet && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={edit.action === 'clear'}
              onChange={(e) => setSecret(secret.key, e.target.checked ? { action: 'clear' } : { action: 'keep' })}
            />{' '}
            {secret.clearLabel ?? t('channelForm.removeSecret', { label: secret.label })}
          </label>
        )}
        {errorOf(`secret.${secret.key}`)}
      </fieldset>
    );
  }

  const snippet = values.channel === 'chat' && values.address.trim() ? widgetSnippet(hubUrl, values.address.trim()) : null;

  return (
    <form className="channel-form" aria-label={values.id ? t('channelForm.editLabel', { name: values.name || spec.label }) : t('channelForm.newLabel', { label: spec.label })} onSubmit={submit} noValidate>
      <h3>{values.id ? t('channelForm.editHeading', { label: spec.label }) : t('channelForm.newHeading', { label: spec.label })}</h3>
      <div className="field">
        <label htmlFor={fieldId('name')}>{t('channelForm.name')}</label>
        <input id={fieldId('name')} value={values.name} onChange={(e) => onChange({ ...values, name: e.target.value })} {...described('name')} />
        {errorOf('name')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('address')}>{spec.addressLabel}</label>
        <input
          id={fieldId('address')}
          placeholder={spec.addressPlaceholder}
          value={values.address}
          onChange={(e) => onChange({ ...values, address: e.target.value })}
          {...described('address')}
        />
        {errorOf('address')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('department')}>{t('channelForm.team')}</label>
        <select id={fieldId('department')} value={values.departmentId} onChange={(e) => onChange({ ...values, departmentId: e.target.value as DepartmentId })}>
          {DEPARTMENTS.map((d) => (
            <option key={d} value={d}>
              {DEPARTMENT_LABELS[d]}
            </option>
          ))}
        </select>
      </div>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={values.enabled} onChange={(e) => onChange({ ...values, enabled: e.target.checked })} /> {t('channelForm.enabled')}
        </label>
      </div>
      {spec.sections.map((section) => (
        <fieldset key={section.title} className="settings-section">
          <legend>{section.title}</legend>
          {section.fields.map(renderField)}
        </fieldset>
      ))}
      {spec.secrets.length > 0 && (
        <fieldset className="settings-section">
          <legend>{t('channelForm.credentials')}</legend>
          {spec.secrets.map(renderSecret)}
        </fieldset>
      )}
      {snippet && (
        <div className="field">
          <label htmlFor={fieldId('snippet')}>{t('channelForm.snippet')}</label>
          <textarea id={fieldId('snippet')} readOnly rows={2} value={snippet} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(snippet)}>
            {t('channelForm.copySnippet')}
          </button>
        </div>
      )}
      {hubError && (
        <p className="error" role="alert" data-testid="channel-save-error">
          {hubError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('channelForm.saving') : t('channelForm.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('channelForm.cancel')}
        </button>
      </div>
    </form>
  );
}
