/**
 * The chat panel's DOM: header, greeting, message log, typing line, the pre-chat and offline forms
 * and the composer. It renders; `main.ts` decides. Every text goes in through `textContent`.
 */
import { MAX_OFFLINE_MESSAGE, MAX_VISITOR_MESSAGE, type VisitorMessage } from '../../src-shared/protocol/visitor.js';
import { field, h } from './dom.js';

export type ChatScreen =
  | { kind: 'connecting' }
  | { kind: 'prechat'; requireEmail: boolean; name: string; email: string }
  | { kind: 'chat' }
  | { kind: 'offline'; name: string; email: string }
  | { kind: 'offline-sent'; email: string }
  | { kind: 'unavailable'; reason: string };

export interface ChatViewHandlers {
  start(profile: { name: string; email: string }): void;
  send(body: string): void;
  offline(form: { name: string; email: string; body: string }): void;
  close(): void;
}

export interface ChatView {
  setWidget(title: string, greeting: string): void;
  show(screen: ChatScreen): void;
  /** A line under the header: connection trouble, rate limits. null clears it. */
  notice(text: string | null): void;
  formError(text: string | null): void;
  /** Add or update a confirmed message (an agent's reply, or the visitor's own once stored). */
  upsert(message: VisitorMessage): void;
  addPending(clientMessageId: string, body: string): void;
  failPending(clientMessageId: string, reason: string): void;
  typing(agentName: string | null): void;
}

function assertNever(value: never): never {
  throw new Error(`unexpected screen ${JSON.stringify(value)}`);
}

export function createChatView(root: HTMLElement, options: { embedded: boolean; handlers: ChatViewHandlers }): ChatView {
  const { handlers } = options;
  const title = h('h1', {}, 'Chat');
  const close = options.embedded ? h('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×') : null;
  close?.addEventListener('click', () => handlers.close());
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });
  const greeting = h('p', { class: 'greeting' });
  const log = h('ol', { class: 'log', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite' });
  const typingLine = h('p', { class: 'typing', role: 'status', hidden: true });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });

  // Pre-chat form: who is writing.
  const preName = h('input', { name: 'name', autocomplete: 'name', required: true, maxlength: '100' });
  const preEmail = h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '254' });
  const prechat = h('form', { class: 'prechat', 'aria-label': 'Start the chat' }, field('Your name', preName), field('Email', preEmail), h('button', { type: 'submit' }, 'Start chat'));
  prechat.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.start({ name: preName.value.trim(), email: preEmail.value.trim() });
  });

  // Offline form: nobody can chat now; the answer comes by email.
  const offName = h('input', { name: 'name', autocomplete: 'name', required: true, maxlength: '100' });
  const offEmail = h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, maxlength: '254' });
  const offBody = h('textarea', { name: 'message', required: true, rows: '5', maxlength: String(MAX_OFFLINE_MESSAGE) });
  const offline = h(
    'form',
    { class: 'offline', 'aria-label': 'Leave a message' },
    h('p', {}, 'Nobody is available to chat right now. Leave us a message and we will answer by email.'),
    field('Your name', offName),
    field('Email', offEmail),
    field('Your message', offBody),
    h('button', { type: 'submit' }, 'Send message'),
  );
  offline.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.offline({ name: offName.value.trim(), email: offEmail.value.trim(), body: offBody.value.trim() });
  });
  const offlineSent = h('p', { class: 'offline-sent', role: 'status' });
  const unavailable = h('p', { class: 'unavailable', role: 'alert' });

  // Composer.
  const input = h('textarea', { 'aria-label': 'Message', rows: '2', maxlength: String(MAX_VISITOR_MESSAGE), placeholder: 'Write a message…' });
  const composer = h('form', { class: 'composer' }, input, h('button', { type: 'submit' }, 'Send'));
  const submit = () => {
    const body = input.value.trim();
    if (!body) return;
    input.value = '';
    handlers.send(body);
  };
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  });

  root.replaceChildren(
    h('header', {}, title, close),
    notice,
    h('section', { class: 'body' }, greeting, log, typingLine, prechat, offline, offlineSent, unavailable, formError),
    composer,
  );

  const rows = new Map<string, HTMLLIElement>();
  const scroll = () => log.lastElementChild?.scrollIntoView({ block: 'end' });
  const row = (author: 'visitor' | 'agent', who: string, body: string) =>
    h('li', { 'data-author': author }, h('span', { class: 'who' }, who), h('p', { class: 'text' }, body));

  let typingTimer: number | undefined;

  return {
    setWidget(text, hello) {
      title.textContent = text;
      document.title = text;
      greeting.textContent = hello;
    },
    show(screen) {
      for (const el of [prechat, offline, offlineSent, unavailable, composer, log, greeting]) el.hidden = true;
      formError.hidden = true;
      switch (screen.kind) {
        case 'connecting':
          break;
        case 'prechat':
          greeting.hidden = false;
          prechat.hidden = false;
          preName.value ||= screen.name;
          preEmail.value ||= screen.email;
          preEmail.required = screen.requireEmail;
          preEmail.previousElementSibling!.textContent = screen.requireEmail ? 'Email' : 'Email (optional)';
          break;
        case 'chat':
          greeting.hidden = false;
          log.hidden = false;
          composer.hidden = false;
          input.focus();
          break;
        case 'offline':
          offline.hidden = false;
          offName.value ||= screen.name;
          offEmail.value ||= screen.email;
          break;
        case 'offline-sent':
          offlineSent.hidden = false;
          offlineSent.textContent = `Thank you! We will answer by email at ${screen.email}.`;
          break;
        case 'unavailable':
          unavailable.hidden = false;
          unavailable.textContent = screen.reason;
          break;
        default:
          assertNever(screen);
      }
    },
    notice(text) {
      notice.hidden = text === null;
      notice.textContent = text ?? '';
    },
    formError(text) {
      formError.hidden = text === null;
      formError.textContent = text ?? '';
    },
    upsert(message) {
      const pending = message.clientMessageId ? rows.get(`client:${message.clientMessageId}`) : undefined;
      const existing = rows.get(message.id) ?? pending;
      const next = row(message.author, message.author === 'agent' ? (message.agentName ?? 'Support') : 'You', message.body);
      next.dataset.messageId = message.id;
      next.dataset.state = 'sent';
      if (existing) existing.replaceWith(next);
      else log.append(next);
      rows.set(message.id, next);
      if (message.clientMessageId) rows.delete(`client:${message.clientMessageId}`);
      if (message.author === 'agent') this.typing(null);
      scroll();
    },
    addPending(clientMessageId, body) {
      if (rows.has(`client:${clientMessageId}`)) return;
      const pending = row('visitor', 'You', body);
      pending.dataset.state = 'pending';
      rows.set(`client:${clientMessageId}`, pending);
      log.append(pending);
      scroll();
    },
    failPending(clientMessageId, reason) {
      const pending = rows.get(`client:${clientMessageId}`);
      if (!pending) return;
      pending.dataset.state = 'failed';
      pending.append(h('span', { class: 'failed' }, `Not sent: ${reason}`));
    },
    typing(agentName) {
      window.clearTimeout(typingTimer);
      typingLine.hidden = agentName === null;
      typingLine.textContent = agentName === null ? '' : `${agentName} is typing…`;
      // A lost "stopped typing" must not leave the line up forever.
      if (agentName !== null) typingTimer = window.setTimeout(() => this.typing(null), 8000);
    },
  };
}
