import { useState, type FormEvent, type ReactNode } from 'react';
import type { WhatsAppTemplate } from '../../../src-shared/index.js';
import { parseTemplateForm, WINDOW_TEXT, type TemplateFormValues } from './template-form.js';
import { useT } from '../../i18n/index.js';

interface TemplateFormProps {
  disabled: boolean;
  /** Queue the template reply (through the outbox, so it works offline too). */
  onSend(template: WhatsAppTemplate, body: string): Promise<void>;
}

const EMPTY: TemplateFormValues = { name: '', language: '', parameters: '' };

/**
 * A minimal approved-template form: the hub has no template list to pick from, so the agent types
 * the template's name and language as approved in WhatsApp Manager, and its body parameters.
 */
export function TemplateForm({ disabled, onSend }: TemplateFormProps) {
  const t = useT();
  const [values, setValues] = useState<TemplateFormValues>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof TemplateFormValues, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = parseTemplateForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    try {
      await onSend(result.template, result.body);
      setValues(EMPTY);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  }

  const field = (key: keyof TemplateFormValues, label: string, input: (id: string) => ReactNode) => (
    <div className="field">
      <label htmlFor={`template-${key}`}>{label}</label>
      {input(`template-${key}`)}
      {errors[key] && (
        <p className="error" id={`template-${key}-error`} role="alert">
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <form className="template-form" aria-label={t('whatsappWindow.formLabel')} onSubmit={(e) => void submit(e)} noValidate>
      {field('name', WINDOW_TEXT.templateName, (id) => (
        <input
          id={id}
          value={values.name}
          placeholder={t('whatsappWindow.namePlaceholder')}
          disabled={disabled}
          aria-invalid={!!errors.name}
          aria-describedby={errors.name ? `${id}-error` : undefined}
          onChange={(e) => setValues({ ...values, name: e.target.value })}
        />
      ))}
      {field('language', WINDOW_TEXT.templateLanguage, (id) => (
        <input
          id={id}
          value={values.language}
          placeholder={t('whatsappWindow.languagePlaceholder')}
          disabled={disabled}
          aria-invalid={!!errors.language}
          aria-describedby={errors.language ? `${id}-error` : undefined}
          onChange={(e) => setValues({ ...values, language: e.target.value })}
        />
      ))}
      {field('parameters', WINDOW_TEXT.templateParameters, (id) => (
        <textarea
          id={id}
          rows={2}
          value={values.parameters}
          disabled={disabled}
          aria-invalid={!!errors.parameters}
          aria-describedby={errors.parameters ? `${id}-error` : undefined}
          onChange={(e) => setValues({ ...values, parameters: e.target.value })}
        />
      ))}
      {failure && <p className="error" role="alert">{failure}</p>}
      <button type="submit" className="primary" disabled={disabled || !values.name.trim() || !values.language.trim()}>
        {WINDOW_TEXT.sendTemplate}
      </button>
    </form>
  );
}
