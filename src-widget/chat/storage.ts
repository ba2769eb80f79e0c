/**
 * What the widget remembers between visits, in the hub origin's localStorage (partitioned per
 * embedding website by the browser): the visitor token, the name/email given, and messages not yet
 * acknowledged by the hub, so a reload neither loses nor doubles them.
 *
 * Storage may be unavailable (blocked third-party storage, private modes): then the widget works
 * for this page view and starts fresh next time.
 */
import type { VisitorProfile } from '../../src-shared/protocol/visitor.js';

export interface PendingMessage {
  clientMessageId: string;
  body: string;
}

export interface VisitorStorage {
  token(): string | null;
  setToken(token: string): void;
  profile(): Partial<VisitorProfile>;
  setProfile(profile: VisitorProfile): void;
  pending(): PendingMessage[];
  setPending(pending: PendingMessage[]): void;
}

export function createVisitorStorage(widgetKey: string): VisitorStorage {
  const prefix = `switchboard-chat:${widgetKey}:`;
  const memory = new Map<string, string>();
  const read = (name: string): string | null => {
    try {
      return window.localStorage.getItem(prefix + name);
    } catch {
      return memory.get(name) ?? null;
    }
  };
  const write = (name: string, value: string) => {
    memory.set(name, value);
    try {
      window.localStorage.setItem(prefix + name, value);
    } catch {
      // kept in memory only
    }
  };
  const readJson = <T>(name: string, fallback: T, valid: (value: unknown) => value is T): T => {
    try {
      const value: unknown = JSON.parse(read(name) ?? 'null');
      return valid(value) ? value : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    token: () => read('token'),
    setToken: (token) => write('token', token),
    profile: () =>
      readJson<Partial<VisitorProfile>>('profile', {}, (v): v is Partial<VisitorProfile> => typeof v === 'object' && v !== null && !Array.isArray(v)),
    setProfile: (profile) => write('profile', JSON.stringify(profile)),
    pending: () =>
      readJson<PendingMessage[]>('pending', [], (v): v is PendingMessage[] =>
        Array.isArray(v) && v.every((p) => typeof p === 'object' && p !== null && typeof p.clientMessageId === 'string' && typeof p.body === 'string'),
      ),
    setPending: (pending) => write('pending', JSON.stringify(pending)),
  };
}

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts, and a hub on a LAN address
 * over plain HTTP is not one; `getRandomValues` is available everywhere.
 */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
