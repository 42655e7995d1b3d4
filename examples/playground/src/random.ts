/**
 * A small seeded PRNG (mulberry32): the same seed gives the same CSV and the same population in
 * the browser and in Node, which is what lets the browser test compare numbers.
 */

/**
 * A function returning uniform floats in [0, 1), deterministic for a given 32-bit seed.
 *
 * @example
 * const r = rng(42);
 * r() === rng(42)();   // true
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
