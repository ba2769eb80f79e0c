/**
 * The WhatsApp template form: what the agent typed → the `template` of a `message:send` request
 * and the body colleagues see in the thread. Validated with the wire schema, so the agent hears
 * about a bad name or language code at once instead of from the hub's refusal later.
 */
import { WhatsAppTemplateSchema, type WhatsAppTemplate } from '../../../src-shared/index.js';
import { t } from '../../i18n/index.js';

export interface TemplateFormValues {
  name: string;
  language: string;
  /** One body parameter ({{1}}, {{2}}, …) per line. */
  parameters: string;
}

export type TemplateFormResult =
  | { ok: true; template: WhatsAppTemplate; body: string }
  | { ok: false; errors: Partial<Record<keyof TemplateFormValues, string>> };

/** The strings of the reply-window notice and template form, in one place. */
/** The reply-window texts in the UI language (getters: read when rendered, so a switch applies). */
export const WINDOW_TEXT = {
  get heading() { return t('whatsappWindow.heading'); },
  get templateHint() { return t('whatsappWindow.templateHint'); },
  openUntil: (at: string) => t('whatsappWindow.openUntil', { at }),
  get unknown() { return t('whatsappWindow.unknown'); },
  get sendTemplate() { return t('whatsappWindow.sendTemplate'); },
  get templateName() { return t('whatsappWindow.templateName'); },
  get templateLanguage() { return t('whatsappWindow.templateLanguage'); },
  get templateParameters() { return t('whatsappWindow.templateParameters'); },
};

/** Parse the form; blank lines between parameters are ignored, and every value is trimmed. */
export function parseTemplateForm(values: TemplateFormValues): TemplateFormResult {
  const parameters = values.parameters
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const parsed = WhatsAppTemplateSchema.safeParse({ name: values.name.trim(), language: values.language.trim(), parameters });
  if (!parsed.success) {
    const errors: Partial<Record<keyof TemplateFormValues, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const key: keyof TemplateFormValues = field === 'name' || field === 'language' ? field : 'parameters';
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, template: parsed.data, body: templateBody(parsed.data) };
}

/** What the thread shows for a template message (WhatsApp renders the approved text itself). */
export function templateBody(template: WhatsAppTemplate): string {
  const head = `WhatsApp template "${template.name}" (${template.language})`;
  return template.parameters.length > 0 ? `${head}: ${template.parameters.join(' · ')}` : head;
}
