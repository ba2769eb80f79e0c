/**
 * The agent's and the world's actions as fast-check commands, and the arbitrary of whole runs.
 *
 * Commands act on the real system at once and never wait for the console to catch up (except
 * `settle`), so faults land on whatever the engine is doing at that moment.
 */
import fc from 'fast-check';
import type { FaultEvent, FaultKind } from './faulty-socket.js';
import type { ModelRun } from './model-run.js';

/** What a command may rely on before it runs. */
export interface Model {
  conversations: number;
}

type Cmd = fc.AsyncCommand<Model, ModelRun>;

class Reply implements Cmd {
  constructor(
    readonly conversation: number,
    readonly direction: 'outbound' | 'note',
  ) {}
  check = (m: Readonly<Model>) => this.conversation < m.conversations;
  run = (_m: Model, r: ModelRun) => r.reply(this.conversation, this.direction);
  toString = () => `${this.direction === 'note' ? 'note' : 'reply'}(c${this.conversation})`;
}

class CustomerWrites implements Cmd {
  constructor(readonly conversation: number) {}
  check = (m: Readonly<Model>) => this.conversation < m.conversations;
  run = (_m: Model, r: ModelRun) => r.customerWrites(this.conversation);
  toString = () => `customerWrites(c${this.conversation})`;
}

class ConfirmHeld implements Cmd {
  check = () => true;
  run = (_m: Model, r: ModelRun) => r.confirmOldestHeld();
  toString = () => 'confirmOldestHeld';
}

class Fault implements Cmd {
  constructor(
    readonly kind: FaultKind,
    readonly event: FaultEvent,
  ) {}
  check = () => true;
  run = async (_m: Model, r: ModelRun) => r.arm(this.kind, this.event);
  toString = () => `arm(${this.kind}${this.event === 'mutation:batch' ? '' : ` on ${this.event}`})`;
}

class Disconnect implements Cmd {
  check = () => true;
  run = async (_m: Model, r: ModelRun) => r.disconnect();
  toString = () => 'disconnect';
}

class RestartClient implements Cmd {
  check = () => true;
  run = (_m: Model, r: ModelRun) => r.restartClient();
  toString = () => 'restartClient';
}

class RestartHub implements Cmd {
  check = () => true;
  run = (_m: Model, r: ModelRun) => r.restartHub();
  toString = () => 'restartHub';
}

class Settle implements Cmd {
  check = () => true;
  run = (_m: Model, r: ModelRun) => r.settle();
  toString = () => 'settle';
}

const MAX_CONVERSATIONS = 2;
/** Which conversation a command targets; biased to the first, which every run has. */
const conversation = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(MAX_CONVERSATIONS - 1) });

export interface CommandOptions {
  /** Also fault the `hello` and `sync:pull` requests (on in the suites; see model-suite.ts). */
  connectFaults?: boolean;
}

const faultKind = fc.constantFrom<FaultKind>('drop-request', 'drop-ack', 'late-ack');

/** The commands of a run, weighted towards replies and the faults around them. */
export function commandArbitrary(options: CommandOptions = {}): fc.Arbitrary<Cmd> {
  const faultEvent = options.connectFaults
    ? fc.constantFrom<FaultEvent>('mutation:batch', 'mutation:batch', 'hello', 'sync:pull')
    : fc.constant<FaultEvent>('mutation:batch');
  return fc.oneof(
    { weight: 8, arbitrary: conversation.map((c): Cmd => new Reply(c, 'outbound')) },
    { weight: 1, arbitrary: conversation.map((c): Cmd => new Reply(c, 'note')) },
    { weight: 2, arbitrary: conversation.map((c): Cmd => new CustomerWrites(c)) },
    { weight: 2, arbitrary: fc.constant<Cmd>(new ConfirmHeld()) },
    { weight: 5, arbitrary: fc.tuple(faultKind, faultEvent).map(([k, e]): Cmd => new Fault(k, e)) },
    { weight: 2, arbitrary: fc.constant<Cmd>(new Disconnect()) },
    { weight: 1, arbitrary: fc.constant<Cmd>(new RestartClient()) },
    { weight: 1, arbitrary: fc.constant<Cmd>(new Settle()) },
  );
}

export interface RunShape {
  conversations: number;
  commands: Iterable<Cmd>;
}

/**
 * How many conversations a run opens: mostly one (each costs a full ingest on the hub), a second
 * in a quarter of the runs so replies to two conversations interleave in one outbox.
 */
const conversationCount = fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(MAX_CONVERSATIONS) });

/** Runs of 0–`maxCommands` commands on 1–2 conversations. */
export function runArbitrary(maxCommands: number, options: CommandOptions = {}): fc.Arbitrary<RunShape> {
  return fc.record({
    conversations: conversationCount,
    commands: fc.commands([commandArbitrary(options)], { maxCommands }),
  });
}

/**
 * Runs that restart the hub once, between two ordinary stretches of commands. A hub restart takes
 * a second or two, so these get their own, smaller property instead of a small weight in the main one.
 */
export function hubRestartRunArbitrary(maxCommands: number, options: CommandOptions = {}): fc.Arbitrary<RunShape> {
  return fc
    .record({
      conversations: conversationCount,
      before: fc.commands([commandArbitrary(options)], { maxCommands }),
      after: fc.commands([commandArbitrary(options)], { maxCommands }),
    })
    .map(({ conversations, before, after }) => ({
      conversations,
      commands: {
        *[Symbol.iterator]() {
          yield* before;
          yield new RestartHub();
          yield* after;
        },
        [fc.toStringMethod]: () => `${fc.stringify(before)} | restartHub | ${fc.stringify(after)}`,
      },
    }));
}
