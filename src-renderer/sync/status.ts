/**
 * What the console tells the agent about its link to the hub.
 */
import { assertNever, type WireReason } from '../../src-shared/index.js';
import { reasonText } from '../i18n/hub-error-text.js';
import { t } from '../i18n/index.js';

export type SyncStatus =
  | { kind: 'connecting' }
  | { kind: 'syncing' }
  | { kind: 'online' }
  /** Another window of this profile runs the sync; this one shows the shared cache. */
  | { kind: 'standby' }
  | { kind: 'offline'; since: string; reason: string }
  /** `hubReason`: the hub's reason key, when it sent one (see i18n/hub-error-text.ts). */
  | { kind: 'signed-out'; reason: string; hubReason?: WireReason }
  | { kind: 'incompatible'; message: string; hubReason?: WireReason };

/** The status line in the agent's language (a hub's reason is worded here; its bare message stays as written). */
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
      return reasonText(status.hubReason, status.reason);
    case 'incompatible':
      return reasonText(status.hubReason, status.message);
    default:
      return assertNever(status, 'sync status');
  }
}
