/**
 * The hub's telephony settings: service hours (with public holidays) that callbacks must fall into,
 * how long an overdue callback waits before it escalates to the leads, and an optional
 * click-to-dial URL template for a PBX or CTI HTTP API.
 *
 * Stored as one JSON value under `hub_settings.telephony`, edited by admins in the console. Until
 * an admin saves, the default applies: Mon–Sat 08:00–22:00 Europe/Berlin without German public
 * holidays (nationwide ones, from date-holidays, for this year and the next two).
 */
import Holidays from 'date-holidays';
import type { Kysely } from 'kysely';
import {
  TelephonySettingsSchema,
  weekdayHours,
  type Role,
  type TelephonySettings,
  type TelephonySettingsInput,
  type TelephonySettingsView,
  type User,
} from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';

const KEY = 'telephony';

/** Computed holiday lists by country and year: date-holidays takes tens of milliseconds per year. */
const holidayMemo = new Map<string, readonly string[]>();

/** Nationwide public holidays of `country` for `years`, as `YYYY-MM-DD`. */
export function publicHolidays(country: string, years: readonly number[]): string[] {
  return years.flatMap((year) => {
    const key = `${country}|${year}`;
    let list = holidayMemo.get(key);
    if (!list) {
      list = (new Holidays(country).getHolidays(year) ?? []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
      holidayMemo.set(key, list);
    }
    return list;
  });
}

/** The settings before an admin saved any. */
export function defaultTelephonySettings(now = new Date()): TelephonySettings {
  const year = now.getUTCFullYear();
  return {
    serviceHours: { ...weekdayHours('Europe/Berlin', '08:00', '22:00'), holidays: publicHolidays('DE', [year, year + 1, year + 2]) },
    escalateAfterMinutes: 30,
    clickToDial: null,
  };
}

/** The current settings: the saved ones, or the default. */
export async function loadTelephonySettings(db: Kysely<Database>): Promise<TelephonySettings> {
  const row = await db.selectFrom('hub_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return defaultTelephonySettings();
  // Saved settings were validated on save; a row that no longer parses (an older format) falls
  // back to the default rather than breaking every callback.
  const parsed = TelephonySettingsSchema.safeParse(row.value);
  return parsed.success ? parsed.data : defaultTelephonySettings();
}

/** Save validated settings (admins; the event checks the role). */
export async function saveTelephonySettings(db: Kysely<Database>, user: User, input: TelephonySettingsInput): Promise<TelephonySettings> {
  const settings = TelephonySettingsSchema.parse(input);
  await db
    .insertInto('hub_settings')
    .values({ key: KEY, value: JSON.stringify(settings), updated_by: user.id, updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(settings), updated_by: user.id, updated_at: new Date() }))
    .execute();
  return settings;
}

/** What a console of `role` gets: the click-to-dial template (it may hold a token) only for admins. */
export function settingsView(settings: TelephonySettings, role: Role): TelephonySettingsView {
  return {
    serviceHours: settings.serviceHours,
    escalateAfterMinutes: settings.escalateAfterMinutes,
    clickToDial: settings.clickToDial !== null,
    ...(role === 'admin' ? { clickToDialTemplate: settings.clickToDial } : {}),
  };
}
