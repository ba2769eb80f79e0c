/**
 * What the console tells the agent about its link to the hub.
 */
import { assertNever } from '../../src-shared/index.js';
import { t } from '../i18n/index.js';

export type SyncStatus =
  | { kind: 'connecting' }
  | { kind: 'syncing' }
  | { kind: 'online' }
  /** Another window of this profile runs the sync; this one shows the shared cache. */
  | { kind: 'standby' }
  | { kind: 'offline'; since: string; reason: string }
  | { kind: 'signed-out'; reason: string }
  | { kind: 'incompatible'; message: string };

/** The status line in the agent's language (hub-sent reasons stay as the hub wrote them). */
export function describeStatus(status: SyncStatus): string {
  switch (status.kind) {
    case 'connecting':
      return t('status.connecting');
    case 'syncing':
      return t('status.syncing');
    case 'online':
      return t('status.online');
    case 'standby':
      return t('status.standby');
    case 'offline':
      return t('status.offline');
    case 'signed-out':
      return status.reason;
    case 'incompatible':
      return status.message;
    default:
      return assertNever(status, 'sync status');
  }
}
