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
  type Weekday,
} from '../../../src-shared/index.js';

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
  { key: 'apiBaseUrl', label: 'API base URL', kind: 'text', placeholder: 'https://graph.facebook.com' },
  { key: 'apiVersion', label: 'Graph API version', kind: 'text', placeholder: 'v21.0' },
];
const META_SECRETS: SecretSpec[] = [
  { key: 'appSecret', label: 'App secret', enterable: true },
  { key: 'verifyToken', label: 'Webhook verify token', enterable: true },
  { key: 'accessToken', label: 'Access token', enterable: true },
];
const COMMENT_REPLIES: FieldSpec = {
  key: 'commentReplies',
  label: 'Answer comments',
  kind: 'select',
  options: [
    { value: 'public', label: 'Publicly under the comment' },
    { value: 'private', label: 'In a private message' },
  ],
};

const DAY_LABELS: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** Every field and label of the Channels screen's form, per channel (one place for its strings). */
export const CHANNEL_SPECS: Record<EditableChannel, ChannelSpec> = {
  email: {
    label: 'Email mailbox',
    addressLabel: 'Mailbox address',
    addressPlaceholder: 'support@company.example',
    sections: [
      {
        title: 'Outgoing mail (SMTP relay)',
        fields: [
          { key: 'relay.host', label: 'Relay host', kind: 'text', placeholder: 'smtp.company.example' },
          { key: 'relay.port', label: 'Relay port', kind: 'number', placeholder: '587' },
          { key: 'relay.secure', label: 'TLS from the first byte (port 465)', kind: 'checkbox' },
          { key: 'relay.user', label: 'Relay user', kind: 'text' },
        ],
      },
      {
        title: 'Mailbox polling (IMAP, optional)',
        fields: [
          { key: 'imap.host', label: 'IMAP host', kind: 'text', placeholder: 'imap.company.example' },
          { key: 'imap.port', label: 'IMAP port', kind: 'number', placeholder: '993' },
          { key: 'imap.secure', label: 'IMAP over TLS', kind: 'checkbox' },
          { key: 'imap.user', label: 'IMAP user', kind: 'text' },
          { key: 'imap.mailbox', label: 'IMAP folder', kind: 'text', placeholder: 'INBOX' },
        ],
      },
    ],
    secrets: [
      { key: 'relayPassword', label: 'Relay password', enterable: true },
      { key: 'imapPassword', label: 'IMAP password', enterable: true },
    ],
  },
  chat: {
    label: 'Web chat widget',
    addressLabel: 'Widget key',
    addressPlaceholder: 'e.g. a random hex string; it appears in the script tag',
    sections: [
      {
        title: 'Widget',
        fields: [
          { key: 'allowedOrigins', label: 'Allowed website origins (one per line)', kind: 'lines', placeholder: 'https://www.example.com' },
          { key: 'title', label: 'Title', kind: 'text', placeholder: 'Chat with us' },
          { key: 'greeting', label: 'Greeting', kind: 'text', placeholder: 'Hi! How can we help you today?' },
          { key: 'requireEmail', label: 'Require an email address before the chat', kind: 'checkbox' },
          { key: 'offlineMailbox', label: 'Mailbox answering offline messages', kind: 'text', placeholder: 'support@company.example' },
        ],
      },
      {
        title: 'Business hours',
        fields: [
          { key: 'hours.enabled', label: 'Offer the chat only during business hours', kind: 'checkbox' },
          { key: 'hours.timeZone', label: 'Time zone', kind: 'text', placeholder: 'Europe/Berlin' },
          ...WEEKDAYS.map((day): FieldSpec => ({ key: `hours.${day}`, label: DAY_LABELS[day], kind: 'text', placeholder: '09:00-17:00 (empty: closed)' })),
        ],
      },
    ],
    secrets: [{ key: 'visitorTokenKey', label: 'Visitor token key', enterable: false, clearLabel: 'Sign every visitor out (a new key is made)' }],
  },
  facebook: {
    label: 'Facebook page',
    addressLabel: 'Page id',
    addressPlaceholder: '104857392011',
    sections: [{ title: 'Graph API', fields: [...META_SETTINGS, COMMENT_REPLIES] }],
    secrets: META_SECRETS,
  },
  instagram: {
    label: 'Instagram account',
    addressLabel: 'Instagram account id',
    addressPlaceholder: '17841400000000000',
    sections: [{ title: 'Graph API', fields: [...META_SETTINGS, COMMENT_REPLIES] }],
    secrets: META_SECRETS,
  },
  whatsapp: {
    label: 'WhatsApp number',
    addressLabel: 'Phone number id',
    addressPlaceholder: 'the phone number id, not the number',
    sections: [{ title: 'Graph API', fields: META_SETTINGS }],
    secrets: META_SECRETS,
  },
  x: {
    label: 'X account',
    addressLabel: 'X user id',
    addressPlaceholder: '1456789012345678901',
    sections: [{ title: 'X API', fields: [{ key: 'apiBaseUrl', label: 'API base URL', kind: 'text', placeholder: 'https://api.x.com' }] }],
    secrets: [
      { key: 'consumerKey', label: 'Consumer key (API key)', enterable: true },
      { key: 'consumerSecret', label: 'Consumer secret (API secret)', enterable: true },
      { key: 'accessToken', label: 'Access token', enterable: true },
      { key: 'accessTokenSecret', label: 'Access token secret', enterable: true },
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
      if (!timeZone) errors['hours.timeZone'] = 'Business hours need a time zone, e.g. Europe/Berlin';
      const days: Record<string, [string, string][]> = {};
      for (const day of WEEKDAYS) {
        const raw = text(values, `hours.${day}`);
        if (!raw) continue;
        const periods: [string, string][] = [];
        for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
          const m = PERIOD.exec(part);
          if (!m) {
            errors[`hours.${day}`] = 'Write periods like 09:00-17:00, separated by commas';
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
  if (!name) errors.name = 'Give the account a name';
  if (!address) errors.address = `Enter the ${CHANNEL_SPECS[values.channel].addressLabel.toLowerCase()}`;
  else if (/\s/.test(address) && values.channel === 'chat') errors.address = 'A widget key has no spaces';
  if (!(DEPARTMENTS as readonly string[]).includes(values.departmentId)) errors.departmentId = 'Choose a team';
  const settings = settingsOf(values, errors);
  const secrets: Record<string, string> = {};
  for (const [key, edit] of Object.entries(values.secrets)) {
    if (edit.action === 'clear') secrets[key] = '';
    else if (edit.action === 'replace') {
      if (edit.value === '') errors[`secret.${key}`] = 'Enter the new value, or keep the stored one';
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
