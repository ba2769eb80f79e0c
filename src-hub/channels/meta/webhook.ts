/**
 * `/webhooks/meta`: Messenger, Instagram (messages and comments), Facebook page comments and the
 * WhatsApp Cloud API, in Meta's documented formats.
 *
 * GET answers the subscription challenge when `hub.verify_token` matches an account's verify
 * token. POST checks `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret)
 * before looking at the body: unsigned → 401, wrongly signed → 403, malformed → 400, database
 * down → 503 so Meta redelivers. Events are only routed to accounts of the app that signed.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { toConversation, toMessage } from '../../store/mappers.js';
import { appendChanges, type PendingChange } from '../../store/changes.js';
import { matchSignature, safeEqual } from '../social/signature.js';
import { parseJson, rawBodyOf, refuse } from '../social/webhook-scope.js';
import { ingestWebhookEvents, unavailable, type IngestDeps } from '../social/webhook-ingest.js';
import { metaAccounts } from './accounts.js';
import { parseMetaWebhook, type WhatsAppStatus } from './parse.js';

export interface MetaWebhookDeps extends IngestDeps {
  db: Kysely<Database>;
  /** Consoles learn of delivery updates through the change log. */
  onChange: (head: number) => void;
}

/** Register GET and POST `/webhooks/meta` in a raw-body scope. */
export function registerMetaWebhook(scope: FastifyInstance, deps: MetaWebhookDeps): void {
  scope.get('/webhooks/meta', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge.length > 1000) {
      return refuse(reply, { status: 400, code: 'bad_request', message: 'Expected hub.mode=subscribe, hub.verify_token and hub.challenge' });
    }
    let accounts;
    try {
      accounts = await metaAccounts(deps.db);
    } catch (error) {
      deps.log('meta webhook verification: database unavailable', error);
      return refuse(reply, unavailable());
    }
    const known = accounts.some((a) => typeof a.secrets?.verifyToken === 'string' && safeEqual(a.secrets.verifyToken, token));
    if (!known) return refuse(reply, { status: 403, code: 'forbidden', message: 'The verify token matches no Facebook, Instagram or WhatsApp account' });
    // Meta expects the challenge echoed back as plain text.
    return reply.code(200).type('text/plain').send(challenge);
  });

  scope.post('/webhooks/meta', async (request, reply) => {
    const raw = rawBodyOf(request.body);
    const header = request.headers['x-hub-signature-256'];
    if (typeof header !== 'string' || header === '') {
      return refuse(reply, { status: 401, code: 'unauthenticated', message: 'Missing X-Hub-Signature-256' });
    }
    let accounts;
    try {
      accounts = await metaAccounts(deps.db);
    } catch (error) {
      deps.log('meta webhook: database unavailable', error);
      return refuse(reply, unavailable());
    }
    const secrets = new Set(accounts.map((a) => a.secrets?.appSecret).filter((s): s is string => typeof s === 'string' && s !== ''));
    const secret = matchSignature(header, raw, secrets, 'hex');
    if (!secret) return refuse(reply, { status: 403, code: 'forbidden', message: 'X-Hub-Signature-256 does not match the body signed with any configured app secret' });

    const json = parseJson(raw);
    if (!json.ok) return refuse(reply, { status: 400, code: 'bad_request', message: json.reason });
    const parsed = parseMetaWebhook(json.value);
    if (!parsed.ok) return refuse(reply, { status: 400, code: 'bad_request', message: parsed.reason });

    const result = await ingestWebhookEvents(parsed.events, accounts, (a) => a.secrets?.appSecret === secret, deps);
    if (!result.ok) return refuse(reply, result.refusal);
    try {
      const head = await applyWhatsAppStatuses(deps.db, parsed.statuses.filter((s) => accounts.some((a) => a.channel === 'whatsapp' && a.address === s.phoneNumberId && a.secrets?.appSecret === secret)));
      if (head) deps.onChange(head);
    } catch (error) {
      deps.log('meta webhook: could not record WhatsApp statuses', error);
      return refuse(reply, unavailable());
    }
    return reply.code(200).send({ ...result.outcome, ignored: parsed.ignored, statuses: parsed.statuses.length });
  });
}

/**
 * A WhatsApp `failed` status on a reply we sent marks it failed with WhatsApp's reason (a send can
 * be accepted by the API and still fail later, e.g. outside the 24-hour window). Other statuses
 * (sent, delivered, read) confirm what the message already says.
 */
async function applyWhatsAppStatuses(db: Kysely<Database>, statuses: WhatsAppStatus[]): Promise<number | null> {
  const failed = statuses.filter((s) => s.status === 'failed');
  if (failed.length === 0) return null;
  return db.transaction().execute(async (trx) => {
    const changed: PendingChange[] = [];
    for (const status of failed) {
      const row = await trx
        .updateTable('messages')
        .set({ delivery_status: 'failed', delivery_error: `WhatsApp could not deliver this reply: ${status.error ?? 'no reason given'}` })
        .where('channel', '=', 'whatsapp')
        .where('direction', '=', 'outbound')
        .where('provider_message_id', '=', status.wamid)
        .returningAll()
        .executeTakeFirst();
      if (!row) continue;
      await trx.updateTable('deliveries').set({ status: 'failed', last_error: row.delivery_error, updated_at: new Date() }).where('message_id', '=', row.id).execute();
      const conversation = await trx.selectFrom('conversations').selectAll().where('id', '=', row.conversation_id).executeTakeFirstOrThrow();
      // A message change is appended with its conversation (the change log scopes it by that).
      changed.push({ entity: 'message' as const, data: toMessage(row) }, { entity: 'conversation' as const, data: toConversation(conversation) });
    }
    return changed.length > 0 ? appendChanges(trx, changed) : null;
  });
}
