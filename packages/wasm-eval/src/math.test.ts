/**
 * Accuracy and special values of the SIMD math functions (assembly/math.ts) against JavaScript's
 * Math.*: sweeps over the whole float64 range (random bit patterns), log-uniform sweeps of each
 * function's interesting domain, dense sweeps near critical points, and special values. For
 * every function the worst error in ULP is computed, printed, and asserted <= 4; NaN, ±Infinity
 * and the sign of zero must match exactly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { vmRuntime } from './runtime.js';

const FNS = ['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'atan', 'asin', 'acos', 'pow'] as const;
type Fn = (typeof FNS)[number];
const MAX_ULP = 4;

// ---- deterministic random numbers (mulberry32: 32-bit outputs) ---------------------------------
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}
const bitsF = new Float64Array(1);
const bitsU = new Uint32Array(bitsF.buffer);
function fromBits(hi: number, lo: number): number {
  bitsU[1] = hi;
  bitsU[0] = lo;
  return bitsF[0];
}

/** Distance in ULP between two finite doubles (exact for small distances). */
function ulpDistance(a: number, b: number): number {
  bitsF[0] = a;
  const ah = bitsU[1], al = bitsU[0];
  bitsF[0] = b;
  const bh = bitsU[1], bl = bitsU[0];
  const an = ah >>> 31, bn = bh >>> 31;
  const am = (ah & 0x7fffffff) * 4294967296 + al;
  const bm = (bh & 0x7fffffff) * 4294967296 + bl;
  if (an === bn) return Math.abs(((ah & 0x7fffffff) - (bh & 0x7fffffff)) * 4294967296 + (al - bl));
  return am + bm;
}

/** Class of a value: 'nan', '+inf', '-inf', '+0', '-0' or 'finite'. */
function cls(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return '+inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '+0';
  return 'finite';
}

// ---- running math_apply over arrays ------------------------------------------------------------
const rt = vmRuntime();
const CHUNK = 1 << 14;
const bufA = rt.alloc(CHUNK * 8);
const bufB = rt.alloc(CHUNK * 8);
const bufO = rt.alloc(CHUNK * 8);
afterAll(() => {
  rt.free(bufA);
  rt.free(bufB);
  rt.free(bufO);
});

function reference(fn: Fn, x: number, y: number): number {
  return fn === 'pow' ? Math.pow(x, y) : Math[fn](x);
}

interface Worst {
  ulp: number;
  x: number;
  y: number;
  classMismatch?: string;
}

/** Worst ULP error of `fn` over the inputs (ys: pow's exponents). */
function measure(fn: Fn, xs: Float64Array, ys?: Float64Array): Worst {
  const worst: Worst = { ulp: 0, x: NaN, y: NaN };
  const id = FNS.indexOf(fn);
  for (let off = 0; off < xs.length; off += CHUNK) {
    const n = Math.min(CHUNK, xs.length - off);
    const f = rt.f64;
    f.set(xs.subarray(off, off + n), bufA >> 3);
    if (ys) f.set(ys.subarray(off, off + n), bufB >> 3);
    if (n & 1) {
      f[(bufA >> 3) + n] = 1;
      f[(bufB >> 3) + n] = 1;
    }
    rt.exports.math_apply(id, bufA, bufB, bufO, n + (n & 1));
    const o = rt.f64;
    for (let i = 0; i < n; i++) {
      const x = xs[off + i];
      const y = ys ? ys[off + i] : 0;
      const got = o[(bufO >> 3) + i];
      const want = reference(fn, x, y);
      const cg = cls(got), cw = cls(want);
      if (cg !== cw) {
        if (!worst.classMismatch) worst.classMismatch = `${fn}(${x}${ys ? ', ' + y : ''}) = ${got}, Math: ${want}`;
        continue;
      }
      if (cw !== 'finite') continue;
      const u = ulpDistance(got, want);
      if (u > worst.ulp) {
        worst.ulp = u;
        worst.x = x;
        worst.y = y;
      }
    }
  }
  return worst;
}

function fill(n: number, gen: (i: number) => number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = gen(i);
  return a;
}

const SPECIALS = [
  0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 0.1, -0.1, 10, -10,
  5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, -2.2250738585072014e-308,
  1.7976931348623157e308, -1.7976931348623157e308, 1e-300, 1e300, -1e300,
  Math.PI, -Math.PI, Math.PI / 2, -Math.PI / 2, Math.PI / 4, 1e6, 1647099, 1e9, 1e22, 2 ** 52, 2 ** 53,
  709.782712893384, 709.7827128933841, 710, 710.4758600739439, 710.475860073944, -708.3964185322641,
  -745.1332191019411, -745.1332191019412, -746, 22, -22, 0.34657359027997264, 0.975, -0.975,
  0.9999999999999999, -0.9999999999999999, 1.0000000000000002, 1e-8, -1e-8, 1.4901161193847656e-8,
  Math.E, Math.LN2, Math.SQRT2, Math.SQRT1_2, 44, 64, 7 / 16, 11 / 16, 19 / 16, 39 / 16,
];

