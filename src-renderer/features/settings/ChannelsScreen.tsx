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
    if (!parsed.success) return setListError('The hub sent a channel list this console does not understand');
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
    if (!result.ok) return setEditing({ ...editing, errors: result.errors, hubError: 'Please correct the marked fields.' });
    setBusy(true);
    try {
      const ack = await adminRequest(socket, 'channels:save', result.request);
      if (!ack.ok) return setEditing({ ...editing, errors: {}, hubError: describeHubError(ack.error) });
      const saved = SaveResultSchema.parse(ack.data).account;
      setEditing(null);
      setNotice(`Saved “${saved.name}”.`);
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
    else setNotice(`${enabled ? 'Enabled' : 'Disabled'} “${account.name}”.`);
    await reload(socket);
  }

  async function remove(account: ChannelAccount) {
    if (!socket) return;
    const ack = await adminRequest(socket, 'channels:remove', { id: account.id });
    setConfirmRemove(null);
    if (!ack.ok) setRowError(`${account.name}: ${describeHubError(ack.error)}`);
    else setNotice(`Removed “${account.name}”. Its conversations stay.`);
    await reload(socket);
  }

  const linkText = describeLink(link);

  return (
    <section className="settings" aria-label="Channel settings">
      <header className="settings-header">
        <h2>Settings · Channels</h2>
        <button type="button" onClick={onClose}>
          Back to conversations
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
          <table className="channel-accounts" aria-label="Channel accounts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col">Address</th>
                <th scope="col">Team</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id} data-account-id={account.id}>
                  <td>{account.name}</td>
                  <td>{CHANNEL_LABELS[account.channel]}</td>
                  <td>{account.address}</td>
                  <td>{DEPARTMENT_LABELS[account.departmentId]}</td>
                  <td>{account.enabled ? 'Enabled' : 'Disabled'}</td>
                  <td className="row-actions">
                    {account.channel !== 'phone' && (
                      <button
                        type="button"
                        aria-label={`Edit ${account.name}`}
                        onClick={() => {
                          setNotice(null);
                          setEditing({ values: accountToForm(account), secretsSet: account.secretsSet, errors: {}, hubError: null });
                        }}
                      >
                        Edit
                      </button>
                    )}
                    <button type="button" aria-label={`${account.enabled ? 'Disable' : 'Enable'} ${account.name}`} onClick={() => void setEnabled(account, !account.enabled)}>
                      {account.enabled ? 'Disable' : 'Enable'}
                    </button>
                    {confirmRemove === account.id ? (
                      <span role="group" aria-label={`Confirm removing ${account.name}`}>
                        Remove “{account.name}”? Its conversations stay, but replies on them fail until moved.{' '}
                        <button type="button" className="danger" onClick={() => void remove(account)}>
                          Remove for good
                        </button>{' '}
                        <button type="button" onClick={() => setConfirmRemove(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" aria-label={`Remove ${account.name}`} onClick={() => setConfirmRemove(account.id)}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {accounts.length === 0 && <p className="empty">No channel accounts yet.</p>}
          <div className="add-account">
            <label htmlFor="new-channel">New account on</label>
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
              Add account
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
