/**
 * `/webhooks/x`: the X Account Activity API.
 *
 * GET answers the CRC challenge: `response_token = sha256=` + base64(HMAC-SHA256(consumer secret,
 * crc_token)). When accounts of several X apps are configured, the webhook URL registered with
 * each app names its account (`/webhooks/x?account=<user id>`) so the hub knows which secret
 * to answer with. POST checks `x-twitter-webhooks-signature` over the raw body: unsigned → 401,
 * wrongly signed → 403, malformed → 400, database down → 503 so X redelivers.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { hmacSha256, matchSignature } from '../social/signature.js';
import { parseJson, rawBodyOf, refuse } from '../social/webhook-scope.js';
import { ingestWebhookEvents, unavailable, type IngestDeps } from '../social/webhook-ingest.js';
import { xAccounts } from './accounts.js';
import { parseXWebhook } from './parse.js';

export interface XWebhookDeps extends IngestDeps {
  db: Kysely<Database>;
}

/** Register GET and POST `/webhooks/x` in a raw-body scope. */
export function registerXWebhook(scope: FastifyInstance, deps: XWebhookDeps): void {
  scope.get('/webhooks/x', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const token = query.crc_token;
    if (typeof token !== 'string' || token === '' || token.length > 1000) {
      return refuse(reply, { status: 400, code: 'bad_request', message: 'Expected a crc_token' });
    }
    let accounts;
    try {
      accounts = await xAccounts(deps.db);
    } catch (error) {
      deps.log('x webhook CRC: database unavailable', error);
      return refuse(reply, unavailable());
    }
    const wanted = typeof query.account === 'string' ? accounts.filter((a) => a.address === query.account) : accounts;
    const secrets = [...new Set(wanted.map((a) => a.secrets?.consumerSecret).filter((s): s is string => typeof s === 'string' && s !== ''))];
    if (secrets.length === 0) return refuse(reply, { status: 404, code: 'not_found', message: 'No X account with a consumer secret is configured' + (typeof query.account === 'string' ? ` for ${query.account}` : '') });
    if (secrets.length > 1) {
      return refuse(reply, { status: 400, code: 'bad_request', message: 'Several X apps are configured: register the webhook as /webhooks/x?account=<X user id>' });
    }
    return reply.code(200).send({ response_token: `sha256=${hmacSha256(secrets[0]!, token, 'base64')}` });
  });

  scope.post('/webhooks/x', async (request, reply) => {
    const raw = rawBodyOf(request.body);
    const header = request.headers['x-twitter-webhooks-signature'];
    if (typeof header !== 'string' || header === '') {
      return refuse(reply, { status: 401, code: 'unauthenticated', message: 'Missing x-twitter-webhooks-signature' });
    }
    let accounts;
    try {
      accounts = await xAccounts(deps.db);
    } catch (error) {
      deps.log('x webhook: database unavailable', error);
      return refuse(reply, unavailable());
    }
    const secrets = new Set(accounts.map((a) => a.secrets?.consumerSecret).filter((s): s is string => typeof s === 'string' && s !== ''));
    const secret = matchSignature(header, raw, secrets, 'base64');
    if (!secret) return refuse(reply, { status: 403, code: 'forbidden', message: 'x-twitter-webhooks-signature does not match the body signed with any configured consumer secret' });

    const json = parseJson(raw);
    if (!json.ok) return refuse(reply, { status: 400, code: 'bad_request', message: json.reason });
    const parsed = parseXWebhook(json.value);
    if (!parsed.ok) return refuse(reply, { status: 400, code: 'bad_request', message: parsed.reason });

    const result = await ingestWebhookEvents(parsed.events, accounts, (a) => a.secrets?.consumerSecret === secret, deps);
    if (!result.ok) return refuse(reply, result.refusal);
    return reply.code(200).send({ ...result.outcome, ignored: parsed.ignored });
  });
}
