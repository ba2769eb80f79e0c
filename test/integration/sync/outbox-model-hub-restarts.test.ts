/**
 * The other half of the outbox model (see `outbox-model.test.ts`), plus everything that restarts the
 * hub: generated runs with a hub restart in the middle, and pending rows across a restart.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ack } from '../../../src-shared/index.js';
import { waitUntil } from './console-under-test.js';
import { sentMutations, type SentMutation } from './faulty-socket.js';
import { hubRestartRunArbitrary } from './model-commands.js';
import type { ModelRun } from './model-run.js';
import { commandOptions, itKeepsEveryReply, MAX_COMMANDS, scaledRuns, setupModelSuite } from './model-suite.js';

const suite = setupModelSuite('hub restarts');

/** A hub restart costs 1–2 s (PGlite reopens its data directory), so these runs are few. */
const HUB_RESTART_RUNS = scaledRuns(6);

/** Replies as sent: items of the outbox's `mutation:batch` requests, each with its own answer. */
const sendsOf = (run: ModelRun, from = 0): SentMutation[] => sentMutations(run.plan.exchanges.slice(from)).filter((m) => m.name === 'message:send');
const pendingRows = (run: ModelRun) => run.client.db.outbox.where('status').equals('pending').toArray();

describe('outbox against the real hub, with faults (model-based)', () => {
  itKeepsEveryReply(suite, scaledRuns(460));

  it(`survives a hub restart (${HUB_RESTART_RUNS} generated runs)`, { timeout: 300_000 }, async () => {
    const before = suite.stats.hubRestarts;
    await fc.assert(
      fc.asyncProperty(hubRestartRunArbitrary(MAX_COMMANDS / 2, commandOptions), (shape) => suite.playRun(shape)),
      { numRuns: HUB_RESTART_RUNS },
    );
    expect(suite.stats.hubRestarts - before).toBeGreaterThanOrEqual(HUB_RESTART_RUNS);
  });
});

describe('outbox against the real hub, with faults (scenarios)', () => {
  it('delivers rows that were pending across a hub restart exactly once', async () => {
    await suite.withRun(1, async (run) => {
      // The first reply reaches the hub but its answer is lost; its retries do not get through.
      run.plan.arm('drop-ack');
      run.plan.arm('drop-request', 'mutation:batch', Number.POSITIVE_INFINITY);
      await run.reply(0, 'outbound');
      await waitUntil(
        () => sendsOf(run)[0]?.ack !== undefined,
        () => 'the first reply never reached the hub',
      );
      await suite.env.hub.stop();
      await waitUntil(
        () => !run.client.connected,
        () => 'the console did not notice the hub going away',
      );
      run.plan.clear();
      await run.reply(0, 'outbound');
      await run.reply(0, 'outbound');
      expect(await pendingRows(run)).toHaveLength(3);

      const restartedAt = run.plan.exchanges.length;
      await suite.env.hub.resume();
      await run.settle();

      const after = sendsOf(run, restartedAt);
      expect(after.map((e) => (e.payload as { messageId: string }).messageId)).toEqual(run.replies.map((r) => r.messageId));
      expect(after.every((e) => (e.ack as Ack<unknown>).ok)).toBe(true);
      // The dedupe record survived the restart: the first reply's replay gets its original result.
      expect(after[0]!.ack).toEqual(sendsOf(run)[0]!.ack);
    });
  });
});
