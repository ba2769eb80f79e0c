/**
 * What the outbox-model test files share: one real hub per file, a signed-in agent, the run
 * wrapper that turns any failure into the run's whole story, and the main property.
 *
 * The main property is split across two files so that vitest runs the halves on both cores; each
 * file has its own hub, so they cannot disturb each other.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shortenedRetries } from './fast-retries.js';
import { runArbitrary, type CommandOptions, type RunShape } from './model-commands.js';
import { emptyStats, ModelRun, type ModelEnv, type RunStats } from './model-run.js';
import { RestartableHub } from './restartable-hub.js';

/** Commands per generated run (uniformly 0–8). */
export const MAX_COMMANDS = 8;

/** Faults hit hello and sync:pull too (OUTBOX_MODEL_CONNECT_FAULTS=0 leaves them alone, to tell the two apart). */
export const commandOptions: CommandOptions = { connectFaults: process.env.OUTBOX_MODEL_CONNECT_FAULTS !== '0' };

/** OUTBOX_MODEL_RUNS scales every property (e.g. 0.1 for a quick check, 10 for a soak). */
export function scaledRuns(runs: number): number {
  const factor = Number(process.env.OUTBOX_MODEL_RUNS_FACTOR ?? 1);
  return Math.max(1, Math.round(runs * factor));
}

export interface ModelSuite {
  readonly env: ModelEnv;
  readonly stats: RunStats;
  /** Open a run, hand it to `body`, check the outcome; a failure carries the run's whole story. */
  withRun(conversations: number, body: (run: ModelRun) => Promise<void>): Promise<void>;
  /** One generated run: play the commands, heal, check. */
  playRun(shape: RunShape): Promise<void>;
}

/** Start a hub for this file (beforeAll) and stop it afterwards; OUTBOX_MODEL_STATS=1 prints coverage. */
export function setupModelSuite(label: string): ModelSuite {
  let env: ModelEnv | null = null;
  const stats = emptyStats();
  const started = { wall: Date.now(), cpu: process.cpuUsage() };

  beforeAll(async () => {
    const hub = await RestartableHub.start();
    const { user, token } = await hub.addSignedInUser();
    env = { hub, agent: user, token };
  }, 120_000);

  afterAll(async () => {
    await env?.hub.close();
    if (process.env.OUTBOX_MODEL_STATS) {
      const cpu = process.cpuUsage(started.cpu);
      const cost = { wallMs: Date.now() - started.wall, cpuMs: Math.round((cpu.user + cpu.system) / 1000), shortenedRetries: shortenedRetries() };
      console.log(`outbox model (${label}): ${JSON.stringify({ ...stats, ...cost })}`);
    }
  });

  const suite: ModelSuite = {
    get env() {
      if (!env) throw new Error('the hub is not running (beforeAll failed?)');
      return env;
    },
    stats,
    async withRun(conversations, body) {
      const run = await ModelRun.open(suite.env, conversations);
      try {
        await body(run);
        const violations = await run.violations(stats);
        if (violations.length > 0) throw new Error(await run.report(violations));
      } catch (error) {
        if (error instanceof Error && error.message.startsWith(`run ${run.id}:`)) throw error;
        throw new Error(await run.report([error instanceof Error ? error.message : String(error)]), { cause: error });
      } finally {
        await run.dispose();
      }
    },
    playRun: (shape) =>
      suite.withRun(shape.conversations, async (run) => {
        await fc.asyncModelRun(() => ({ model: { conversations: shape.conversations }, real: run }), shape.commands);
        await run.heal();
      }),
  };
  return suite;
}

/**
 * The main property: `runs` generated runs of replies, customer messages and faults, each healed
 * and checked against the requirement.
 */
export function itKeepsEveryReply(suite: ModelSuite, runs: number): void {
  it(`stores every reply exactly once and in order (${runs} generated runs)`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(runArbitrary(MAX_COMMANDS, commandOptions), (shape) => suite.playRun(shape)),
      { numRuns: runs },
    );
    // The faults really happened, and the retries really went through the drainer's own timer.
    expect(Object.values(suite.stats.faults).every((n) => n > 0)).toBe(true);
    expect(suite.stats.disconnects + suite.stats.clientRestarts).toBeGreaterThan(0);
    expect(shortenedRetries()).toBeGreaterThan(0);
  });
}
