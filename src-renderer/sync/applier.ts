/**
 * Where the sync engine's cache writes run: in this thread, or in the apply worker.
 *
 * Every write of synced data (pages of changes, snapshots, a reset) goes through one applier, so
 * the runner's memory of stored conversations (known-conversations.ts) lives next to the writes
 * and sees all of them.
 */
import type { Change, Snapshot } from '../../src-shared/index.js';
import type { SwitchboardDb } from '../db/database.js';
import { applyChanges, applySnapshot, resetSyncedData, type ApplyOutcome, type SnapshotProgress } from './apply-changes.js';
import { KnownConversations } from './known-conversations.js';

export interface SyncApplier {
  /** See `applyChanges`. */
  changes(changes: Change[], cursor: number, from: number | undefined): Promise<ApplyOutcome>;
  /** See `applySnapshot`. */
  snapshot(read: Snapshot, progress: SnapshotProgress): Promise<boolean>;
  /** See `resetSyncedData`. */
  reset(): Promise<void>;
  close(): void;
}

/** Writes in this thread (tests, and a console that could not start the worker). */
export function localApplier(db: SwitchboardDb): SyncApplier {
  const known = new KnownConversations();
  return {
    changes: (changes, cursor, from) => applyChanges(db, changes, cursor, from, known),
    snapshot: (read, progress) => applySnapshot(db, read, progress, known),
    reset: () => resetSyncedData(db, known),
    close: () => known.clear(),
  };
}
