/**
 * Lead settings: SLA policies and service calendar, the hand-back grace period, auto-assignment.
 *
 * One JSON value under `hub_settings.lead`, edited by leads. Until a lead saves, the default
 * applies: the SLA defaults with Germany's nationwide public holidays for this year and the next two.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_SLA_SETTINGS, LeadSettingsSchema, type LeadSettings, type User } from '../../src-shared/index.js';
import type { Database } from '../store/schema.js';
import { publicHolidays } from '../telephony/settings.js';

const KEY = 'lead';

/** The settings before a lead saved any. */
export function defaultLeadSettings(now = new Date()): LeadSettings {
  const year = now.getUTCFullYear();
  const holidays = publicHolidays('DE', [year, year + 1, year + 2]);
  return {
    sla: { ...DEFAULT_SLA_SETTINGS, calendar: { ...DEFAULT_SLA_SETTINGS.calendar, holidays } },
    handbackGraceMinutes: 5,
    // Off until a lead turns it on: a hub that starts routing by itself would surprise a team
    // that works the queue by hand.
    autoAssign: false,
  };
}

/** The saved settings, or the default (also when a saved value no longer parses). */
export async function loadLeadSettings(db: Kysely<Database>): Promise<LeadSettings> {
  const row = await db.selectFrom('hub_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return defaultLeadSettings();
  const parsed = LeadSettingsSchema.safeParse(row.value);
  return parsed.success ? parsed.data : defaultLeadSettings();
}

/** Save settings the event already validated. */
export async function saveLeadSettings(db: Kysely<Database>, user: User, settings: LeadSettings): Promise<LeadSettings> {
  const value = JSON.stringify(settings);
  await db
    .insertInto('hub_settings')
    .values({ key: KEY, value, updated_by: user.id, updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: user.id, updated_at: new Date() }))
    .execute();
  return settings;
}
