const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The agent's calendar day of `at`, as an `<input type="date">` value (YYYY-MM-DD). Not
 * `toISOString().slice(0, 10)`: that is the UTC day, yesterday for a German agent until 01:00.
 */
export function localDateInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
