/**
 * The channel account form's model: which fields each channel has (mirroring the hub's
 * `registerChannelAccountSpec` schemas in src-hub/channels/<channel>/), how a stored account fills
 * the form, and how the form becomes a `channels:save` request. Pure, so it is unit-tested.
 *
 * Secrets are write-only: the form knows only which are set (`secretsSet`). Each secret is kept
 * (left out of the request), replaced (its new value sent) or cleared (sent as an empty string,
 * which the hub treats as "remove").
 */
import {
  DEPARTMENTS,
  WEEKDAYS,
  type ChannelAccount,
  type DepartmentId,
  type SaveChannelAccountRequest,
} from '../../../src-shared/index.js';
import { t } from '../../i18n/index.js';

export const EDITABLE_CHANNELS = ['email', 'chat', 'facebook', 'instagram', 'whatsapp', 'x'] as const;
export type EditableChannel = (typeof EDITABLE_CHANNELS)[number];

export type FieldKind = 'text' | 'number' | 'checkbox' | 'lines' | 'select';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  placeholder?: string;
  options?: { value: string; label: string }[];
}

export interface SecretSpec {
  key: string;
  label: string;
  /** false: the hub makes the value itself; the admin can only clear it. */
  enterable: boolean;
  clearLabel?: string;
}

export interface ChannelSpec {
  label: string;
  addressLabel: string;
  addressPlaceholder: string;
  sections: { title: string; fields: FieldSpec[] }[];
  secrets: SecretSpec[];
}

const META_SETTINGS: FieldSpec[] = [
  { key: 'apiBaseUrl', get label() { return t('channelForm.field.apiBaseUrl'); }, kind: 'text', placeholder: 'https://graph.facebook.com' },
  { key: 'apiVersion', get label() { return t('channelForm.field.apiVersion'); }, kind: 'text', placeholder: 'v21.0' },
];
const META_SECRETS: SecretSpec[] = [
  { key: 'appSecret', get label() { return t('channelForm.secret.appSecret'); }, enterable: true },
  { key: 'verifyToken', get label() { return t('channelForm.secret.verifyToken'); }, enterable: true },
  { key: 'accessToken', get label() { return t('channelForm.secret.accessToken'); }, enterable: true },
];
const COMMENT_REPLIES: FieldSpec = {
  key: 'commentReplies',
  get label() { return t('channelForm.field.commentReplies'); },
  kind: 'select',
  options: [
    { value: 'public', get label() { return t('channelForm.field.commentPublic'); } },
    { value: 'private', get label() { return t('channelForm.field.commentPrivate'); } },
  ],
};


