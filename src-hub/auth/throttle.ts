/**
 * Slows down password guessing: after too many failures for one email or one address, further
 * attempts are refused for a while. In memory on purpose — per hub node is enough to make online
 * guessing impractical, and it resets on restart rather than locking real users out for good.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  #recent(key: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const list = (this.#failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }

  /** Milliseconds until another attempt is allowed; 0 when allowed now. */
  blockedFor(email: string, ip: string): number {
    let wait = 0;
    for (const key of [`e:${email}`, `i:${ip}`]) {
      const list = this.#recent(key);
      const limit = key.startsWith('i:') ? MAX_FAILURES * 5 : MAX_FAILURES;
      if (list.length >= limit) wait = Math.max(wait, list[0]! + WINDOW_MS - this.now());
    }
    return wait;
  }

  fail(email: string, ip: string): void {
    for (const key of [`e:${email}`, `i:${ip}`]) this.#failures.set(key, [...this.#recent(key), this.now()]);
  }

  succeed(email: string, _ip: string): void {
    this.#failures.delete(`e:${email}`);
  }
}
