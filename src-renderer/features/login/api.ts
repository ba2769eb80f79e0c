/**
 * HTTP calls made before a socket exists: hub info and sign-in/out. Responses are validated.
 */
import { HubInfoSchema, LoginResponseSchema, type HubInfo, type LoginResponse } from '../../../src-shared/index.js';

/** Normalise what the agent typed into a hub base URL, or throw a readable error. */
export function normaliseHubUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error('Enter the hub address, for example http://127.0.0.1:5170');
  }
  if (url.username || url.password) throw new Error('The hub address must not contain a user name or password');
  return url.origin;
}

async function errorMessage(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : fallback;
  } catch {
    return fallback;
  }
}

export async function fetchHubInfo(hubUrl: string, signal?: AbortSignal): Promise<HubInfo> {
  const response = await fetch(`${hubUrl}/api/info`, { signal: signal ?? null });
  if (!response.ok) throw new Error(`The hub answered ${response.status}`);
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
    throw new Error(`Cannot reach the hub at ${hubUrl}. Is it running?`);
  }
  if (!response.ok) throw new Error(await errorMessage(response, `Sign-in failed (${response.status})`));
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
