/**
 * Opening a long conversation (issue 5): a customer conversation with 2,000 more messages (mixed
 * customer text, replies, notes and 5 % HTML mails of 5–50 KB) reaches the warm console through the
 * change log; then the agent opens it again and again from the queue. Measured per open: click →
 * the newest message painted at the bottom of the thread (rAF, then a task: after the frame that
 * shows it), and how many message rows the thread has in the DOM.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { appendChanges, type PendingChange } from '../../src-hub/store/changes.js';
import { toConversation, toMessage, type MessageRow } from '../../src-hub/store/mappers.js';
import type { BenchEnv, WarmConsole } from './bench-env.js';
import { agentText, customerText, htmlEmail, noteText } from './content.js';
import { HTML_MAX_BYTES, HTML_MIN_BYTES, HTML_SHARE } from './dataset.js';
import { atMost, type BenchResult } from './results.js';
import { max, p95, summarize } from './stats.js';

const MESSAGES = 2000;
const RUNS = 20;

/** Store 2,000 messages in one conversation, with their change-log entries (as the hub would send them). */
async function seedLongThread(env: BenchEnv, conversationId: string): Promise<{ lastId: string }> {
  const { rng, staff } = env;
  const start = Date.now() - MESSAGES * 1000;
  const rows: MessageRow[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const roll = rng.next();
    const html = roll < HTML_SHARE;
    const direction = html || roll < 0.55 ? 'inbound' : roll < 0.9 ? 'outbound' : 'note';
    const body = html ? customerText(rng) : direction === 'inbound' ? customerText(rng) : direction === 'outbound' ? agentText(rng) : noteText(rng);
    rows.push({
      id: randomUUID(),
      conversation_id: conversationId,
      channel: 'email',
      direction,
      author_id: direction === 'inbound' ? null : staff.agent.id,
      body,
      channel_meta: html ? { html: htmlEmail(rng, rng.int(HTML_MIN_BYTES, HTML_MAX_BYTES), 'Re: Ihre Anfrage', 'customer@example.com'), subject: 'Re: Ihre Anfrage', from: 'customer@example.com' } : {},
      provider_message_id: direction === 'inbound' ? `bench-thread-${i}-${conversationId}` : null,
      created_at: new Date(start + i * 1000),
    });
  }
  const db = env.bench.hub.db;
  const head = await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 250) {
      await trx
        .insertInto('messages')
        .values(rows.slice(i, i + 250).map((r) => ({ ...r, channel_meta: JSON.stringify(r.channel_meta), delivery_status: r.direction === 'outbound' ? ('sent' as const) : null })))
        .execute();
    }
    const conversation = await trx
      .updateTable('conversations')
      .set((eb) => ({ status: 'open', version: eb('version', '+', 1), last_message_at: rows.at(-1)!.created_at, updated_at: new Date() }))
      .where('id', '=', conversationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes: PendingChange[] = [{ entity: 'conversation', data: toConversation(conversation) }, ...rows.map((r) => ({ entity: 'message' as const, data: toMessage(r) }))];
    return appendChanges(trx, changes);
  });
  env.bench.hub.realtime.poke(head);
  return { lastId: rows.at(-1)!.id };
}