/** Every field and label of the Channels screen's form, per channel (one place for its strings). */
export const CHANNEL_SPECS: Record<EditableChannel, ChannelSpec> = {
  email: {
    get label() { return t('channelForm.channel.email'); },
    get addressLabel() { return t('channelForm.address.email'); },
    addressPlaceholder: 'support@company.example',
    sections: [
      {
        get title() { return t('channelForm.section.relay'); },
        fields: [
          { key: 'relay.host', get label() { return t('channelForm.field.relayHost'); }, kind: 'text', placeholder: 'smtp.company.example' },
          { key: 'relay.port', get label() { return t('channelForm.field.relayPort'); }, kind: 'number', placeholder: '587' },
          { key: 'relay.secure', get label() { return t('channelForm.field.relaySecure'); }, kind: 'checkbox' },
          { key: 'relay.user', get label() { return t('channelForm.field.relayUser'); }, kind: 'text' },
        ],
      },
      {
        get title() { return t('channelForm.section.imap'); },
        fields: [
          { key: 'imap.host', get label() { return t('channelForm.field.imapHost'); }, kind: 'text', placeholder: 'imap.company.example' },
          { key: 'imap.port', get label() { return t('channelForm.field.imapPort'); }, kind: 'number', placeholder: '993' },
          { key: 'imap.secure', get label() { return t('channelForm.field.imapSecure'); }, kind: 'checkbox' },
          { key: 'imap.user', get label() { return t('channelForm.field.imapUser'); }, kind: 'text' },
          { key: 'imap.mailbox', get label() { return t('channelForm.field.imapFolder'); }, kind: 'text', placeholder: 'INBOX' },
        ],
      },
    ],
    secrets: [
      { key: 'relayPassword', get label() { return t('channelForm.secret.relayPassword'); }, enterable: true },
      { key: 'imapPassword', get label() { return t('channelForm.secret.imapPassword'); }, enterable: true },
    ],
  },
  chat: {
    get label() { return t('channelForm.channel.chat'); },
    get addressLabel() { return t('channelForm.address.chat'); },
    get addressPlaceholder() { return t('channelForm.address.chatPlaceholder'); },
    sections: [
      {
        get title() { return t('channelForm.section.widget'); },
        fields: [
          { key: 'allowedOrigins', get label() { return t('channelForm.field.allowedOrigins'); }, kind: 'lines', placeholder: 'https://www.example.com' },
          { key: 'title', get label() { return t('channelForm.field.title'); }, kind: 'text', get placeholder() { return t('channelForm.field.titlePlaceholder'); } },
          { key: 'greeting', get label() { return t('channelForm.field.greeting'); }, kind: 'text', get placeholder() { return t('channelForm.field.greetingPlaceholder'); } },
          { key: 'requireEmail', get label() { return t('channelForm.field.requireEmail'); }, kind: 'checkbox' },
          { key: 'offlineMailbox', get label() { return t('channelForm.field.offlineMailbox'); }, kind: 'text', placeholder: 'support@company.example' },
        ],
      },
      {
        get title() { return t('channelForm.section.hours'); },
        fields: [
          { key: 'hours.enabled', get label() { return t('channelForm.field.hoursEnabled'); }, kind: 'checkbox' },
          { key: 'hours.timeZone', get label() { return t('channelForm.field.timeZone'); }, kind: 'text', placeholder: 'Europe/Berlin' },
          ...WEEKDAYS.map((day): FieldSpec => ({ key: `hours.${day}`, get label() { return t(`weekdays.${day}`); }, kind: 'text', get placeholder() { return t('channelForm.field.dayPlaceholder'); } })),
        ],
      },
    ],
    secrets: [{ key: 'visitorTokenKey', get label() { return t('channelForm.secret.visitorTokenKey'); }, enterable: false, get clearLabel() { return t('channelForm.secret.visitorTokenClear'); } }],
  },
  facebook: {
    get label() { return t('channelForm.channel.facebook'); },
    get addressLabel() { return t('channelForm.address.facebook'); },
    addressPlaceholder: '104857392011',
    sections: [{ title: 'Graph API', fields: [...META_SETTINGS, COMMENT_REPLIES] }],
    secrets: META_SECRETS,
  },
  instagram: {
    get label() { return t('channelForm.channel.instagram'); },
    get addressLabel() { return t('channelForm.address.instagram'); },
    addressPlaceholder: '17841400000000000',
    sections: [{ title: 'Graph API', fields: [...META_SETTINGS, COMMENT_REPLIES] }],
    secrets: META_SECRETS,
  },
  whatsapp: {
    get label() { return t('channelForm.channel.whatsapp'); },
    get addressLabel() { return t('channelForm.address.whatsapp'); },
    get addressPlaceholder() { return t('channelForm.address.whatsappPlaceholder'); },
    sections: [{ title: 'Graph API', fields: META_SETTINGS }],
    secrets: META_SECRETS,
  },
  x: {
    get label() { return t('channelForm.channel.x'); },
    get addressLabel() { return t('channelForm.address.x'); },
    addressPlaceholder: '1456789012345678901',
    sections: [{ title: 'X API', fields: [{ key: 'apiBaseUrl', get label() { return t('channelForm.field.apiBaseUrl'); }, kind: 'text', placeholder: 'https://api.x.com' }] }],
    secrets: [
      { key: 'consumerKey', get label() { return t('channelForm.secret.consumerKey'); }, enterable: true },
      { key: 'consumerSecret', get label() { return t('channelForm.secret.consumerSecret'); }, enterable: true },
      { key: 'accessToken', get label() { return t('channelForm.secret.accessToken'); }, enterable: true },
      { key: 'accessTokenSecret', get label() { return t('channelForm.secret.accessTokenSecret'); }, enterable: true },
    ],
  },
};

