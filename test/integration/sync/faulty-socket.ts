/**
 * A real socket.io-client socket (from `connectHub`) with faults injected between the sync engine
 * and the wire.
 *
 * The engine only ever sends through `socket.timeout(ms).emitWithAck(event, payload)` (`request()` in
 * hub-client.ts), so that is the one call intercepted; everything else — `connected`, `on`,
 * `connect`, `disconnect`, `removeAllListeners`, `sendBuffer` — goes straight to the real socket.
 *
 * Faults are armed by the test and taken by the next request of the named event (the outbox sends
 * its rows as `mutation:batch`, so a fault on that event hits every row of one batch):
 * - `drop-request`: the request never leaves; the engine sees the timeout error socket.io gives.
 *   Emulated at once instead of after the engine's request timeout.
 * - `drop-ack`: the hub receives and applies the request, its acknowledgement is lost.
 * - `late-ack`: the engine gives up (timeout) while the hub is still working on the request, so the
 *   retry can meet the original in the hub.
 */
import type { ClientToServerEvents } from '../../../src-shared/index.js';
import type { Hub } from '../../../src-hub/app.js';
import { connectHub, type HubSocket } from '../../../src-renderer/sync/hub-client.js';

export type FaultKind = 'drop-request' | 'drop-ack' | 'late-ack';
export type FaultEvent = keyof ClientToServerEvents;

/** What socket.io-client rejects with when an acknowledgement does not arrive in time. */
const timeoutError = () => new Error('operation has timed out');

/** One request the engine made, what was done to it, and the acknowledgement the hub gave. */
export interface Exchange {
  event: string;
  payload: unknown;
  fault: FaultKind | null;
  /** The hub's answer, also when the engine never saw it; undefined while none arrived. */
  ack?: unknown;
}

/** Faults waiting for their request, and a log of what was injected. */
export class FaultPlan {
  readonly #armed: { kind: FaultKind; event: FaultEvent; left: number }[] = [];
  readonly injected: Record<FaultKind, number> = { 'drop-request': 0, 'drop-ack': 0, 'late-ack': 0 };
  readonly exchanges: Exchange[] = [];

  /** Apply `kind` to the next `times` requests of `event` (Infinity: until `clear()`). */
  arm(kind: FaultKind, event: FaultEvent = 'mutation:batch', times = 1): void {
    this.#armed.push({ kind, event, left: times });
  }

  /** Disarm everything not yet taken (the "heal" before the final checks). */
  clear(): void {
    this.#armed.length = 0;
  }

  take(event: string): FaultKind | null {
    const fault = this.#armed.find((f) => f.event === event);
    if (!fault) return null;
    fault.left -= 1;
    if (fault.left <= 0) this.#armed.splice(this.#armed.indexOf(fault), 1);
    this.injected[fault.kind] += 1;
    return fault.kind;
  }
}

/**
 * One mutation as it went over the wire — an item of a `mutation:batch` request (how the outbox
 * sends) or a single mutation event — with the fault its request met and its own answer.
 */
export interface SentMutation {
  name: string;
  payload: unknown;
  fault: FaultKind | null;
  /** The hub's answer to this mutation; undefined while none arrived. */
  ack?: unknown;
}

/** The mutations in `exchanges`, batch items unrolled, in the order sent. */
export function sentMutations(exchanges: Exchange[]): SentMutation[] {
  return exchanges.flatMap((e): SentMutation[] => {
    if (e.event !== 'mutation:batch') return e.event.includes(':') && !e.event.startsWith('sync:') ? [{ name: e.event, payload: e.payload, fault: e.fault, ack: e.ack }] : [];
    const items = (e.payload as { mutations: { name: string; payload: unknown }[] }).mutations;
    const ack = e.ack as { ok: true; data: { results: unknown[] } } | { ok: false } | undefined;
    return items.map((item, i) => ({
      name: item.name,
      payload: item.payload,
      fault: e.fault,
      ack: ack === undefined ? undefined : ack.ok ? ack.data.results[i] : ack,
    }));
  });
}

type EmitWithAck = (event: string, ...args: unknown[]) => Promise<unknown>;

function faultyEmitter(real: HubSocket, ms: number, plan: FaultPlan): { emitWithAck: EmitWithAck } {
  const send = async (exchange: Exchange, args: unknown[]) => {
    // socket.io's emitWithAck types cannot follow a runtime event name; the cast stays here.
    const emitter = real.timeout(ms) as unknown as { emitWithAck: EmitWithAck };
    exchange.ack = await emitter.emitWithAck(exchange.event, ...args);
    return exchange.ack;
  };
  return {
    async emitWithAck(event, ...args) {
      const exchange: Exchange = { event, payload: args[0], fault: plan.take(event) };
      plan.exchanges.push(exchange);
      switch (exchange.fault) {
        case null:
          return send(exchange, args);
        case 'drop-request':
          throw timeoutError();
        case 'drop-ack':
          await send(exchange, args);
          throw timeoutError();
        case 'late-ack':
          // The request is on the wire; its answer, whatever it is, arrives after the engine gave up.
          send(exchange, args).catch(() => undefined);
          throw timeoutError();
      }
    },
  };
}

export interface FaultySocket {
  socket: HubSocket;
  /** The socket.io-client socket underneath, to break its transport. */
  real: HubSocket;
}

/**
 * Open a real hub socket wrapped with `plan`'s faults.
 *
 * Reconnection delays are shortened (production: 0.5–10 s) so a forced disconnect or a hub
 * restart costs milliseconds; what happens on reconnect is unchanged.
 */
export function openFaultySocket(hubUrl: string, token: string, plan: FaultPlan): FaultySocket {
  const real = connectHub(hubUrl, token);
  real.io.reconnectionDelay(10).reconnectionDelayMax(100);
  const socket = new Proxy(real, {
    get(target, prop) {
      if (prop === 'timeout') return (ms: number) => faultyEmitter(target, ms, plan);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(target, prop, value) {
      return Reflect.set(target, prop, value, target);
    },
  });
  return { socket, real };
}

/**
 * Cut the connection of a connected socket from the hub's side, as a dead network link would: the
 * client sees its transport close and reconnects by itself. Returns false when there was no live
 * connection to cut (still handshaking or already down).
 */
export function breakTransport(real: HubSocket, hub: Hub): boolean {
  const serverSide = real.connected && real.id ? hub.realtime.io.sockets.sockets.get(real.id) : undefined;
  if (!serverSide) return false;
  serverSide.conn.close();
  return true;
}
