/**
 * Target 5, offline replay: while offline the agent queues 1,000 replies, 20 each to 50
 * unassigned conversations, then the network returns.
 *
 * The first reply to each conversation is typed into the console's own composer (Ctrl+Enter), so
 * `commands.ts` writes its outbox row and optimistic message. Typing all 1,000 would take the bench
 * 3–7 minutes (each send re-renders the thread: 150–400 ms), so the other 19 per conversation are
 * copies of that conversation's real rows written straight to IndexedDB in one transaction, with
 * fresh message and mutation ids, body and time: whatever shape commands.ts writes, the copies have
 * it too, including the stale-send `seen` state (nothing changes while offline). The console's
 * drain reads the outbox from IndexedDB, so it sends the copies like typed replies.
 *
 * - replay: the new WebSocket opened → the probe reads zero pending outbox rows.
 * - exactly once: the hub's `messages` table holds each reply body exactly once, 1,000 in all.
 */
import { sql } from 'kysely';
import { headSyncId } from '../../src-hub/store/changes.js';
import { NORMAL_VIEWPORT, TALL_VIEWPORT, waitStatus } from './bench-browser.js';
import { sleep, type BenchEnv, type WarmConsole } from './bench-env.js';
import { connectAgent } from './node-client.js';
import { atMost, exactly, type BenchResult } from './results.js';
import { summarize } from './stats.js';

export const REPLIES = 1000;
const CONVERSATIONS = 50;
const REPLAY_TIMEOUT_MS = 300_000;

