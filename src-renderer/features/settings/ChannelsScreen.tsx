import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { ChannelAccountSchema, type ChannelAccount } from '../../../src-shared/index.js';
import { CHANNEL_LABELS, DEPARTMENT_LABELS } from '../../lib/channels.js';
import type { HubSocket } from '../../sync/hub-client.js';
import { adminRequest, describeHubError, describeLink, useAdminLink } from './admin-link.js';
import { ChannelForm } from './ChannelForm.js';
import {
  accountToForm,
  CHANNEL_SPECS,
  EDITABLE_CHANNELS,
  emptyForm,
  formToRequest,
  type ChannelFormValues,
  type EditableChannel,
  type FormErrors,
} from './channel-form.js';
import { useT } from '../../i18n/index.js';

// Habit 2: the console validates what it receives, also from its own hub.
const ListResultSchema = z.object({ accounts: z.array(ChannelAccountSchema) });
const SaveResultSchema = z.object({ account: ChannelAccountSchema });

interface Editing {
  values: ChannelFormValues;
  secretsSet: string[];
  errors: FormErrors;
  hubError: string | null;
}

/**
 * Settings → Channels (admins only): the mailboxes, chat widgets, pages, numbers and X accounts the
 * hub receives on and answers from. Talks to the hub directly (see admin-link.ts): this is hub
 * configuration, not cached customer data, so it needs a connection and says so without one.
 */
