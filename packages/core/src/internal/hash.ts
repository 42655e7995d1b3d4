// 32-bit hash mixing for hash-consing. Murmur3-style finalizer over a running combination; the
// exact function matters less than being cheap, deterministic and well spread.

export function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return finish(h);
}

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

export function hashFloat(x: number): number {
  f64[0] = Number.isNaN(x) ? NaN : x; // one NaN: all NaNs intern to the same term
  return finish(mix(mix(0x2545f491, i32[0]), i32[1]));
}

export function hashBigInt(n: bigint): number {
  if (n >= -0x80000000n && n <= 0x7fffffffn) return Number(n) | 0;
  // Hex conversion is linear for bigints; shifting 32 bits at a time would be quadratic.
  return hashString(n.toString(16));
}
