/**
 * Informational: how many customer messages per second the hub's one ingest path (`hub.ingest`)
 * stores on PGlite, messages continuing existing open conversations:
 *
 * - one at a time (each call awaited before the next: one transaction per message);
 * - as channels deliver them under load, many in flight at once: the ingest path group-commits
 *   what arrives while a transaction is written (see src-hub/ingest/group-commit.ts). The live
 *   ingest scenario needs at least 500/s sustained.
 */
import type { BenchEnv } from './bench-env.js';
import { customerText } from './content.js';

/** Deliveries in flight at once in the concurrent run (webhooks and SMTP sessions in parallel). */
const IN_FLIGHT = 64;

export async function measureHubIngest(env: BenchEnv, seconds: number): Promise<string> {
  const db = env.bench.hub.db;
  const senders = await db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.id', 'conversations.identity_id')
    .select(['identities.channel', 'identities.provider_user_id', 'identities.handle', 'conversations.kind'])
    .where('conversations.status', '!=', 'closed')
    .limit(2000)
    .execute();
  let n = 0;
  const started = Date.now();
  const one = async (): Promise<void> => {
    const i = n++;
    const s = senders[i % senders.length]!;
    await env.bench.hub.ingest({
      channel: s.channel,
      kind: s.kind,
      providerMessageId: `bench-ingest-${started}-${i}`,
      from: { providerUserId: s.provider_user_id, handle: s.handle, displayName: null },
      body: customerText(env.rng),
    });
  };

  let end = Date.now() + seconds * 1000;
  let t = Date.now();
  while (Date.now() < end) await one();
  const sequential = n / ((Date.now() - t) / 1000);
  const sequentialN = n;

  end = Date.now() + seconds * 1000;
  t = Date.now();
  const before = n;
  const worker = async () => {
    while (Date.now() < end) await one();
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const concurrent = (n - before) / ((Date.now() - t) / 1000);
  return (
    `hub.ingest on PGlite: ${sequential.toFixed(0)} messages/s one at a time (${sequentialN} in ${seconds} s); ` +
    `${concurrent.toFixed(0)} messages/s with ${IN_FLIGHT} deliveries in flight (group commit; ${n - before} in ${seconds} s)`
  );
}
