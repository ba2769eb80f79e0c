/**
 * What the console tells the agent about its link to the hub.
 */
import { assertNever } from '../../src-shared/index.js';

export type SyncStatus =
  | { kind: 'connecting' }
  | { kind: 'syncing' }
  | { kind: 'online' }
  /** Another window of this profile runs the sync; this one shows the shared cache. */
  | { kind: 'standby' }
  | { kind: 'offline'; since: string; reason: string }
  | { kind: 'signed-out'; reason: string }
  | { kind: 'incompatible'; message: string };

export function describeStatus(status: SyncStatus): string {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return 'Syncing…';
    case 'online':
      return 'Online';
    case 'standby':
      return 'Synced by another Switchboard window';
    case 'offline':
      return 'Offline — your work is saved and will be sent when the hub is back';
    case 'signed-out':
      return status.reason;
    case 'incompatible':
      return status.message;
    default:
      return assertNever(status, 'sync status');
  }
}
