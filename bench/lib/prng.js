/**
 * A small seeded PRNG for the benchmarks: mulberry32 (32-bit state, period 2^32, fast and good
 * enough for drawing benchmark inputs). Every suite draws its inputs from a fixed seed so that two
 * runs — and the symx case and its baselines inside one run — see exactly the same inputs.
 */

/**
 * @typedef {object} Rng
 * @property {() => number} next    uniform float in [0, 1)
 * @property {(n: number) => number} int   uniform integer in [0, n)
 * @property {(lo: number, hi: number) => number} uniform   uniform float in [lo, hi)
 */

/**
 * A mulberry32 generator seeded with `seed` (any integer; only the low 32 bits count).
 *
 * @param {number} seed
 * @returns {Rng}
 * @example
 * const rng = mulberry32(42);
 * rng.uniform(1, 5); // same value on every run
 */
export function mulberry32(seed) {
  let a = seed | 0;
  const next32 = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => next32() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
  };
}
