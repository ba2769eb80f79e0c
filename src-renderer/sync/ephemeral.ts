/**
 * Ephemeral signals — "the agent is typing" — that are worth nothing later and therefore never go
 * through the cache or the outbox.
 *
 * Any window of the console may produce them, but only the window that runs the sync engine holds
 * the hub socket (one sync runner per profile, Web Locks). A BroadcastChannel per cache carries
 * them to it; the runner forwards them while connected and drops them while offline.
 */
import { WatchersSchema, type Watchers } from '../../src-shared/index.js';
import { request, type HubSocket } from './hub-client.js';

export interface TypingSignal {
  kind: 'typing';
  conversationId: string;
  typing: boolean;
}

/** Collision: this window views (and maybe types in) a conversation; `viewing: false` when it leaves. */
export interface PresenceSignal {
  kind: 'presence';
  conversationId: string;
  viewing: boolean;
  typing: boolean;
}

const channelName = (dbName: string) => `switchboard-ephemeral:${dbName}`;
/** The other direction: what the hub tells about conversations, from the runner to every window. */
const inboundChannelName = (dbName: string) => `switchboard-ephemeral-in:${dbName}`;

/** Post a signal for the sync runner of this cache (in this window or another). */
export function announce(dbName: string, signal: TypingSignal | PresenceSignal): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(channelName(dbName));
  channel.postMessage(signal);
  channel.close();
}

function isPresenceSignal(value: unknown): value is PresenceSignal {
  const v = value as Partial<PresenceSignal> | null;
  return v?.kind === 'presence' && typeof v.conversationId === 'string' && typeof v.viewing === 'boolean' && typeof v.typing === 'boolean';
}

/** Every window's side: the watchers of conversations as the hub reports them. Returns the stop function. */
export function onWatchers(dbName: string, cb: (watchers: Watchers) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(inboundChannelName(dbName));
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = WatchersSchema.safeParse(event.data);
    if (parsed.success) cb(parsed.data);
  };
  return () => channel.close();
}

function isTypingSignal(value: unknown): value is TypingSignal {
  const v = value as Partial<TypingSignal> | null;
  return v?.kind === 'typing' && typeof v.conversationId === 'string' && typeof v.typing === 'boolean';
}

/** The runner side: forward signals to the hub while connected. Returns the stop function. */
export function forwardEphemeral(dbName: string, socket: HubSocket): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(channelName(dbName));
  const inbound = new BroadcastChannel(inboundChannelName(dbName));
  // Payloads from the hub are validated before any window sees them (habit 2).
  const relay = (payload: unknown) => {
    const parsed = WatchersSchema.safeParse(payload);
    if (parsed.success) inbound.postMessage(parsed.data);
  };
  socket.on('conversation:watchers', relay);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isPresenceSignal(event.data) && socket.connected) {
      const { conversationId, viewing, typing } = event.data;
      // The answer lists the watchers now: relayed like a push, so the window that asked gets them.
      void request(socket, 'conversation:presence', { conversationId, viewing, typing }, 5_000)
        .then((ack) => {
          if (ack.ok) relay({ conversationId, watchers: ack.data.watchers });
        })
        .catch(() => undefined);
      return;
    }
    if (!isTypingSignal(event.data) || !socket.connected) return;
    // Fire and forget: a lost typing signal is replaced by the next one a few seconds later.
    void request(socket, 'chat:typing', { conversationId: event.data.conversationId, typing: event.data.typing }, 5_000).catch(() => undefined);
  };
  return () => {
    socket.off('conversation:watchers', relay);
    channel.close();
    inbound.close();
  };
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
