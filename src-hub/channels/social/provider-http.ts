/**
 * Calling a provider's send API: JSON in, JSON out, and the provider's failure mapped onto
 * {@link DeliveryError} — network errors, timeouts, 429 and 5xx are retried; any other 4xx fails
 * the reply with the provider's own explanation.
 */
import { DeliveryError } from '../delivery.js';

/** A send that hangs longer than this is abandoned and retried. */
const TIMEOUT_MS = 15_000;

export interface ProviderRequest {
  url: string;
  headers?: Record<string, string>;
  body: unknown;
  /** Provider name for error messages ("Meta", "X"). */
  provider: string;
  /** Provider-specific: an error body that is transient even though the status is 4xx. */
  isTransient?: (body: unknown) => boolean;
  /** Provider-specific: the human-readable reason in an error body. */
  reasonOf?: (body: unknown) => string | null;
}

/** POST JSON to a provider; resolves with the parsed answer of a 2xx. */
export async function postJson(req: ProviderRequest): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...req.headers },
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryError(`${req.provider} could not be reached: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (response.ok) return body;
  const reason = req.reasonOf?.(body) ?? (text.slice(0, 300) || response.statusText);
  const retryable = response.status === 429 || response.status >= 500 || (req.isTransient?.(body) ?? false);
  throw new DeliveryError(`${req.provider} refused the reply (HTTP ${response.status}): ${reason}`, retryable);
}

/** Join a base URL and path segments; each segment is escaped, so an id cannot change the path. */
export function joinUrl(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts.map((p) => encodeURIComponent(p))].join('/');
}
