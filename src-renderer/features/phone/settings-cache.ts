/**
 * The hub's telephony settings in the cache: fetched by the sync runner on every connect, read by
 * the call panel, so callbacks can be scheduled inside service hours while offline too.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { weekdayHours, type TelephonySettingsView } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { request, type HubSocket } from '../../sync/hub-client.js';

/** Until the hub answered once: the hub's own default hours, without holidays. */
export const FALLBACK_SETTINGS: TelephonySettingsView = {
  serviceHours: { ...weekdayHours('Europe/Berlin'), holidays: [] },
  escalateAfterMinutes: 30,
  clickToDial: false,
};

/** Fetch and store the settings; failures are left for the next connect. */
export async function refreshTelephonySettings(db: SwitchboardDb, socket: HubSocket): Promise<void> {
  try {
    const ack = await request(socket, 'telephony:settings', {});
    if (ack.ok) await db.meta.put({ key: 'telephony', value: ack.data });
  } catch {
    // Offline or slow: the stored copy stays.
  }
}

/** The stored settings (or the fallback), live. */
export function useTelephonySettings(db: SwitchboardDb): TelephonySettingsView {
  const row = useLiveQuery(() => db.meta.get('telephony'), [db]);
  return row?.key === 'telephony' ? row.value : FALLBACK_SETTINGS;
}
