/**
 * One generated run of the outbox model: a fresh console with its own conversations on the shared
 * hub, the actions the commands call, the "heal" that ends every run, and the checks of what the
 * hub stored against what the agent enqueued.
 */
import { randomUUID } from 'node:crypto';
import type { User } from '../../../src-shared/index.js';
import { headSyncId } from '../../../src-hub/store/changes.js';
import { queueReply, resendMessage } from '../../../src-renderer/features/conversation/commands.js';
import { ConsoleUnderTest, waitUntil } from './console-under-test.js';
import { FaultPlan, sentMutations, type FaultEvent, type FaultKind } from './faulty-socket.js';
import type { RestartableHub } from './restartable-hub.js';
import { findViolations, type ReplyRecord } from './verify-run.js';

export interface ModelEnv {
  hub: RestartableHub;
  agent: User;
  token: string;
}

/** Counts over all runs, for the summary and to see that the faults really happened. */
export interface RunStats {
  runs: number;
  replies: number;
  delivered: number;
  heldBack: number;
  confirmed: number;
  customerWrites: number;
  disconnects: number;
  clientRestarts: number;
  hubRestarts: number;
  faults: Record<FaultKind, number>;
  /** Pairs of this agent's messages in one conversation stored in the same millisecond. */
  timestampTies: number;
}

export function emptyStats(): RunStats {
  return {
    runs: 0,
    replies: 0,
    delivered: 0,
    heldBack: 0,
    confirmed: 0,
    customerWrites: 0,
    disconnects: 0,
    clientRestarts: 0,
    hubRestarts: 0,
    faults: { 'drop-request': 0, 'drop-ack': 0, 'late-ack': 0 },
    timestampTies: 0,
  };
}

/** Heal and quiet-down waits are bounded; the backoff is shortened, so 20 s means "stuck". */
const SETTLE_TIMEOUT_MS = 20_000;

export class ModelRun {
  readonly plan = new FaultPlan();
  readonly timeline: string[] = [];
  readonly replies: ReplyRecord[] = [];
  /** The run's conversations; `syncedUpTo` is their newest message once the console had pulled them. */
  readonly conversations: { id: string; sender: string; customerWrites: number; syncedUpTo: string }[] = [];
  readonly client: ConsoleUnderTest;
  readonly #started = Date.now();
  #disconnects = 0;
  /** The hub's change-log head before this run wrote anything. */
  #startHead = 0;
  #hubRestarts = 0;

  private constructor(
    private readonly env: ModelEnv,
    readonly id: string,
  ) {
    this.client = new ConsoleUnderTest(`outbox-model-${id}`, env.hub.url, env.token, env.agent, this.plan);
    this.client.onStatus = (status) => this.note(`  status ${status.kind}${'reason' in status ? ` (${status.reason})` : ''}`);
  }

