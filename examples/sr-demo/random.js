// Seeded pseudo-random numbers: the demo's only source of randomness (no Math.random), so a run
// is a function of its --seed. mulberry32 (Tommy Ettinger's 32-bit generator) is small, fast
// and good enough for search; seeds of sub-streams are derived by hashing, so each formula's
// run depends on the seed and the formula only, not on which other formulas run before it.

/**
 * @typedef {object} Rng
 * @property {() => number} next              uniform on [0, 1)
 * @property {(lo: number, hi: number) => number} uniform   uniform on [lo, hi)
 * @property {(n: number) => number} int      uniform integer in [0, n)
 * @property {() => number} normal            standard normal (Box–Muller)
 * @property {(p: number) => boolean} chance  true with probability p
 * @property {<T>(items: readonly T[]) => T} pick   a uniformly chosen element
 */

/**
 * A mulberry32 generator seeded with a 32-bit integer.
 *
 * @param {number} seed
 * @returns {Rng}
 * @example
 * const rng = createRng(42);
 * rng.uniform(1, 5);   // the same number in every run
 */
export function createRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      // 1 - u avoids log(0).
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/**
 * A 32-bit seed derived from a base seed and labels (FNV-1a over the labels, then a final mix),
 * for independent sub-streams: `deriveSeed(seed, 'I.12.1', 'noisy')`.
 *
 * @param {number} seed
 * @param {...(string | number)} labels
 * @returns {number}
 * @example
 * deriveSeed(1, 'data', 'I.14.4') !== deriveSeed(1, 'gp', 'I.14.4');   // true
 */
export function deriveSeed(seed, ...labels) {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const label of labels) {
    const s = String(label);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 0xff, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