/** Outbox rows by status, read from IndexedDB directly. */
async function outboxByStatus(warm: WarmConsole): Promise<Record<string, number>> {
  return warm.page.evaluate(
    (name) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          all.onsuccess = () => {
            const counts: Record<string, number> = {};
            for (const row of all.result as { status: string }[]) counts[row.status] = (counts[row.status] ?? 0) + 1;
            db.close();
            resolve(counts);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    warm.dbName,
  );
}

/**
 * In the page: copy each typed reply's outbox row and optimistic message until there are `total`,
 * replacing ids, body and time throughout the row, and add them in one transaction (in the
 * outbox's sequence order after the typed ones). Returns the number of replies now queued.
 */
function copyReplies(args: { dbName: string; runId: string; typed: number; total: number; bodyOf: string; marker: string }): Promise<number> {
  const bodyFor = (n: number) => args.bodyOf.replace(args.marker, `#${n}:`);
  const swap = (value: unknown, pairs: [string, string][]) => {
    let json = JSON.stringify(value);
    for (const [from, to] of pairs) json = json.split(from).join(to);
    return JSON.parse(json) as Record<string, unknown>;
  };
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(args.dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['outbox', 'messages'], 'readwrite');
      const outbox = tx.objectStore('outbox');
      const messages = tx.objectStore('messages');
      const all = outbox.getAll();
      let n = args.typed;
      all.onsuccess = () => {
        const templates = (all.result as { messageId?: string; mutationId: string; createdAt: string; payload: { body?: string } }[]).filter(
          (row) => typeof row.payload.body === 'string' && row.payload.body.startsWith(args.runId),
        );
        if (templates.length !== args.typed) {
          reject(new Error(`expected ${args.typed} typed replies in the outbox, found ${templates.length}`));
          return;
        }
        const perTemplate = Math.ceil((args.total - args.typed) / templates.length);
        let pendingReads = templates.length;
        for (const template of templates) {
          const read = messages.get(template.messageId!);
          read.onsuccess = () => {
            const message = read.result as { createdAt: string } | undefined;
            if (!message) {
              reject(new Error(`typed reply ${template.messageId} has no optimistic message`));
              return;
            }
            for (let k = 1; k <= perTemplate && n < args.total; k++, n++) {
              const createdAt = new Date(Date.parse(template.createdAt) + k).toISOString();
              const pairs: [string, string][] = [
                [template.mutationId, crypto.randomUUID()],
                [template.messageId!, crypto.randomUUID()],
                [template.payload.body!, bodyFor(n)],
                [template.createdAt, createdAt],
                [message.createdAt, createdAt],
              ];
              const row = swap(template, pairs);
              delete row.seq;
              outbox.add(row);
              messages.add(swap(message, pairs));
            }
            if (--pendingReads === 0) tx.oncomplete = () => (db.close(), resolve(n));
          };
        }
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Round trips of 50 sequential replies sent by a socket.io client in this process. */
async function timeHubSends(env: BenchEnv, prefix: string): Promise<number[]> {
  const targets = await env.bench.hub.db
    .selectFrom('conversations')
    .select('id')
    .where('assignee_id', '=', env.staff.agent.id)
    .where('status', '=', 'open')
    // No calls, and no WhatsApp: outside its 24-hour window only templates may be sent.
    .where('channel', 'not in', ['phone', 'whatsapp'])
    .limit(50)
    .execute();
  const socket = await connectAgent(env.hubUrl, env.staff.agent.email, env.staff.password);
  const ms: number[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      const t = performance.now();
      const ack = await socket.timeout(30_000).emitWithAck('message:send', {
        clientId: 'bench-node-client',
        mutationId: crypto.randomUUID(),
        conversationId: target.id,
        messageId: crypto.randomUUID(),
        body: `${prefix} ${i}`,
        direction: 'outbound',
      });
      ms.push(performance.now() - t);
      if (!ack.ok) throw new Error(`message:send from the bench failed: ${ack.error.message}`);
    }
  } finally {
    socket.close();
  }
  return ms;
}

export async function measureOfflineReplay(env: BenchEnv, warm: WarmConsole): Promise<{ results: BenchResult[]; details: string[] }> {
  const { page, context } = warm;
  const db = env.bench.hub.db;
  await page.setViewportSize(TALL_VIEWPORT);
  await page.getByRole('tab', { name: 'Unassigned' }).click();
  const head = await headSyncId(db);
  if (!(await warm.probe.until((r) => r.cursor >= head, 120_000))) throw new Error('offline replay: the console did not reach the head first');
  const rows = page.locator('[role="listbox"] [role="option"]');
  await rows.nth(Math.min(CONVERSATIONS, 10) - 1).waitFor();
  const visibleRows = await rows.count();

  await context.setOffline(true);
  await waitStatus(page, 'offline', 30_000);
  const runId = `bench-replay-${Date.now().toString(36)}`;
  const bodyOf = (n: number) => `${runId} #${n}: Danke für Ihre Geduld, wir melden uns gleich.`;
  const queueStart = Date.now();
  const reply = page.getByLabel('Reply', { exact: true });
  // WhatsApp conversations whose 24-hour window has closed take only templates (the composer is
  // disabled there): the agent answers the others, as she would.
  let conversations = 0;
  for (let r = 0; r < visibleRows && conversations < CONVERSATIONS; r++) {
    await rows.nth(r).click();
    await reply.waitFor();
    if (await reply.isDisabled()) continue;
    const c = conversations++;
    await reply.fill(bodyOf(c));
    await reply.press('Control+Enter');
    // The composer empties once the reply and its outbox row are committed.
    while ((await reply.inputValue()) !== '') await sleep(2);
  }
  const typedMs = Date.now() - queueStart;
  const written = await page.evaluate(copyReplies, { dbName: warm.dbName, runId, typed: conversations, total: REPLIES, bodyOf: bodyOf(0), marker: '#0:' });
  const queueMs = Date.now() - queueStart;
  const queued = await warm.probe.until((r) => r.pending >= REPLIES, 30_000);
  if (!queued) throw new Error(`offline replay: expected ${REPLIES} pending outbox rows, the probe saw ${warm.probe.latest()?.pending}`);

  const socketsBefore = await page.evaluate(() => window.__bench!.sockets.length);
  await context.setOffline(false);
  const onlineAt = Date.now();
  const drained = await warm.probe.until((r) => r.pending === 0, REPLAY_TIMEOUT_MS, 50);
  const sockets = await page.evaluate((from) => window.__bench!.sockets.slice(from), socketsBefore);
  const opened = sockets.find((s) => s.opened !== null)?.opened ?? onlineAt;
  const replayMs = (drained?.t ?? Date.now()) - opened;
  const parked = await outboxByStatus(warm);

  const stored = await sql<{ n: number | string; distinct: number | string }>`
    select count(*) as n, count(distinct body) as distinct from messages where body like ${`${runId} #%`}`.execute(db);
  const n = Number(stored.rows[0]!.n);
  const distinct = Number(stored.rows[0]!.distinct);
  const hubSendMs = await timeHubSends(env, `${runId}-node`);
  await page.getByRole('tab', { name: 'All open' }).click();
  await page.setViewportSize(NORMAL_VIEWPORT);

  return {
    results: [
      atMost(`offline replay: ${REPLIES.toLocaleString('en')} queued replies sent`, 5000, replayMs, 'ms', 1, env.scale, drained ? undefined : 'timed out, > this'),
      exactly('offline replay: replies stored in the hub', REPLIES, distinct, 'replies', 1, env.scale),
      exactly('offline replay: duplicate replies in the hub', 0, n - distinct, 'replies', 1, env.scale),
    ],
    details: [
      `offline replay: ${conversations} replies typed into the composer offline in ${(typedMs / 1000).toFixed(1)} s (${(typedMs / conversations).toFixed(0)} ms each), ${written - conversations} copies of them written to IndexedDB; ${(queueMs / 1000).toFixed(1)} s in all`,
      `offline replay: socket.io reconnect wait after the network returned (not counted): ${opened - onlineAt} ms`,
      `offline replay: per reply ${(replayMs / REPLIES).toFixed(0)} ms; one message:send from a Node socket.io client to the same conversations (hub + wire only): ${summarize(hubSendMs, 0)} ms`,
      `offline replay: outbox after the drain: ${JSON.stringify(parked)} (parked rows count as not sent)`,
    ],
  };
}