export function ChannelsScreen({ hubUrl, token, onClose }: { hubUrl: string; token: string; onClose(): void }) {
  const t = useT();
  const link = useAdminLink(hubUrl, token);
  const socket = link.kind === 'online' ? link.socket : null;
  const [accounts, setAccounts] = useState<ChannelAccount[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [newChannel, setNewChannel] = useState<EditableChannel>('email');
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async (s: HubSocket) => {
    const ack = await adminRequest(s, 'channels:list', {});
    if (!ack.ok) return setListError(describeHubError(ack.error));
    const parsed = ListResultSchema.safeParse(ack.data);
    if (!parsed.success) return setListError(t('channelsScreen.unreadable'));
    setListError(null);
    setAccounts(parsed.data.accounts);
  }, []);

  // (Re)load on every (re)connect — each connect is a new `link` object — since nothing here is
  // kept while offline and another admin may have changed accounts meanwhile.
  useEffect(() => {
    if (link.kind === 'online') void reload(link.socket);
  }, [link, reload]);

  async function save() {
    if (!editing || !socket) return;
    const result = formToRequest(editing.values);
    if (!result.ok) return setEditing({ ...editing, errors: result.errors, hubError: t('channelsScreen.correctFields') });
    setBusy(true);
    try {
      const ack = await adminRequest(socket, 'channels:save', result.request);
      if (!ack.ok) return setEditing({ ...editing, errors: {}, hubError: describeHubError(ack.error) });
      const saved = SaveResultSchema.parse(ack.data).account;
      setEditing(null);
      setNotice(t('channelsScreen.saved', { name: saved.name }));
      await reload(socket);
    } finally {
      setBusy(false);
    }
  }

  async function setEnabled(account: ChannelAccount, enabled: boolean) {
    if (!socket) return;
    setRowError(null);
    // Settings are sent back as stored (the hub replaces them on save); secrets are left out, so kept.
    const ack = await adminRequest(socket, 'channels:save', {
      id: account.id,
      channel: account.channel as EditableChannel,
      name: account.name,
      address: account.address,
      departmentId: account.departmentId,
      settings: account.settings,
      enabled,
    });
    if (!ack.ok) setRowError(`${account.name}: ${describeHubError(ack.error)}`);
    else setNotice(enabled ? t('channelsScreen.enabledNotice', { name: account.name }) : t('channelsScreen.disabledNotice', { name: account.name }));
    await reload(socket);
  }

  async function remove(account: ChannelAccount) {
    if (!socket) return;
    const ack = await adminRequest(socket, 'channels:remove', { id: account.id });
    setConfirmRemove(null);
    if (!ack.ok) setRowError(`${account.name}: ${describeHubError(ack.error)}`);
    else setNotice(t('channelsScreen.removedNotice', { name: account.name }));
    await reload(socket);
  }

  const linkText = describeLink(link);

  return (
    <section className="settings" aria-label={t('channelsScreen.label')}>
      <header className="settings-header">
        <h2>{t('shell.settingsChannels')}</h2>
        <button type="button" onClick={onClose}>
          {t('channelsScreen.back')}
        </button>
      </header>
      {linkText && (
        <p className={`notice link-${link.kind}`} role="status" data-testid="channels-link" data-link={link.kind}>
          {linkText}
        </p>
      )}
      {notice && socket && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {listError && <p className="error" role="alert">{listError}</p>}
      {rowError && <p className="error" role="alert">{rowError}</p>}
      {socket && accounts && !editing && (
        <>
          <table className="channel-accounts" aria-label={t('channelsScreen.accounts')}>
            <thead>
              <tr>
                <th scope="col">{t('channelsScreen.col.name')}</th>
                <th scope="col">{t('channelsScreen.col.channel')}</th>
                <th scope="col">{t('channelsScreen.col.address')}</th>
                <th scope="col">{t('channelsScreen.col.team')}</th>
                <th scope="col">{t('channelsScreen.col.state')}</th>
                <th scope="col">{t('channelsScreen.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id} data-account-id={account.id}>
                  <td>{account.name}</td>
                  <td>{CHANNEL_LABELS[account.channel]}</td>
                  <td>{account.address}</td>
                  <td>{DEPARTMENT_LABELS[account.departmentId]}</td>
                  <td>{account.enabled ? t('channelsScreen.enabled') : t('channelsScreen.disabled')}</td>
                  <td className="row-actions">
                    {account.channel !== 'phone' && (
                      <button
                        type="button"
                        aria-label={t('channelsScreen.editItem', { name: account.name })}
                        onClick={() => {
                          setNotice(null);
                          setEditing({ values: accountToForm(account), secretsSet: account.secretsSet, errors: {}, hubError: null });
                        }}
                      >
                        {t('common.edit')}
                      </button>
                    )}
                    <button type="button" aria-label={account.enabled ? t('channelsScreen.disableItem', { name: account.name }) : t('channelsScreen.enableItem', { name: account.name })} onClick={() => void setEnabled(account, !account.enabled)}>
                      {account.enabled ? t('channelsScreen.disable') : t('channelsScreen.enable')}
                    </button>
                    {confirmRemove === account.id ? (
                      <span role="group" aria-label={t('channelsScreen.confirmRemoving', { name: account.name })}>
                        {t('channelsScreen.removeQuestion', { name: account.name })}{' '}
                        <button type="button" className="danger" onClick={() => void remove(account)}>
                          {t('channelsScreen.removeForGood')}
                        </button>{' '}
                        <button type="button" onClick={() => setConfirmRemove(null)}>
                          {t('channelsScreen.keep')}
                        </button>
                      </span>
                    ) : (
                      <button type="button" aria-label={t('channelsScreen.removeItem', { name: account.name })} onClick={() => setConfirmRemove(account.id)}>
                        {t('common.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {accounts.length === 0 && <p className="empty">{t('channelsScreen.empty')}</p>}
          <div className="add-account">
            <label htmlFor="new-channel">{t('channelsScreen.newAccountOn')}</label>
            <select id="new-channel" value={newChannel} onChange={(e) => setNewChannel(e.target.value as EditableChannel)}>
              {EDITABLE_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_SPECS[c].label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setNotice(null);
                setEditing({ values: emptyForm(newChannel), secretsSet: [], errors: {}, hubError: null });
              }}
            >
              {t('channelsScreen.addAccount')}
            </button>
          </div>
        </>
      )}
      {editing && (
        <ChannelForm
          values={editing.values}
          secretsSet={editing.secretsSet}
          hubUrl={hubUrl}
          busy={busy || !socket}
          errors={editing.errors}
          hubError={editing.hubError}
          onChange={(values) => setEditing({ ...editing, values })}
          onSubmit={() => void save()}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}
