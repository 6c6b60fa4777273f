/**
 * Small deterministic pseudo-random number generator (mulberry32, by Tommy
 * Ettinger; public domain). 32-bit state, period 2^32: plenty for bootstrap
 * resampling and simulations of a few hundred thousand draws, and fully
 * reproducible: the same seed always yields the same stream.
 */

/** A source of uniform numbers in [0, 1) (a plain function; the training streams are util/prng.ts's class Rng). */
export type Uniform01 = () => number;

/**
 * Creates a mulberry32 generator.
 * @param seed any finite number; it is reduced to an unsigned 32-bit integer.
 */
export function mulberry32(seed: number): Uniform01 {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new Error(`seed must be a finite number, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n) drawn from `rng`. */
export function randomInt(rng: Uniform01, n: number): number {
  return Math.floor(rng() * n);
}

/** Draws a Bernoulli(p) outcome (true with probability p). */
export function bernoulli(rng: Uniform01, p: number): boolean {
  return rng() < p;
}