  /**
   * A console that has synced `conversationCount` new conversations of its own, each opened by a
   * customer message, and nothing else of the hub's history.
   */
  static async open(env: ModelEnv, conversationCount: number): Promise<ModelRun> {
    const run = new ModelRun(env, randomUUID().slice(0, 8));
    // Start the cache at the hub's current head, as a console that synced before would be: the
    // engine then pulls only this run's rows, not every earlier run's.
    run.#startHead = await headSyncId(env.hub.hub.db);
    await run.client.db.meta.put({ key: 'cursor', value: run.#startHead });
    for (let i = 0; i < conversationCount; i += 1) {
      const sender = `model-${run.id}-${i}`;
      const result = await env.hub.hub.ingest(run.#customerMessage(sender, 'Hello, I need help'));
      run.conversations.push({ id: result.conversationId, sender, customerWrites: 0, syncedUpTo: '' });
    }
    run.client.start();
    // The agent has the conversations open: their replies carry what they saw (stale-send guard).
    const ids = run.conversations.map((c) => c.id);
    await waitUntil(
      async () => (await run.client.db.conversations.bulkGet(ids)).every(Boolean),
      () => `console never pulled its conversations; status ${JSON.stringify(run.client.status)}`,
      SETTLE_TIMEOUT_MS,
    );
    for (const [i, cached] of (await run.client.db.conversations.bulkGet(ids)).entries()) {
      run.conversations[i]!.syncedUpTo = cached!.lastMessageAt;
    }
    run.note(`opened with ${conversationCount} conversation(s)`);
    return run;
  }

  #customerMessage(sender: string, body: string) {
    return {
      channel: 'chat' as const,
      kind: 'message' as const,
      providerMessageId: `model-${randomUUID()}`,
      from: { providerUserId: sender, handle: `${sender}@example.test`, displayName: null },
      body,
    };
  }

  note(text: string): void {
    this.timeline.push(`+${String(Date.now() - this.#started).padStart(5)} ms ${text}`);
  }

  async reply(conversation: number, direction: 'outbound' | 'note'): Promise<void> {
    const index = this.replies.length;
    const body = `run ${this.id} ${direction} #${index} in c${conversation}`;
    const messageId = await queueReply(this.client.db, {
      conversationId: this.conversations[conversation]!.id,
      body,
      direction,
      author: this.env.agent,
    });
    // What the agent saw, as the outbox row carries it; the row may already be sent and gone.
    const row = await this.client.db.outbox.filter((r) => r.messageId === messageId).first();
    const payload = (row?.payload ?? sentMutations(this.plan.exchanges).find((m) => (m.payload as { messageId?: string }).messageId === messageId)?.payload) as
      | { seen?: { lastMessageAt: string | null } }
      | undefined;
    if (!payload) throw new Error(`reply ${messageId} is neither in the outbox nor sent`);
    this.replies.push({
      index,
      messageId,
      conversation,
      body,
      direction,
      seen: payload.seen ?? null,
      syncedUpTo: this.conversations[conversation]!.syncedUpTo,
      confirmed: false,
    });
    this.note(`queued #${index} ${direction} in c${conversation} (${messageId.slice(0, 8)}, seen ${payload.seen?.lastMessageAt ?? 'nothing'})`);
  }

  async customerWrites(conversation: number): Promise<void> {
    const target = this.conversations[conversation]!;
    target.customerWrites += 1;
    const result = await this.env.hub.hub.ingest(this.#customerMessage(target.sender, `customer again (${target.customerWrites})`));
    if (result.status !== 'stored' || result.conversationId !== target.id) {
      throw new Error(`customer message went elsewhere: ${JSON.stringify(result)}`);
    }
    this.note(`customer wrote in c${conversation}`);
  }

  /**
   * The agent reviews the oldest held-back reply and sends it anyway. A reply shows as held back
   * only once the hub has answered, so this first lets the console finish sending; a no-op when
   * nothing is held back.
   */
  async confirmOldestHeld(): Promise<void> {
    await this.settle();
    const held = await this.client.db.outbox.where('status').equals('needs-attention').first();
    const reply = this.replies.find((r) => r.messageId === held?.messageId);
    if (!held || !reply) {
      this.note('nothing held back to confirm');
      return;
    }
    await resendMessage(this.client.db, reply.messageId);
    reply.confirmed = true;
    this.note(`confirmed held #${reply.index}`);
  }

  arm(kind: FaultKind, event: FaultEvent = 'mutation:batch'): void {
    this.plan.arm(kind, event);
    this.note(`armed ${kind} for the next ${event}`);
  }

  disconnect(): void {
    if (!this.client.dropConnection(this.env.hub.hub)) {
      this.note('not connected: nothing to cut');
      return;
    }
    this.#disconnects += 1;
    this.note('connection cut');
  }

  async restartClient(): Promise<void> {
    await this.client.restart();
    this.note('console restarted');
  }

  async restartHub(): Promise<void> {
    this.#hubRestarts += 1;
    this.note('hub stopping');
    await this.env.hub.restart();
    this.note('hub started again');
  }

  /** Wait until the console is connected and its outbox has nothing pending. */
  async settle(timeoutMs = SETTLE_TIMEOUT_MS): Promise<void> {
    await waitUntil(
      async () => this.client.connected && (await this.client.db.outbox.where('status').equals('pending').count()) === 0,
      async () => `still pending: ${JSON.stringify(await this.client.db.outbox.toArray())}; connected ${this.client.connected}`,
      timeoutMs,
    );
    this.note('settled');
  }

  /** End of run: lift every fault and let the console reach a healthy, drained state. */
  async heal(): Promise<void> {
    this.plan.clear();
    this.note('healing');
    await this.settle();
  }

  /** Everything that contradicts the requirement, as readable lines; empty when the run is good. */
  async violations(stats: RunStats): Promise<string[]> {
    const found = await findViolations({
      hubDb: this.env.hub.hub.db,
      db: this.client.db,
      agentId: this.env.agent.id,
      conversationIds: this.conversations.map((c) => c.id),
      startHead: this.#startHead,
      replies: this.replies,
    });
    stats.runs += 1;
    stats.replies += this.replies.length;
    stats.delivered += found.delivered;
    stats.heldBack += found.heldBack;
    stats.timestampTies += found.timestampTies;
    stats.confirmed += this.replies.filter((r) => r.confirmed).length;
    stats.customerWrites += this.conversations.reduce((n, c) => n + c.customerWrites, 0);
    stats.disconnects += this.#disconnects;
    stats.clientRestarts += this.client.restarts;
    stats.hubRestarts += this.#hubRestarts;
    for (const [kind, n] of Object.entries(this.plan.injected)) stats.faults[kind as FaultKind] += n;
    const hubFailures = this.env.hub.failuresSince(this.#started).map((l) => `hub logged: ${l}`);
    const engineErrors = this.client.errors.map((l) => `console logged: ${l}`);
    return [...found.violations, ...hubFailures, ...engineErrors];
  }

  /** A failure report: the violations, then the run's timeline and what went over the wire. */
  async report(violations: string[]): Promise<string> {
    const outbox = await this.client.db.outbox.toArray().catch(() => []);
    const wire = this.plan.exchanges.map((e) => {
      const p = e.payload as { messageId?: string; mutationId?: string } | undefined;
      const ack = e.ack as { ok?: boolean; error?: { code: string } } | undefined;
      const answer = ack === undefined ? 'no answer' : ack.ok ? 'ok' : ack.error?.code;
      const items =
        e.event === 'mutation:batch'
          ? `: ${sentMutations([e])
              .map((m) => {
                const a = m.ack as { ok?: boolean; error?: { code: string } } | undefined;
                return `${(m.payload as { messageId?: string }).messageId?.slice(0, 8) ?? m.name} ${a === undefined ? '?' : a.ok ? 'ok' : a.error?.code}`;
              })
              .join(', ')}`
          : '';
      return `  ${e.event}${p?.messageId ? ` ${p.messageId.slice(0, 8)}` : ''}${e.fault ? ` [${e.fault}]` : ''} → ${answer}${items}`;
    });
    return [
      `run ${this.id}: ${violations.length} violation(s)`,
      ...violations.map((v) => `  ✗ ${v}`),
      'timeline:',
      ...this.timeline.map((t) => `  ${t}`),
      'outbox now:',
      ...outbox.map((r) => `  seq ${r.seq} ${r.status} attempts ${r.attempts} ${r.messageId?.slice(0, 8)} ${r.lastError ?? ''}`),
      'requests:',
      ...wire,
    ].join('\n');
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}
