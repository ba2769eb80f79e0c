/** Messages between the sync engine and its apply worker (apply.worker.ts). */
import type { Change, Snapshot } from '../../src-shared/index.js';
import type { ApplyOutcome, SnapshotProgress } from './apply-changes.js';

export type ApplyRequest =
  | { op: 'changes'; changes: Change[]; cursor: number; from: number | undefined }
  | { op: 'snapshot'; read: Snapshot; progress: SnapshotProgress }
  | { op: 'reset' };

export type ToApplyWorker = { type: 'init'; cacheName: string } | { type: 'apply'; id: number; request: ApplyRequest };

export type FromApplyWorker =
  | { type: 'done'; id: number; result: ApplyOutcome | boolean | null }
  | { type: 'failed'; id: number; name: string; message: string };
