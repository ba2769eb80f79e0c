/**
 * Click-to-dial through a PBX or CTI HTTP API: the hub fills the admin's URL template with the
 * number and calls it, so a token in the template never reaches a console.
 */
import { HubError } from '../errors.js';
import type { ClickToDial } from '../../src-shared/index.js';

/** The template with `{number}`, `{ext}` and `{agent}` filled in, URL-encoded; checked again as a URL. */
export function fillDialTemplate(template: ClickToDial['urlTemplate'], values: { number: string; ext: string | null; agent: string }): URL {
  const filled = template
    .replaceAll('{number}', encodeURIComponent(values.number))
    .replaceAll('{ext}', encodeURIComponent(values.ext ?? ''))
    .replaceAll('{agent}', encodeURIComponent(values.agent));
  const url = new URL(filled);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HubError('bad_request', 'The click-to-dial template is not an http(s) URL', { reason: 'telephony.badTemplate' });
  return url;
}

/**
 * Ask the PBX to dial. Its answer's status is returned; a refusal (4xx/5xx) or an unreachable PBX
 * becomes an error the agent sees, with the status, never the URL (it may hold a token).
 */
export async function clickToDial(
  config: ClickToDial,
  values: { number: string; ext: string | null; agent: string },
  timeoutMs = 5_000,
): Promise<{ status: number }> {
  const url = fillDialTemplate(config.urlTemplate, values);
  let response: Response;
  try {
    response = await fetch(url, {
      method: config.method,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      ...(config.method === 'POST'
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ number: values.number, ext: values.ext, agent: values.agent }) }
        : {}),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const why = timedOut ? 'did not answer in time' : 'cannot be reached';
    throw new HubError('unavailable', `The telephone system ${why}. Dial by hand or try again.`, { reason: timedOut ? 'telephony.timeout' : 'telephony.unreachable' });
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new HubError('bad_request', `The telephone system refused the call (HTTP ${response.status})`, { reason: 'telephony.refused', params: { status: response.status } });
  return { status: response.status };
}
