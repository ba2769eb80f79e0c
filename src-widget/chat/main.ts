/**
 * The chat page (`/chat`, standalone or framed by `widget.js`): connects to the hub's `/visitor`
 * namespace with the widget key and the stored visitor token, restores the history, and sends
 * messages exactly once — each gets a client id before the first attempt and keeps it through
 * retries and reloads, and the hub stores a repeated id once.
 */
import { io, type Socket } from 'socket.io-client';
import {
  VISITOR_NAMESPACE,
  VisitorMessageSchema,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
  type VisitorSession,
} from '../../src-shared/protocol/visitor.js';
import { createVisitorStorage, newClientMessageId, type PendingMessage } from './storage.js';
import { createChatView } from './view.js';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

const ACK_TIMEOUT_MS = 10_000;
const RETRY_MS = 3_000;
const RECONNECT_MS = 10_000;
/** How long "Anna is typing…" stays without being repeated (the console repeats it every 3 s). */
const TYPING_EXPIRES_MS = 8_000;

function main(root: HTMLElement): void {
  const params = new URLSearchParams(window.location.search);
  const widgetKey = params.get('widget') || undefined;
  const embedded = params.get('embed') === '1' && window.parent !== window;
  const storage = createVisitorStorage(widgetKey ?? 'default');
  let session: VisitorSession | null = null;
  let pending: PendingMessage[] = storage.pending();
  let flushing = false;
  let retryTimer: number | undefined;
  let offlineId: string | null = null;

  const view = createChatView(root, {
    embedded,
    handlers: {
      start: (profile) => void startChat(profile),
      send: (body) => {
        const message = { clientMessageId: newClientMessageId(), body };
        pending = [...pending, message];
        storage.setPending(pending);
        view.addPending(message.clientMessageId, body);
        void flush();
      },
      offline: (form) => void sendOffline(form),
      // The frame's parent is whatever site embeds it; the message carries no data.
      close: () => window.parent.postMessage({ type: 'switchboard-chat:close' }, '*'),
    },
  });
  view.show({ kind: 'connecting' });

  const socket: VisitorSocket = io(VISITOR_NAMESPACE, {
    // Read at every (re)connect, so a token issued meanwhile is used.
    auth: (cb) => {
      const visitorToken = storage.token();
      cb({ ...(widgetKey ? { widgetKey } : {}), ...(visitorToken ? { visitorToken } : {}) });
    },
  });

  type AckOf<E extends keyof VisitorClientToServerEvents> = Parameters<Parameters<VisitorClientToServerEvents[E]>[1]>[0];

  /** Send a visitor event and wait for its ack; a timeout answers like a busy hub (try again). */
  async function request<E extends keyof VisitorClientToServerEvents & string>(event: E, payload: Parameters<VisitorClientToServerEvents[E]>[0]): Promise<AckOf<E>> {
    try {
      // socket.io's emitWithAck types cannot follow a generic event name; the cast is confined here.
      return (await (socket as unknown as Socket).timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as AckOf<E>;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'The connection is slow. Trying again…' } } as AckOf<E>;
    }
  }

  socket.on('connect', async () => {
    view.notice(null);
    const ack = await request('visitor:hello', { profile: storage.profile() });
    if (!ack.ok) {
      view.notice(ack.error.message);
      return;
    }
    session = ack.data;
    storage.setToken(session.visitorToken);
    storage.setProfile(session.profile);
    view.setWidget(session.widget.title, session.widget.greeting);
    // The hub's answer is checked like a pushed message: only well-formed messages are shown.
    for (const message of VisitorMessageSchema.array().catch([]).parse(session.messages)) view.upsert(message);
    for (const message of pending) view.addPending(message.clientMessageId, message.body);
    const needsProfile = !session.profile.name || (session.widget.requireEmail && !session.profile.email);
    if (session.messages.length > 0 || pending.length > 0) view.show({ kind: 'chat' });
    else if (!session.available) view.show({ kind: 'offline', name: session.profile.name ?? '', email: session.profile.email ?? '' });
    else if (needsProfile) view.show({ kind: 'prechat', requireEmail: session.widget.requireEmail, name: session.profile.name ?? '', email: session.profile.email ?? '' });
    else view.show({ kind: 'chat' });
    void flush();
  });

  socket.on('connect_error', (error) => {
    const message = (error as Error & { data?: { message?: string } }).data?.message;
    if (socket.active) {
      // A network error: socket.io reconnects by itself.
      view.notice('Connecting…');
    } else if (error.message === 'unavailable' || error.message === 'rate_limited') {
      // The hub refused for now (its database, too many new chats): ask again later.
      view.notice(message ?? 'The chat is busy. Trying again…');
      window.setTimeout(() => socket.connect(), RECONNECT_MS);
    } else {
      // Unknown or switched-off widget, or a website the widget does not allow: final.
      view.show({ kind: 'unavailable', reason: message ?? 'This chat is not available.' });
    }
  });
  socket.on('disconnect', () => view.notice('Connection lost. Reconnecting…'));

  socket.on('visitor:message', (payload) => {
    const parsed = VisitorMessageSchema.safeParse(payload);
    if (parsed.success) view.upsert(parsed.data);
  });
  // The agent's console repeats "typing" every few seconds while she types; if that stops without
  // a "stopped" (her console closed or lost its link), the indicator goes away on its own.
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  socket.on('visitor:typing', (payload) => {
    clearTimeout(typingTimer);
    const typing = payload && payload.typing === true;
    view.typing(typing ? (typeof payload.agentName === 'string' ? payload.agentName : 'Support') : null);
    if (typing) typingTimer = setTimeout(() => view.typing(null), TYPING_EXPIRES_MS);
  });

  async function startChat(profile: { name: string; email: string }): Promise<void> {
    const ack = await request('visitor:profile', { name: profile.name, ...(profile.email ? { email: profile.email } : {}) });
    if (!ack.ok) return view.formError(ack.error.message);
    storage.setProfile(ack.data.profile);
    view.show({ kind: 'chat' });
  }

  /** Send pending messages in order; stop at the first that must wait, and try again later. */
  async function flush(): Promise<void> {
    if (flushing || !session || !socket.connected) return;
    flushing = true;
    try {
      while (pending.length > 0) {
        const next = pending[0]!;
        const ack = await request('visitor:message', next);
        if (ack.ok) {
          view.upsert(ack.data.message);
        } else if (ack.error.code === 'bad_request') {
          view.failPending(next.clientMessageId, ack.error.message);
        } else {
          view.notice(ack.error.message);
          window.clearTimeout(retryTimer);
          retryTimer = window.setTimeout(() => void flush(), RETRY_MS);
          return;
        }
        pending = pending.slice(1);
        storage.setPending(pending);
        view.notice(null);
      }
    } finally {
      flushing = false;
    }
  }

  async function sendOffline(form: { name: string; email: string; body: string }): Promise<void> {
    // One id per offline message, kept across retries of the same form.
    offlineId ??= newClientMessageId();
    const ack = await request('visitor:offline-message', { clientMessageId: offlineId!, ...form });
    if (!ack.ok) return view.formError(ack.error.message);
    offlineId = null;
    storage.setProfile({ name: form.name, email: form.email.toLowerCase() });
    view.show({ kind: 'offline-sent', email: form.email });
  }
}

const root = document.getElementById('switchboard-chat');
if (root) main(root);
