import { useEffect, useState, type FormEvent } from 'react';
import type { HubInfo } from '../../../src-shared/index.js';
import { reasonText } from '../../i18n/hub-error-text.js';
import { useT } from '../../i18n/index.js';
import { desktop } from '../../lib/desktop.js';
import { DisplayMenu } from '../preferences/DisplayMenu.js';
import { useAppStore } from '../../state/store.js';
import { fetchHubInfo, login, normaliseHubUrl } from './api.js';

function defaultHubUrl(): string {
  if (location.protocol === 'http:' || location.protocol === 'https:') return location.origin;
  return 'http://127.0.0.1:5170';
}

export function LoginScreen() {
  const t = useT();
  const signIn = useAppStore((s) => s.signIn);
  const signOutReason = useAppStore((s) => s.signOutReason);
  const [hubUrl, setHubUrl] = useState(defaultHubUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [info, setInfo] = useState<HubInfo | null>(null);

  useEffect(() => {
    void desktop()
      ?.app.info()
      .then((i) => i.hubUrl && setHubUrl(i.hubUrl))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    let url: string;
    try {
      url = normaliseHubUrl(hubUrl);
    } catch {
      setInfo(null);
      return;
    }
    const timer = setTimeout(() => {
      fetchHubInfo(url, controller.signal).then(setInfo, () => setInfo(null));
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [hubUrl]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const url = normaliseHubUrl(hubUrl);
      const result = await login(url, email, password);
      signIn({ hubUrl: url, token: result.token, user: result.user, expiresAt: result.expiresAt });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-display"><DisplayMenu /></div>
        <h1 id="login-title">Switchboard</h1>
        <p className="muted">{t('login.intro')}</p>
        {signOutReason && <p className="notice" role="status">{reasonText(signOutReason.hubReason, signOutReason.message)}</p>}
        <label>
          {t('login.hubAddress')}
          <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} autoComplete="url" required />
        </label>
        <label>
          {t('login.email')}
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required />
        </label>
        <label>
          {t('login.password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.signIn')}
        </button>
        {info?.demo && info.demoAccounts.length > 0 && (
          <section className="demo-accounts" aria-label={t('login.demoAccounts')}>
            <h2>{t('login.demoAccounts')}</h2>
            <p className="muted">{t('login.demoPassword')} <code>{info.demoAccounts[0]!.password}</code></p>
            <ul>
              {info.demoAccounts.map((a) => (
                <li key={a.email}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setEmail(a.email);
                      setPassword(a.password);
                    }}
                  >
                    {a.name} <span className="muted">({t(`roles.${a.role}`)}) {a.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </form>
    </main>
  );
}
