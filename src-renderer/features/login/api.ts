/**
 * HTTP calls made before a socket exists: hub info and sign-in/out. Responses are validated.
 */
import { reasonText } from '../../i18n/hub-error-text.js';
import { t } from '../../i18n/index.js';
import { HubInfoSchema, LoginResponseSchema, type HubInfo, type LoginResponse } from '../../../src-shared/index.js';

/** Normalise what the agent typed into a hub base URL, or throw a readable error. */
export function normaliseHubUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(t('login.errors.hubAddress', { example: 'http://127.0.0.1:5170' }));
  }
  if (url.username || url.password) throw new Error(t('login.errors.hubCredentials'));
  return url.origin;
}

/** The hub's refusal in the agent's language: its reason when it sent one, else its message or `fallback`. */
async function errorMessage(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown; reason?: unknown } };
    const message = typeof body.error?.message === 'string' ? body.error.message : fallback;
    return reasonText(body.error?.reason, message);
  } catch {
    return fallback;
  }
}

export async function fetchHubInfo(hubUrl: string, signal?: AbortSignal): Promise<HubInfo> {
  const response = await fetch(`${hubUrl}/api/info`, { signal: signal ?? null });
  if (!response.ok) throw new Error(t('login.errors.hubStatus', { status: response.status }));
  return HubInfoSchema.parse(await response.json());
}

export async function login(hubUrl: string, email: string, password: string): Promise<LoginResponse> {
  let response: Response;
  try {
    response = await fetch(`${hubUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new Error(t('login.errors.unreachable', { hubUrl }));
  }
  if (!response.ok) {
    // The statuses the hub answers sign-in with have the console's own sentences (hubs before
    // protocol 5 send no reason); anything else is worded from the hub's reason.
    const known = { 400: 'login.errors.required', 401: 'login.errors.wrongCredentials', 429: 'login.errors.throttled' } as const;
    const key = known[response.status as keyof typeof known];
    throw new Error(key ? t(key) : await errorMessage(response, t('login.errors.failed', { status: response.status })));
  }
  return LoginResponseSchema.parse(await response.json());
}

/** Best effort: the local session ends even when the hub cannot be reached. */
export async function logout(hubUrl: string, token: string): Promise<void> {
  try {
    await fetch(`${hubUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch {
    // Offline: the token expires on its own.
  }
}
