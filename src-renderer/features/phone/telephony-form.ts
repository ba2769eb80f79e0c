/**
 * The admin's telephony form ↔ the hub's settings: weekly hours as one line per day
 * (`08:00-12:00, 13:00-18:00`, empty = closed), holidays one date per line.
 */
import { TelephonySettingsSchema, WEEKDAYS, type TelephonySettingsInput, type TelephonySettingsView, type Weekday } from '../../../src-shared/index.js';

export interface TelephonyFormValues {
  timeZone: string;
  days: Record<Weekday, string>;
  holidays: string;
  escalateAfterMinutes: string;
  urlTemplate: string;
  method: 'GET' | 'POST';
}

/** The form for what the hub sent (admins get the click-to-dial template). */
export function settingsToForm(view: TelephonySettingsView): TelephonyFormValues {
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, (view.serviceHours.days[d] ?? []).map(([a, b]) => `${a}-${b}`).join(', ')])) as Record<Weekday, string>;
  return {
    timeZone: view.serviceHours.timeZone,
    days,
    holidays: view.serviceHours.holidays.join('\n'),
    escalateAfterMinutes: String(view.escalateAfterMinutes),
    urlTemplate: view.clickToDialTemplate?.urlTemplate ?? '',
    method: view.clickToDialTemplate?.method ?? 'GET',
  };
}

/** The save request, or the problems in words (field → message); the hub checks again. */
export function formToSettings(values: TelephonyFormValues): { ok: true; request: TelephonySettingsInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const days: Partial<Record<Weekday, [string, string][]>> = {};
  for (const d of WEEKDAYS) {
    const line = values.days[d].trim();
    if (!line) continue;
    const periods = line.split(',').map((p) => p.trim().split(/\s*[-–]\s*/));
    if (periods.some((p) => p.length !== 2)) errors[d] = 'Write periods as 08:00-12:00, 13:00-18:00';
    else days[d] = periods as [string, string][];
  }
  const request = {
    serviceHours: { timeZone: values.timeZone.trim(), days, holidays: values.holidays.split(/\s+/).filter(Boolean) },
    escalateAfterMinutes: Number(values.escalateAfterMinutes),
    clickToDial: values.urlTemplate.trim() ? { urlTemplate: values.urlTemplate.trim(), method: values.method } : null,
  };
  const parsed = TelephonySettingsSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, second, third] = issue.path.map(String);
      const key = first === 'serviceHours' ? (second === 'days' ? (third ?? 'days') : (second ?? 'serviceHours')) : first === 'clickToDial' ? 'urlTemplate' : (first ?? 'form');
      errors[key] ??= issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, request };
}