export type SecretEdit = { action: 'keep' } | { action: 'replace'; value: string } | { action: 'clear' };

export interface ChannelFormValues {
  id?: string;
  channel: EditableChannel;
  name: string;
  address: string;
  departmentId: DepartmentId;
  enabled: boolean;
  /** Flat field values by FieldSpec key ('relay.host', 'hours.mon', …). */
  fields: Record<string, string | boolean>;
  secrets: Record<string, SecretEdit>;
  /** The account's stored settings, so keys this form does not know survive a save. */
  storedSettings: Record<string, unknown>;
}

export type FormErrors = Record<string, string>;
export type FormResult = { ok: true; request: SaveChannelAccountRequest } | { ok: false; errors: FormErrors };

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** An empty form for a new account on `channel`. */
export function emptyForm(channel: EditableChannel): ChannelFormValues {
  const form = accountToForm({ channel, name: '', address: '', departmentId: 'service', settings: {}, secretsSet: [], enabled: true });
  if (channel === 'email') form.fields['imap.secure'] = true;
  return form;
}

/** Fill the form from a stored account (secrets: all kept). */
export function accountToForm(account: Pick<ChannelAccount, 'channel' | 'name' | 'address' | 'departmentId' | 'settings' | 'secretsSet' | 'enabled'> & { id?: string }): ChannelFormValues {
  const channel = account.channel as EditableChannel;
  const s = account.settings;
  const fields: Record<string, string | boolean> = {};
  if (channel === 'email') {
    for (const part of ['relay', 'imap'] as const) {
      const o = obj(s[part]);
      for (const key of ['host', 'port', 'user', 'mailbox']) fields[`${part}.${key}`] = str(o[key]);
      fields[`${part}.secure`] = typeof o.secure === 'boolean' ? o.secure : part === 'imap';
    }
  } else if (channel === 'chat') {
    fields.allowedOrigins = Array.isArray(s.allowedOrigins) ? s.allowedOrigins.map(str).join('\n') : '';
    for (const key of ['title', 'greeting', 'offlineMailbox']) fields[key] = str(s[key]);
    fields.requireEmail = s.requireEmail === true;
    const hours = obj(s.businessHours);
    fields['hours.enabled'] = s.businessHours != null;
    fields['hours.timeZone'] = str(hours.timeZone);
    const days = obj(hours.days);
    for (const day of WEEKDAYS) {
      const periods = Array.isArray(days[day]) ? (days[day] as unknown[]) : [];
      fields[`hours.${day}`] = periods.map((p) => (Array.isArray(p) ? `${str(p[0])}-${str(p[1])}` : '')).filter(Boolean).join(', ');
    }
  } else {
    for (const section of CHANNEL_SPECS[channel].sections) for (const f of section.fields) fields[f.key] = str(s[f.key]);
    if ('commentReplies' in fields && !fields.commentReplies) fields.commentReplies = 'public';
  }
  const secrets: Record<string, SecretEdit> = {};
  for (const secret of CHANNEL_SPECS[channel].secrets) secrets[secret.key] = { action: 'keep' };
  return {
    ...(account.id ? { id: account.id } : {}),
    channel,
    name: account.name,
    address: account.address,
    departmentId: account.departmentId,
    enabled: account.enabled,
    fields,
    secrets,
    storedSettings: { ...s },
  };
}

const PERIOD = /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/;

function text(values: ChannelFormValues, key: string): string {
  return str(values.fields[key]).trim();
}

function flag(values: ChannelFormValues, key: string): boolean {
  return values.fields[key] === true;
}

function port(values: ChannelFormValues, key: string, errors: FormErrors): number | undefined {
  const raw = text(values, key);
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    errors[key] = 'A port is a whole number from 1 to 65535';
    return undefined;
  }
  return n;
}

