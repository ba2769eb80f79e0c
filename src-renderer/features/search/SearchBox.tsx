/**
 * The workspace's search box: full-text search over the cached history, offline like everything
 * else here (the index lives in a worker, see search.worker.ts). Ctrl/Cmd+F or `/` focuses it
 * (through the shortcut registry, so the agent can rebind it).
 * Results show the conversation's customer and channel and a snippet with the matching words
 * marked — as React text, never as HTML: customer content is untrusted.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useWorkspace } from '../../app/db-context.js';
import { STARTUP_MAX_WAIT_MS } from '../../app/startup-gate.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { CHANNEL_LABELS } from '../../lib/channels.js';
import type { IndexerProgress } from './indexer.js';
import { highlightParts, queryTokens } from './normalize.js';
import { useShortcutHandler } from '../shortcuts/use-shortcuts.js';
import { SearchClient, type SearchAnswerMessage } from './search-client.js';
import { SEARCH_FOCUS } from './search-shortcuts.js';
import './search.css';

interface Shown extends SearchAnswerMessage {
  query: string;
}

export function SearchBox({ cacheName, onOpen }: { cacheName: string; onOpen: (conversationId: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const [progress, setProgress] = useState<(IndexerProgress & { indexing: boolean }) | null>(null);
  // Created in an effect, not a memo: StrictMode's mount-unmount-mount in development would
  // otherwise leave the box with a worker its own cleanup had terminated.
  const [client, setClient] = useState<SearchClient | null>(null);
  // The worker resumes its indexing once the queue is on screen (see app/startup-gate.ts).
  const { startup } = useWorkspace();
  useEffect(() => {
    let created: SearchClient | null = null;
    const cancel = startup.after(() => {
      created = new SearchClient(cacheName, (p, indexing) => setProgress({ ...p, indexing }));
      setClient(created);
    }, STARTUP_MAX_WAIT_MS);
    return () => {
      cancel();
      created?.close();
      setClient(null);
    };
  }, [cacheName, startup]);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const root = useRef<HTMLDivElement>(null);
  // A click anywhere else closes the results (they float over the workspace).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  useShortcutHandler(SEARCH_FOCUS, () => {
    startup.open();
    input.current?.focus();
    input.current?.select();
    setOpen(true);
  });

  // Text typed before the worker was up is searched as soon as it is.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const next = pending.current;
    if (!client || next === null) return;
    pending.current = null;
    void client.query(next).then((answer) => {
      if (answer) setShown({ ...answer, query: next });
    });
  }, [client]);

  function search(next: string) {
    setText(next);
    setOpen(true);
    setActive(0);
    if (queryTokens(next).length === 0) {
      pending.current = null;
      setShown(null);
      return;
    }
    if (!client) {
      pending.current = next;
      return;
    }
    void client.query(next).then((answer) => {
      if (answer) setShown({ ...answer, query: next });
    });
  }

  function choose(conversationId: string) {
    setOpen(false);
    onOpen(conversationId);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const results = shown?.results ?? [];
    if (e.key === 'Escape') {
      setOpen(false);
      input.current?.blur();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, Math.max(results.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && results[active]) {
      e.preventDefault();
      choose(results[active].conversationId);
    }
  }

  const tokens = useMemo(() => queryTokens(shown?.query ?? ''), [shown?.query]);
  const indexing = progress !== null && progress.backlog > 0;

  return (
    <div
      ref={root}
      className="search"
      data-testid="search"
      data-indexed={progress?.indexed ?? ''}
      data-indexed-session={progress?.indexedSession ?? ''}
      data-backlog={progress?.backlog ?? ''}
      data-indexing={progress ? String(progress.indexing) : ''}
    >
      <input
        ref={input}
        type="search"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => search(e.target.value)}
        onFocus={() => {
          // The agent wants search now: start its worker without waiting for the queue.
          startup.open();
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        // No aria-expanded: a searchbox may not carry it (axe aria-allowed-attr, critical); the
        // results region is linked by aria-controls instead, only while it exists (an id that
        // points nowhere is invalid too).
        aria-controls={open && shown && text.trim() !== '' ? 'search-results' : undefined}
      />
      {indexing && (
        <span className="search-indexing" data-testid="search-indexing">
          <label>
            {t('search.indexing')} <progress max={progress.indexed + progress.backlog} value={progress.indexed} /> {t('search.left', { count: progress.backlog })}
          </label>
        </span>
      )}
      {open && shown && text.trim() !== '' && (
        <section id="search-results" className="search-results" aria-label={t('search.results')} data-testid="search-results" data-query={shown.query} data-ms={Math.round(shown.ms)} data-index-ms={Math.round(shown.indexMs)} data-hydrate-ms={Math.round(shown.hydrateMs)} data-scanned={shown.scanned}>
          {shown.results.length === 0 ? (
            <p className="muted">{t('search.none', { query: shown.query })}</p>
          ) : (
            <ul>
              {shown.results.map((r, i) => (
                <li key={r.messageId}>
                  <button type="button" className={i === active ? 'active' : ''} data-testid="search-result" data-conversation-id={r.conversationId} onClick={() => choose(r.conversationId)} onMouseEnter={() => setActive(i)}>
                    <span className="search-result-head">
                      <strong>{r.customerName ?? t('search.unknownCustomer')}</strong>
                      {r.channel && <span className="muted"> · {CHANNEL_LABELS[r.channel]}</span>}
                      {r.subject && <span className="muted"> · {r.subject}</span>}
                      <span className="muted search-result-date"> {new Date(r.createdAt).toLocaleDateString(language)}</span>
                    </span>
                    <span className="search-snippet">
                      {highlightParts(r.snippet, tokens).map((part, j) => (part.hit ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {shown.truncated && <p className="muted">{t('search.truncated')}</p>}
        </section>
      )}
    </div>
  );
}
