import { describe, expect, it } from 'vitest';
import { SaveChannelAccountRequestSchema, type ChannelAccount } from '../../../src-shared/index.js';
import { accountToForm, emptyForm, formToRequest, widgetSnippet, type ChannelFormValues } from '../../../src-renderer/features/settings/channel-form.js';
// The hub's own schemas are the authority on settings: the form's output must pass them.
import { EmailSettingsSchema } from '../../../src-hub/channels/email/account.js';
import { ChatWidgetSettingsSchema } from '../../../src-hub/channels/chat/settings.js';
import { MetaSettingsSchema } from '../../../src-hub/channels/meta/accounts.js';
import { uuid } from './fixtures.js';

function ok(values: ChannelFormValues) {
  const result = formToRequest(values);
  if (!result.ok) throw new Error(`form refused: ${JSON.stringify(result.errors)}`);
  SaveChannelAccountRequestSchema.parse(result.request);
  return result.request;
}

const stored = (overrides: Partial<ChannelAccount>): ChannelAccount => ({
  id: uuid(1),
  channel: 'email',
  name: 'Support',
  address: 'support@company.example',
  departmentId: 'support',
  settings: {},
  secretsSet: [],
  enabled: true,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

describe('channel account form → channels:save', () => {
  it('maps a new mailbox with relay, IMAP and passwords', () => {
    const form = emptyForm('email');
    Object.assign(form, { name: ' Support ', address: 'Support@Company.example', departmentId: 'support' });
    Object.assign(form.fields, { 'relay.host': 'smtp.company.example', 'relay.port': '465', 'relay.secure': true, 'relay.user': 'support', 'imap.host': 'imap.company.example', 'imap.user': 'support' });
    form.secrets.relayPassword = { action: 'replace', value: 'hunter2' };
    const request = ok(form);
    expect(request).toMatchObject({ channel: 'email', name: 'Support', address: 'Support@Company.example', departmentId: 'support', enabled: true });
    expect(request.settings).toEqual({
      relay: { host: 'smtp.company.example', port: 465, secure: true, user: 'support' },
      imap: { host: 'imap.company.example', secure: true, user: 'support' },
    });
    expect(request.secrets).toEqual({ relayPassword: 'hunter2' });
    expect(EmailSettingsSchema.safeParse(request.settings).success).toBe(true);
  });

  it('keeps untouched secrets out of the request and sends a cleared one as empty', () => {
    const form = accountToForm(stored({ secretsSet: ['imapPassword', 'relayPassword'], settings: { relay: { host: 'smtp.x', port: 587, secure: false } } }));
    expect(form.secrets).toEqual({ relayPassword: { action: 'keep' }, imapPassword: { action: 'keep' } });
    expect(ok(form)).not.toHaveProperty('secrets');
    form.secrets.imapPassword = { action: 'clear' };
    expect(ok(form).secrets).toEqual({ imapPassword: '' });
  });

  it('round-trips stored settings, including keys the form does not know', () => {
    const settings = { relay: { host: 'smtp.x', port: 2525, secure: false, user: 'u' }, futureSetting: 42 };
    expect(ok(accountToForm(stored({ settings }))).settings).toEqual(settings);
  });

  it('drops the relay when its host is emptied, and says which fields are wrong', () => {
    const form = accountToForm(stored({ settings: { relay: { host: 'smtp.x', port: 587, secure: false } } }));
    form.fields['relay.host'] = '';
    expect(ok(form).settings).toEqual({});
    Object.assign(form.fields, { 'relay.host': 'smtp.x', 'relay.port': '99999', 'imap.host': 'imap.x' });
    form.name = '';
    const result = formToRequest(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['imap.user', 'name', 'relay.port']);
  });

  it('maps a chat widget: origins per line, business hours per day, offline mailbox', () => {
    const form = emptyForm('chat');
    Object.assign(form, { name: 'Website', address: 'site-widget' });
    Object.assign(form.fields, {
      allowedOrigins: 'https://www.example.com\n\n https://shop.example.com ',
      greeting: 'Moin!',
      'hours.enabled': true,
      'hours.timeZone': 'Europe/Berlin',
      'hours.mon': '09:00-12:00, 13:00-17:00',
      'hours.sat': '10:00-14:00',
    });
    const request = ok(form);
    expect(request.settings).toEqual({
      allowedOrigins: ['https://www.example.com', 'https://shop.example.com'],
      greeting: 'Moin!',
      offlineMailbox: null,
      requireEmail: false,
      businessHours: { timeZone: 'Europe/Berlin', days: { mon: [['09:00', '12:00'], ['13:00', '17:00']], sat: [['10:00', '14:00']] } },
    });
    expect(ChatWidgetSettingsSchema.safeParse(request.settings).success).toBe(true);
    // And back: the stored widget fills the same form.
    const again = accountToForm(stored({ channel: 'chat', settings: request.settings as Record<string, unknown> }));
    expect(again.fields['hours.mon']).toBe('09:00-12:00, 13:00-17:00');
    expect(again.fields.allowedOrigins).toBe('https://www.example.com\nhttps://shop.example.com');
  });

  it('refuses a business-hours period it cannot read', () => {
    const form = emptyForm('chat');
    Object.assign(form, { name: 'W', address: 'w' });
    Object.assign(form.fields, { 'hours.enabled': true, 'hours.timeZone': 'Europe/Berlin', 'hours.tue': '9 to 5' });
    const result = formToRequest(form);
    expect(!result.ok && result.errors['hours.tue']).toMatch(/09:00-17:00/);
  });

  it('maps a WhatsApp number: empty settings fall back to the hub defaults', () => {
    const form = emptyForm('whatsapp');
    Object.assign(form, { name: 'WA', address: '106540352242922', departmentId: 'service' });
    form.fields.apiBaseUrl = 'http://127.0.0.1:9999';
    form.secrets.accessToken = { action: 'replace', value: 'EAAG-token' };
    const request = ok(form);
    expect(request.settings).toEqual({ apiBaseUrl: 'http://127.0.0.1:9999' });
    expect(request.secrets).toEqual({ accessToken: 'EAAG-token' });
    expect(MetaSettingsSchema.parse(request.settings).apiVersion).toBe('v21.0');
  });

  it('builds the widget script tag with the key escaped as an attribute', () => {
    expect(widgetSnippet('https://hub.example.com', 'demo-widget')).toBe('<script src="https://hub.example.com/chat/widget.js" data-widget="demo-widget" async></script>');
    expect(widgetSnippet('https://hub.example.com', 'a"b')).toContain('data-widget="a&quot;b"');
  });
});