/** Set `key` when `value` is non-empty, else drop it (so the hub's default applies). */
function put(target: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value) target[key] = value;
  else delete target[key];
}

function settingsOf(values: ChannelFormValues, errors: FormErrors): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...values.storedSettings };
  switch (values.channel) {
    case 'email': {
      for (const part of ['relay', 'imap'] as const) {
        const host = text(values, `${part}.host`);
        if (!host) {
          delete settings[part];
          continue;
        }
        const o: Record<string, unknown> = { host, secure: flag(values, `${part}.secure`) };
        const p = port(values, `${part}.port`, errors);
        if (p !== undefined) o.port = p;
        put(o, 'user', text(values, `${part}.user`));
        if (part === 'imap') {
          put(o, 'mailbox', text(values, 'imap.mailbox'));
          if (!o.user) errors['imap.user'] = 'IMAP needs a user';
        }
        settings[part] = o;
      }
      return settings;
    }
    case 'chat': {
      settings.allowedOrigins = str(values.fields.allowedOrigins)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      for (const key of ['title', 'greeting']) put(settings, key, text(values, key));
      settings.offlineMailbox = text(values, 'offlineMailbox') || null;
      settings.requireEmail = flag(values, 'requireEmail');
      if (!flag(values, 'hours.enabled')) {
        settings.businessHours = null;
        return settings;
      }
      const timeZone = text(values, 'hours.timeZone');
      if (!timeZone) errors['hours.timeZone'] = t('channelForm.errors.timeZone');
      const days: Record<string, [string, string][]> = {};
      for (const day of WEEKDAYS) {
        const raw = text(values, `hours.${day}`);
        if (!raw) continue;
        const periods: [string, string][] = [];
        for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
          const m = PERIOD.exec(part);
          if (!m) {
            errors[`hours.${day}`] = t('channelForm.errors.periods');
            break;
          }
          periods.push([m[1]!, m[2]!]);
        }
        days[day] = periods;
      }
      settings.businessHours = { timeZone, days };
      return settings;
    }
    case 'facebook':
    case 'instagram':
    case 'whatsapp':
    case 'x':
      for (const section of CHANNEL_SPECS[values.channel].sections) for (const f of section.fields) put(settings, f.key, text(values, f.key));
      return settings;
  }
}

/**
 * The form as a `channels:save` request, or the fields to fix. The hub validates again (its
 * schemas are the authority); this catches what the form can tell at once.
 */
export function formToRequest(values: ChannelFormValues): FormResult {
  const errors: FormErrors = {};
  const name = values.name.trim();
  const address = values.address.trim();
  if (!name) errors.name = t('channelForm.errors.name');
  if (!address) errors.address = t('channelForm.errors.address', { label: CHANNEL_SPECS[values.channel].addressLabel });
  else if (/\s/.test(address) && values.channel === 'chat') errors.address = t('channelForm.errors.widgetKeySpaces');
  if (!(DEPARTMENTS as readonly string[]).includes(values.departmentId)) errors.departmentId = t('channelForm.errors.team');
  const settings = settingsOf(values, errors);
  const secrets: Record<string, string> = {};
  for (const [key, edit] of Object.entries(values.secrets)) {
    if (edit.action === 'clear') secrets[key] = '';
    else if (edit.action === 'replace') {
      if (edit.value === '') errors[`secret.${key}`] = t('channelForm.errors.secret');
      else secrets[key] = edit.value;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      ...(values.id ? { id: values.id } : {}),
      channel: values.channel,
      name,
      address,
      departmentId: values.departmentId,
      settings,
      ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
      enabled: values.enabled,
    },
  };
}

/** The script tag a website embeds for a chat widget account. */
export function widgetSnippet(hubUrl: string, widgetKey: string): string {
  const attr = (v: string) => v.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return `<script src="${attr(hubUrl)}/chat/widget.js" data-widget="${attr(widgetKey)}" async></script>`;
}
