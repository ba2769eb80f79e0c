/**
 * Collision on the console side: this window tells the hub (through the sync runner, see
 * sync/ephemeral.ts) that the agent views a conversation and whether she types, and hears who
 * else does. Ephemeral: nothing is cached or queued; offline there is simply no one to tell.
 */
import { useEffect, useMemo, useState } from 'react';
import { PRESENCE_REPEAT_MS, type Watchers } from '../../../src-shared/index.js';
import { useAppStore } from '../../state/store.js';
import { announce, onWatchers, TypingAnnouncer } from '../../sync/ephemeral.js';

/** Whether this window's agent is typing, per conversation, so the repetition carries it too. */
const typingNow = new Map<string, boolean>();

/** Announce viewing `conversationId` while mounted, and return the colleagues viewing it too. */
export function useCollision(dbName: string, conversationId: string, myId: string): Watchers['watchers'] {
  const [watchers, setWatchers] = useState<Watchers['watchers']>([]);
  // Offline, what the hub last said is no longer true: show no one rather than stale names.
  const offline = useAppStore((s) => s.status.kind === 'offline');
  useEffect(() => {
    if (offline) setWatchers([]);
  }, [offline]);
  useEffect(() => {
    setWatchers([]);
    const stop = onWatchers(dbName, (w) => {
      if (w.conversationId === conversationId) setWatchers(w.watchers.filter((x) => x.userId !== myId));
    });
    const tell = (viewing: boolean) => announce(dbName, { kind: 'presence', conversationId, viewing, typing: viewing && (typingNow.get(conversationId) ?? false) });
    tell(true);
    const repeat = setInterval(() => tell(true), PRESENCE_REPEAT_MS);
    return () => {
      clearInterval(repeat);
      stop();
      typingNow.delete(conversationId);
      tell(false);
    };
    // Back online, the hub has forgotten this console: announce again at once, not at the next repetition.
  }, [dbName, conversationId, myId, offline]);
  return watchers;
}

/** For the composer: keystrokes make the agent "typing" in this conversation for colleagues. */
export function useCollisionTyping(dbName: string, conversationId: string): TypingAnnouncer {
  const announcer = useMemo(
    () =>
      new TypingAnnouncer((typing) => {
        typingNow.set(conversationId, typing);
        announce(dbName, { kind: 'presence', conversationId, viewing: true, typing });
      }),
    [dbName, conversationId],
  );
  useEffect(() => () => announcer.stop(), [announcer]);
  return announcer;
}