/** How many messages of the conversation the console has cached (raw IndexedDB, no app code). */
function cachedCount(page: Page, dbName: string, conversationId: string): Promise<number> {
  return page.evaluate(
    ({ dbName, conversationId }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const req = idb.transaction('messages').objectStore('messages').index('[conversationId+createdAt]').count(IDBKeyRange.bound([conversationId, ''], [conversationId, '\uffff']));
          req.onsuccess = () => {
            idb.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    { dbName, conversationId },
  );
}

/** Scroll the virtualized queue until the conversation's row is rendered. */
async function revealRow(page: Page, conversationId: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const found = await page.evaluate((id) => {
      const list = document.querySelector('[role="listbox"]');
      if (!list) return false;
      const row = list.querySelector(`[data-conversation-id="${id}"]`);
      if (row) {
        row.scrollIntoView({ block: 'center' });
        return true;
      }
      list.scrollTop = list.scrollTop + list.clientHeight >= list.scrollHeight - 1 ? 0 : list.scrollTop + list.clientHeight;
      return false;
    }, conversationId);
    if (found) return;
    await page.waitForTimeout(30);
  }
  throw new Error(`conversation ${conversationId} never showed in the queue`);
}

/** Click the row and wait until `lastId` is painted in the thread; the time and the thread's rows. */
function openAndPaint(page: Page, conversationId: string, lastId: string): Promise<{ ms: number; rows: number }> {
  return page.evaluate(
    ({ conversationId, lastId }) =>
      new Promise<{ ms: number; rows: number }>((resolve, reject) => {
        const row = document.querySelector<HTMLElement>(`[role="listbox"] [data-conversation-id="${conversationId}"]`);
        if (!row) return reject(new Error('row not rendered'));
        const t0 = performance.now();
        row.click();
        const deadline = t0 + 30_000;
        const check = () => {
          if (document.querySelector(`ol.thread [data-message-id="${lastId}"]`)) {
            // A task queued from the frame that shows it runs after that frame is painted.
            setTimeout(() => resolve({ ms: performance.now() - t0, rows: document.querySelectorAll('ol.thread > li').length }), 0);
          } else if (performance.now() > deadline) reject(new Error('the newest message never painted'));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { conversationId, lastId },
  );
}

/** Open a neighbouring row, so the next open of the long thread starts from another conversation. */
async function openNeighbour(page: Page, conversationId: string): Promise<void> {
  const other = await page.evaluate((id) => {
    const row = document.querySelector<HTMLElement>(`[role="listbox"] [data-conversation-id="${id}"]`);
    const next = (row?.nextElementSibling ?? row?.previousElementSibling) as HTMLElement | null;
    next?.click();
    return next?.dataset.conversationId ?? null;
  }, conversationId);
  if (!other) throw new Error('no neighbouring conversation in the queue');
  await page.waitForFunction((id) => document.querySelector('[role="listbox"] [aria-selected="true"]')?.getAttribute('data-conversation-id') === id && document.querySelector('ol.thread') !== null, other);
}

export async function measureOpenThread(env: BenchEnv, warm: WarmConsole): Promise<{ results: BenchResult[]; details: string[] }> {
  const { page } = warm;
  const candidates = await env.bench.hub.db
    .selectFrom('conversations')
    .select('id')
    .where('channel', '=', 'email')
    .where('status', '=', 'open')
    .where('snoozed_until', 'is', null)
    .orderBy('last_message_at', 'desc')
    .limit(1)
    .execute();
  const conversationId = candidates[0]?.id;
  if (!conversationId) throw new Error('the dataset has no open email conversation');
  const before = await cachedCount(page, warm.dbName, conversationId);
  const { lastId } = await seedLongThread(env, conversationId);
  const deadline = Date.now() + 120_000;
  let cached = before;
  while ((cached = await cachedCount(page, warm.dbName, conversationId)) < before + MESSAGES) {
    if (Date.now() > deadline) throw new Error(`only ${cached - before} of ${MESSAGES} new messages reached the console's cache within 120 s`);
    await page.waitForTimeout(200);
  }
  env.log(`open thread: ${cached} messages cached in the conversation`);
  const tab = page.getByRole('tab', { name: /^All open/ });
  await tab.click();
  await revealRow(page, conversationId);
  const times: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    await openNeighbour(page, conversationId);
    await revealRow(page, conversationId);
    const run = await openAndPaint(page, conversationId, lastId);
    // The first two opens warm the code paths (JIT); they are not counted.
    if (i >= 2) {
      times.push(run.ms);
      rows.push(run.rows);
    }
  }
  env.log(`open thread: paint ${summarize(times)} ms; rows in the DOM ${summarize(rows, 0)}`);
  return {
    results: [
      atMost(`open thread: ${MESSAGES.toLocaleString('en')} messages → newest painted (p95)`, 100, p95(times), 'ms', times.length, env.scale),
      atMost('open thread: message rows in the DOM (max)', 100, max(rows), 'rows', rows.length, env.scale),
    ],
    details: [`open thread: ${cached} messages in the conversation; paint ${summarize(times)} ms; rows ${summarize(rows, 0)}`],
  };
}
