/**
 * One line per target: what `npm run bench` prints and writes to bench/results.json.
 */

export interface BenchResult {
  name: string;
  target: number;
  measured: number;
  unit: string;
  pass: boolean;
  /** Runs (or samples, for per-frame and per-event metrics — see the detail lines). */
  runs: number;
  /** Dataset scale the value was measured at (1 = full size). */
  scale: number;
  comparison: '<=' | '=';
  /** Set when the value is a lower bound (the measurement hit its time limit) or otherwise qualified. */
  note?: string;
}

export function atMost(name: string, target: number, measured: number, unit: string, runs: number, scale: number, note?: string): BenchResult {
  return { name, target, measured: round(measured), unit, pass: Number.isFinite(measured) && measured <= target, runs, scale, comparison: '<=', ...(note ? { note } : {}) };
}

export function exactly(name: string, target: number, measured: number, unit: string, runs: number, scale: number, note?: string): BenchResult {
  return { name, target, measured, unit, pass: measured === target, runs, scale, comparison: '=', ...(note ? { note } : {}) };
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 10) / 10 : x;
}

/** `name  target  measured  PASS|FAIL`, aligned. */
export function formatResults(results: readonly BenchResult[]): string[] {
  const rows = results.map((r) => [
    r.name,
    `${r.comparison === '<=' ? '≤' : '='} ${r.target} ${r.unit}`,
    `${Number.isFinite(r.measured) ? r.measured : 'n/a'} ${r.unit}${r.note ? ` (${r.note})` : ''}`,
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  '));
}
