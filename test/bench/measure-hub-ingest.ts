/**
 * Informational: how many customer messages per second the hub's one ingest path (`hub.ingest`,
 * one transaction per message) stores on PGlite — why the live and catch-up traffic is written
 * by the bench's batched writer instead. Messages continue existing open conversations.
 */
import type { BenchEnv } from './bench-env.js';
import { customerText } from './content.js';

export async function measureHubIngest(env: BenchEnv, seconds: number): Promise<string> {
  const db = env.bench.hub.db;
  const senders = await db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.id', 'conversations.identity_id')
    .select(['identities.channel', 'identities.provider_user_id', 'identities.handle', 'conversations.kind'])
    .where('conversations.status', '!=', 'closed')
    .limit(2000)
    .execute();
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  let n = 0;
  while (Date.now() < end) {
    const s = senders[n % senders.length]!;
    await env.bench.hub.ingest({
      channel: s.channel,
      kind: s.kind,
      providerMessageId: `bench-ingest-${started}-${n}`,
      from: { providerUserId: s.provider_user_id, handle: s.handle, displayName: null },
      body: customerText(env.rng),
    });
    n++;
  }
  const rate = n / ((Date.now() - started) / 1000);
  return `hub.ingest on PGlite, one message per transaction, sequential: ${rate.toFixed(0)} messages/s (${n} in ${seconds} s)`;
}
