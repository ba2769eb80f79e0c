/**
 * Seeded pseudo-random numbers for demo mode.
 *
 * Hand-written on purpose: demo data must be reproducible (same seed → same customers,
 * same message order, same timestamps), which `Math.random()` cannot give, and the
 * algorithm below (mulberry32) is a dozen lines with good enough statistical quality
 * for picking sample content. Pulling in a library for that would add a dependency
 * for no gain. Not suitable for anything security-related.
 */

export interface Random {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. Bounds are truncated to integers. */
  int(min: number, max: number): number;
  /** One element of `items`; throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p` (values ≤ 0 never, ≥ 1 always). */
  chance(p: number): boolean;
}

/** Creates an independent generator; equal seeds yield equal sequences. */
export function createRandom(seed: number): Random {
  // mulberry32: 32-bit state, one multiply-xorshift round per output.
  let state = seed >>> 0;

  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  function int(min: number, max: number): number {
    const lo = Math.ceil(Math.min(min, max));
    const hi = Math.floor(Math.max(min, max));
    if (hi < lo) throw new RangeError(`int(${min}, ${max}): no integer in range`);
    return lo + Math.floor(next() * (hi - lo + 1));
  }

  function pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    // Index is always in range, so the element exists (noUncheckedIndexedAccess can't know).
    return items[Math.floor(next() * items.length)] as T;
  }

  function chance(p: number): boolean {
    return next() < p;
  }

  return { next, int, pick, chance };
}
