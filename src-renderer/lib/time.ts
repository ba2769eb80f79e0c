import { useEffect, useState } from 'react';
import { formatDateTime, formatDuration } from '../i18n/format.js';

/** The current time, re-rendering every `intervalMs`, for "waiting 5 min" labels. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "now", "4 min", "2 h 5 min", "3 d" (German: "jetzt", "4 Min.", …) — compact waiting time for queue rows. */
export function formatWaiting(sinceIso: string, now: number): string {
  return formatDuration((now - Date.parse(sinceIso)) / 60_000);
}

/** Short date and time in the UI language. */
export function formatTime(iso: string): string {
  return formatDateTime(iso);
}
