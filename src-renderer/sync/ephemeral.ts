/**
 * Ephemeral signals — "the agent is typing" — that are worth nothing later and therefore never go
 * through the cache or the outbox.
 *
 * Any window of the console may produce them, but only the window that runs the sync engine holds
 * the hub socket (one sync runner per profile, Web Locks). A BroadcastChannel per cache carries
 * them to it; the runner forwards them while connected and drops them while offline.
 */
import { request, type HubSocket } from './hub-client.js';

export interface TypingSignal {
  kind: 'typing';
  conversationId: string;
  typing: boolean;
}

const channelName = (dbName: string) => `switchboard-ephemeral:${dbName}`;

/** Post a signal for the sync runner of this cache (in this window or another). */
export function announce(dbName: string, signal: TypingSignal): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(channelName(dbName));
  channel.postMessage(signal);
  channel.close();
}

function isTypingSignal(value: unknown): value is TypingSignal {
  const v = value as Partial<TypingSignal> | null;
  return v?.kind === 'typing' && typeof v.conversationId === 'string' && typeof v.typing === 'boolean';
}

/** The runner side: forward signals to the hub while connected. Returns the stop function. */
export function forwardEphemeral(dbName: string, socket: HubSocket): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(channelName(dbName));
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (!isTypingSignal(event.data) || !socket.connected) return;
    // Fire and forget: a lost typing signal is replaced by the next one a few seconds later.
    void request(socket, 'chat:typing', { conversationId: event.data.conversationId, typing: event.data.typing }, 5_000).catch(() => undefined);
  };
  return () => channel.close();
}

/** While the agent types: "typing" at most every `repeatMs`, "stopped" after `idleMs` without input. */
export class TypingAnnouncer {
  #lastSent = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #typing = false;

  constructor(
    private readonly send: (typing: boolean) => void,
    private readonly repeatMs = 3_000,
    private readonly idleMs = 4_000,
  ) {}

  /** Call on every keystroke. */
  input(now = Date.now()): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.stop(), this.idleMs);
    if (!this.#typing || now - this.#lastSent >= this.repeatMs) {
      this.#typing = true;
      this.#lastSent = now;
      this.send(true);
    }
  }

  /** Call when the reply was sent, the draft emptied, or the composer closes. */
  stop(): void {
    clearTimeout(this.#idle);
    if (!this.#typing) return;
    this.#typing = false;
    this.send(false);
  }
}
