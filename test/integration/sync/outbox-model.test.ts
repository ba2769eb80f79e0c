/**
 * Model-based test of the console's outbox and sync engine against the real hub, with faults.
 *
 * Requirement under test: "every enqueued reply is stored exactly once, in order within its
 * conversation, and nothing stays pending once the connection is healthy" — under dropped
 * requests, dropped and late acknowledgements, disconnects, console restarts and hub restarts,
 * with customers writing in between (the stale-send guard holds replies back for review).
 *
 * This file runs half of the main property and the scenarios without hub restarts;
 * `outbox-model-hub-restarts.test.ts` runs the other half and everything that restarts the hub.
 * Knobs: OUTBOX_MODEL_RUNS_FACTOR (scale the run counts), OUTBOX_MODEL_STATS=1 (print coverage),
 * OUTBOX_MODEL_CONNECT_FAULTS=1 (also fault hello/sync:pull; fails until the known bug is fixed).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Ack, SendReplyResult } from '../../../src-shared/index.js';
import { waitUntil } from './console-under-test.js';
import { sentMutations, type SentMutation } from './faulty-socket.js';
import type { ModelRun } from './model-run.js';
import { itKeepsEveryReply, scaledRuns, setupModelSuite } from './model-suite.js';

const suite = setupModelSuite('main');

/** Replies as sent: items of the outbox's `mutation:batch` requests, each with its own answer. */
const sendsOf = (run: ModelRun, from = 0): SentMutation[] => sentMutations(run.plan.exchanges.slice(from)).filter((m) => m.name === 'message:send');
const messageIdOf = (e: SentMutation) => (e.payload as { messageId: string }).messageId;
const pendingRows = (run: ModelRun) => run.client.db.outbox.where('status').equals('pending').toArray();

describe('outbox against the real hub, with faults (model-based)', () => {
  itKeepsEveryReply(suite, scaledRuns(540));
});

describe('outbox against the real hub, with faults (scenarios)', () => {
  it('replays a reply whose acknowledgement was lost: the original result comes back, one row is stored', async () => {
    await suite.withRun(1, async (run) => {
      run.arm('drop-ack');
      await run.reply(0, 'outbound');
      await run.settle();
      const [lost, replay] = sendsOf(run);
      expect(sendsOf(run).map((e) => e.fault)).toEqual(['drop-ack', null]);
      expect(replay!.payload).toEqual(lost!.payload);
      const original = lost!.ack as Ack<SendReplyResult>;
      expect(original).toMatchObject({ ok: true, data: { message: { id: run.replies[0]!.messageId } } });
      expect(replay!.ack).toEqual(original);
      const rows = await suite.env.hub.hub.db.selectFrom('messages').select('id').where('id', '=', run.replies[0]!.messageId).execute();
      expect(rows).toHaveLength(1);
    });
  });

  it('delivers the rows a console quit with exactly once after it starts again', async () => {
    await suite.withRun(2, async (run) => {
      // The first send reaches the hub but its answer is lost; nothing gets through after that.
      run.plan.arm('drop-ack');
      run.plan.arm('drop-request', 'mutation:batch', Number.POSITIVE_INFINITY);
      await run.reply(0, 'outbound');
      await run.reply(1, 'outbound');
      await run.reply(0, 'note');
      await waitUntil(
        () => sendsOf(run).length >= 2,
        () => 'the first reply was never retried',
      );
      expect(await pendingRows(run)).toHaveLength(3);

      run.plan.clear();
      const restartedAt = run.plan.exchanges.length;
      await run.restartClient();
      await run.settle();

      const after = sendsOf(run, restartedAt);
      expect(after.map(messageIdOf)).toEqual(run.replies.map((r) => r.messageId));
      expect(after.every((e) => (e.ack as Ack<unknown>).ok)).toBe(true);
      // The reply the hub already had is answered from its dedupe record, not applied again.
      expect(after[0]!.ack).toEqual(sendsOf(run)[0]!.ack);
    });
  });

  /**
   * Regression: a `hello` lost after a (re)connect once left the outbox idle on a healthy
   * connection until something else happened (a new reply, a reconnect). The engine now retries the
   * handshake and catch-up with backoff for as long as the connection lasts.
   */
  it('rows queued offline are sent when the hello after reconnecting is lost', { timeout: 60_000 }, async () => {
    await suite.withRun(1, async (run) => {
      // Queued while the hub is down, the drain finds no connection and sets no retry timer.
      await suite.env.hub.stop();
      await waitUntil(
        () => !run.client.connected,
        () => 'the console did not notice the hub going away',
      );
      await run.reply(0, 'outbound');
      run.arm('drop-request', 'hello');
      await suite.env.hub.resume();
      await waitUntil(
        () => run.plan.injected['drop-request'] === 1,
        () => 'the console never said hello',
      );
      // Every timer of a correct engine fires well within this (the outbox backoff is shortened).
      await run.settle(5_000);
    });
  });
});