/** Inputs for a unary function: the whole range plus the domains that matter for it. */
function inputsFor(fn: Fn, seed: number): Float64Array[] {
  const r = rng(seed);
  const u = () => r() / 4294967296;
  const N = 60000;
  const sets: Float64Array[] = [Float64Array.from(SPECIALS)];
  sets.push(fill(N, () => fromBits(r(), r()))); // every float64, uniformly by bit pattern
  const logUniform = (lo: number, hi: number) => fill(N, () => (u() < 0.5 ? -1 : 1) * Math.exp(lo + (hi - lo) * u()));
  const uniform = (lo: number, hi: number) => fill(N, () => lo + (hi - lo) * u());
  switch (fn) {
    case 'exp':
    case 'sinh':
    case 'cosh':
    case 'tanh':
      sets.push(uniform(-760, 760), uniform(-25, 25), uniform(-1.5, 1.5), logUniform(-40, 6.6));
      break;
    case 'log':
      sets.push(logUniform(-745, 709).map(Math.abs), uniform(0.5, 2), uniform(0.99, 1.01));
      break;
    case 'sin':
    case 'cos':
    case 'tan': {
      sets.push(uniform(-10, 10), logUniform(-30, 14.3), logUniform(14.3, 700));
      // next to multiples of pi/2, where the reduction cancels most: k*pi/2 and its neighbours
      sets.push(fill(N, (i) => {
        const k = 1 + Math.floor(u() * 1048576);
        const x = (k * Math.PI) / 2;
        return x * (1 + ((i % 5) - 2) * 2 ** -52);
      }));
      break;
    }
    case 'atan':
      sets.push(uniform(-3, 3), logUniform(-40, 40));
      break;
    case 'asin':
    case 'acos':
      sets.push(uniform(-1, 1), fill(N, () => (u() < 0.5 ? -1 : 1) * (1 - u() * 1e-3)), uniform(-0.6, 0.6), logUniform(-40, 0));
      break;
  }
  return sets;
}

const report: Record<string, string> = {};
afterAll(() => {
  // The README's accuracy table comes from this output.
  console.log('worst error vs Math.* (ULP):\n' + Object.entries(report).map(([k, v]) => `  ${k.padEnd(5)} ${v}`).join('\n'));
});

describe('SIMD math vs Math.*', () => {
  for (const fn of FNS.filter((f) => f !== 'pow')) {
    it(`${fn}: <= ${MAX_ULP} ULP over the float64 range, same special values`, () => {
      let worst: Worst = { ulp: 0, x: NaN, y: NaN };
      for (const xs of inputsFor(fn, FNS.indexOf(fn) + 11)) {
        const w = measure(fn, xs);
        expect(w.classMismatch).toBeUndefined();
        if (w.ulp > worst.ulp) worst = w;
      }
      report[fn] = `${worst.ulp}${worst.ulp > 0 ? `  (at ${worst.x})` : ''}`;
      expect(worst.ulp, `${fn}(${worst.x})`).toBeLessThanOrEqual(MAX_ULP);
    });
  }

  it(`pow: <= ${MAX_ULP} ULP, Math.pow's special cases`, () => {
    const r = rng(99);
    const u = () => r() / 4294967296;
    const N = 60000;
    const cases: [Float64Array, Float64Array][] = [];
    // every pair of special values
    const sx: number[] = [];
    const sy: number[] = [];
    for (const a of SPECIALS) for (const b of SPECIALS) sx.push(a), sy.push(b);
    cases.push([Float64Array.from(sx), Float64Array.from(sy)]);
    // whole range by bit pattern
    cases.push([fill(N, () => fromBits(r(), r())), fill(N, () => fromBits(r(), r()))]);
    // positive bases, results anywhere from underflow to overflow
    cases.push([fill(N, () => Math.exp((u() - 0.5) * 100)), fill(N, () => (u() - 0.5) * 100)]);
    cases.push([fill(N, () => Math.exp((u() - 0.5) * 1400)), fill(N, () => u() * 2 - 1)]);
    // bases near 1 with large exponents (log must be accurate to far below an ULP)
    cases.push([fill(N, () => 0.5 + u() * 1.5), fill(N, () => (u() - 0.5) * 4000)]);
    // negative bases with integer exponents (sign), and non-integer ones (NaN)
    cases.push([fill(N, () => -Math.exp((u() - 0.5) * 20)), fill(N, (i) => (i & 1 ? Math.round((u() - 0.5) * 60) : (u() - 0.5) * 60))]);
    // small integer and half-integer exponents
    cases.push([fill(N, () => (u() - 0.5) * 20), fill(N, () => Math.round((u() - 0.5) * 16) / 2)]);
    let worst: Worst = { ulp: 0, x: NaN, y: NaN };
    for (const [xs, ys] of cases) {
      const w = measure('pow', xs, ys);
      expect(w.classMismatch).toBeUndefined();
      if (w.ulp > worst.ulp) worst = w;
    }
    report.pow = `${worst.ulp}${worst.ulp > 0 ? `  (at ${worst.x}, ${worst.y})` : ''}`;
    expect(worst.ulp, `pow(${worst.x}, ${worst.y})`).toBeLessThanOrEqual(MAX_ULP);
  });

  it('pow is exact where Math.pow is: y = 2, 1, -1, 0.5, 0', () => {
    const xs = fill(2000, (i) => (i % 7 === 0 ? -1 : 1) * Math.exp((i - 1000) / 3));
    for (const y of [2, 1, -1, 0.5, 0]) {
      expect(measure('pow', xs, new Float64Array(xs.length).fill(y)).ulp).toBe(0);
    }
  });

  it('exp, log, atan, asin, acos are correctly rounded or 1 ULP on the common range', () => {
    const r = rng(5);
    const xs = fill(50000, () => (r() / 4294967296) * 2 - 1);
    for (const fn of ['exp', 'log', 'atan', 'asin', 'acos'] as const) {
      expect(measure(fn, fn === 'log' ? xs.map(Math.abs) : xs).ulp).toBeLessThanOrEqual(1);
    }
  });
});
