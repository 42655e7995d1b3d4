/**
 * The VM tier against core's reference `evaluate` on random expressions over every operator and
 * random data with edge values (0, -0, ±Infinity, NaN, subnormals, huge).
 *
 * Two properties:
 *  - exact: the VM equals, bit for bit (NaN where NaN, the sign of zero), the reference semantics
 *    with Math.* replaced by the SIMD math functions. This checks the VM itself: bytecode,
 *    registers, shared subterms, folding order, constants, padding.
 *  - vs Math.*: the VM equals core's `evaluate` within a propagated bound: every transcendental
 *    and non-special pow contributes <= 4 ULP of its result (math.test.ts), arithmetic its
 *    rounding; the bound is carried to the root to first order (x2 margin). Rows whose bound
 *    is not tight (relative > 1e-8, an input within its error of a domain edge or a pole) are
 *    not compared; they must stay a minority. Where no transcendental is involved the bound is
 *    0: equality, NaN exactly where the reference is NaN.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  OP_COUNT,
  OPERATORS,
  PI,
  type Term,
  applyOperator,
  call,
  defineOperator,
  evaluate,
  float,
  int,
  numToNumber,
  parse,
  rat,
  sym,
} from '@symx/core';
import { KernelError } from './kernel.js';
import { compile } from './index.js';
import { vmRuntime } from './runtime.js';

const VARS = ['x', 'y', 'z'];
const UNARY = ['neg', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'];
const BINARY = ['sub', 'div', 'pow', 'min', 'max'];
const NARY = ['add', 'mul'];
const MATH_INDEX: Record<string, number> = {
  exp: 0, log: 1, sin: 2, cos: 3, tan: 4, tanh: 5, sinh: 6, cosh: 7, atan: 8, asin: 9, acos: 10, pow: 11,
};
const EXACT_POW = new Set([0, 1, 2, -1, 0.5]);

// ---- random terms and data --------------------------------------------------------------------

const constant: fc.Arbitrary<Term> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map(float) },
  { weight: 2, arbitrary: fc.integer({ min: -4, max: 6 }).map((n) => int(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 9 })).map(([n, d]) => rat(n, d)) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 0.5, 2, -1, 1e300, 5e-324, Infinity, NaN).map(float) },
);
const leaf: fc.Arbitrary<Term> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VARS).map(sym) },
  { weight: 3, arbitrary: constant },
  { weight: 1, arbitrary: fc.constant(PI) },
);
const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...UNARY), tie('term')).map(([op, t]) => call(op, t)),
    fc.tuple(fc.constantFrom(...BINARY), tie('term'), tie('term')).map(([op, p, q]) => call(op, p, q)),
    fc.tuple(fc.constantFrom(...NARY), fc.array(tie('term'), { minLength: 2, maxLength: 4 })).map(([op, ts]) => call(op, ...ts)),
    // shared subterms: the same term twice, or under two operators
    fc.tuple(fc.constantFrom(...BINARY, ...NARY), fc.constantFrom(...UNARY), tie('term')).map(([op, u, t]) => call(op, t, call(u, t))),
    // pow with the exponents Math.pow treats exactly, and small integers
    fc.tuple(tie('term'), fc.constantFrom(0, 1, 2, -1, 0.5, 3, -2, 1.5)).map(([t, y]) => call('pow', t, Number.isInteger(y) ? int(y) : float(y))),
  ),
}));

const EDGES = [
  0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, -1e-310, 1e-300, 1e300,
  1.7976931348623157e308, -1.7976931348623157e308, 1, -1, 0.5, -0.5, 2, Math.PI / 2, 1e6, 710, -746,
];
const value: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGES) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -20, max: 20 }) },
);
/** Rows of data: one array per variable, all of length n. */
const data: fc.Arbitrary<Float64Array[]> = fc
  .integer({ min: 1, max: 21 })
  .chain((n) => fc.tuple(...VARS.map(() => fc.array(value, { minLength: n, maxLength: n }))))
  .map((cols) => cols.map((c) => Float64Array.from(c)));

// ---- references -------------------------------------------------------------------------------

const rt = vmRuntime();
const scratch = rt.alloc(64);
afterAll(() => rt.free(scratch));

/** One lane of the VM's SIMD math (both lanes get the same input). */
function simdMath(op: string, x: number, y = 0): number {
  const f = rt.f64;
  const a = scratch >> 3;
  f[a] = f[a + 1] = x;
  f[a + 2] = f[a + 3] = y;
  rt.exports.math_apply(MATH_INDEX[op], scratch, scratch + 16, scratch + 32, 2);
  return rt.f64[a + 4];
}

/** core's semantics (applyOperator) with the transcendentals taken from the VM's math. */
function evalWithSimdMath(t: Term, env: Record<string, number>, memo = new Map<Term, number>()): number {
  const hit = memo.get(t);
  if (hit !== undefined) return hit;
  let v: number;
  if (t.kind === 0) v = numToNumber(t.value);
  else if (t.kind === 1) v = env[t.op];
  else {
    const a = t.args.map((c) => evalWithSimdMath(c, env, memo));
    v = t.op in MATH_INDEX ? simdMath(t.op, a[0], a[1]) : applyOperator(t.op, a);
  }
  memo.set(t, v);
  return v;
}

const ulpF = new Float64Array(1);
const ulpU = new Uint32Array(ulpF.buffer);
/** The spacing of doubles at x (0 for non-finite x). */
function ulp(x: number): number {
  if (!Number.isFinite(x)) return 0;
  ulpF[0] = x;
  const e = (ulpU[1] >>> 20) & 0x7ff;
  return e === 0 ? 5e-324 : 2 ** (e - 1075);
}

/** Reference value with a bound on |VM - reference|; bound = Infinity: not comparable. */
interface Bounded {
  v: number;
  e: number;
}

/** A value whose bound is too loose to compare. */
const sloppy = (v: number): Bounded => ({ v, e: Infinity });

function derivative(op: string, a: number, v: number): number {
  switch (op) {
    case 'sin': return Math.cos(a);
    case 'cos': return Math.sin(a);
    case 'tan': return 1 + v * v;
    case 'asin':
    case 'acos': return 1 / Math.sqrt(1 - a * a);
    case 'atan': return 1 / (1 + a * a);
    case 'sinh': return Math.cosh(a);
    case 'cosh': return Math.sinh(a);
    case 'tanh': return 1 - v * v;
    case 'exp': return v;
    case 'log': return 1 / a;
    case 'sqrt': return 0.5 / v;
    default: return 1;
  }
}

/** Near the edge of the domain (or a singularity) of `op` within the input error `e`. */
function nearEdge(op: string, a: number, e: number): boolean {
  if (e === 0) return false;
  switch (op) {
    case 'log':
    case 'sqrt': return Math.abs(a) <= 2 * e;
    case 'asin':
    case 'acos': return Math.abs(Math.abs(a) - 1) <= 2 * e;
    default: return !Number.isFinite(a);
  }
}

function evalBounded(t: Term, env: Record<string, number>, memo = new Map<Term, Bounded>()): Bounded {
  const hit = memo.get(t);
  if (hit) return hit;
  let r: Bounded;
  if (t.kind === 0) r = { v: numToNumber(t.value), e: 0 };
  else if (t.kind === 1) r = { v: env[t.op], e: 0 };
  else {
    const args = t.args.map((c) => evalBounded(c, env, memo));
    const vals = args.map((a) => a.v);
    const v = applyOperator(t.op, vals);
    r = bound(t.op, args, v);
  }
  // a loose or non-finite bound on an inexact value: not comparable from here on
  if (r.e !== 0 && (!Number.isFinite(r.v) || !(r.e <= 1e-8 * Math.abs(r.v) + 1e-300) || r.v === 0)) r = sloppy(r.v);
  memo.set(t, r);
  return r;
}

function bound(op: string, args: Bounded[], v: number): Bounded {
  if (args.some((a) => a.e === Infinity)) return sloppy(v);
  const u = ulp(v);
  const [a, b] = args;
  switch (op) {
    case 'pi': return { v, e: 0 };
    case 'neg':
    case 'abs': return { v, e: a.e };
    case 'min':
    case 'max': return { v, e: Math.max(a.e, b.e) };
    case 'add': {
      // folded left to right: every partial sum rounds
      let e = 0;
      for (const x of args) e += x.e;
      return { v, e: e === 0 ? 0 : 2 * (e + (args.length - 1) * u) };
    }
    case 'sub': return { v, e: a.e + b.e === 0 ? 0 : 2 * (a.e + b.e + u) };
    case 'mul': {
      let e = 0;
      let p = 1;
      for (const x of args) p *= Math.abs(x.v) + x.e;
      for (const x of args) e += x.e === 0 ? 0 : (p / (Math.abs(x.v) + x.e)) * x.e;
      return { v, e: e === 0 ? 0 : 2 * (e + args.length * u) };
    }
    case 'div': {
      if (a.e + b.e === 0) return { v, e: 0 };
      if (b.e >= Math.abs(b.v) / 2) return sloppy(v);
      return { v, e: 2 * ((Math.abs(a.v) * b.e + Math.abs(b.v) * a.e) / (b.v * b.v - Math.abs(b.v) * b.e) + u) };
    }
    case 'pow': {
      const own = EXACT_POW.has(b.v) && b.e === 0 ? 0 : 4 * u;
      if (a.e + b.e === 0) return { v, e: own };
      if (b.e > 0 && a.v < 0) return sloppy(v); // whether y is an integer decides NaN
      if (nearEdge('log', a.v, a.e) || !Number.isFinite(v)) return sloppy(v);
      const dx = Math.abs((b.v * v) / a.v) * a.e;
      const dy = Math.abs(v * Math.log(Math.abs(a.v))) * b.e;
      return { v, e: 2 * (dx + dy) + own };
    }
    case 'sqrt':
    case 'exp':
    case 'log':
    case 'sin':
    case 'cos':
    case 'tan':
    case 'asin':
    case 'acos':
    case 'atan':
    case 'sinh':
    case 'cosh':
    case 'tanh': {
      const own = op === 'sqrt' ? 0 : 4 * u;
      if (a.e === 0) return { v, e: own };
      if (nearEdge(op, a.v, a.e) || !Number.isFinite(v)) return sloppy(v);
      return { v, e: 2 * Math.abs(derivative(op, a.v, v)) * a.e + own + (op === 'sqrt' ? 2 * u : 0) };
    }
    default:
      throw new Error(`no bound for ${op}`);
  }
}

/** Same value: NaN equals NaN, +0 differs from -0. */
function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function env(columns: Float64Array[], row: number): Record<string, number> {
  const e: Record<string, number> = {};
  VARS.forEach((v, i) => (e[v] = columns[i][row]));
  return e;
}

// ---- properties ---------------------------------------------------------------------------------

describe('VM vs reference on random expressions and data', () => {
  it('equals the reference semantics with the SIMD math, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), data, (exprs, cols) => {
        const k = compile(exprs, { variables: VARS });
        const out = k.evaluate(cols);
        k.dispose();
        exprs.forEach((t, e) => {
          for (let r = 0; r < cols[0].length; r++) {
            const want = evalWithSimdMath(t, env(cols, r));
            if (!same(out[e][r], want)) {
              throw new Error(`${t} at ${JSON.stringify(env(cols, r))}: VM ${out[e][r]}, reference ${want}`);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  let compared = 0;
  let skipped = 0;
  afterAll(() => console.log(`vs Math.*: ${compared} rows compared, ${skipped} rows with a loose bound skipped`));

  it('agrees with core evaluate (Math.*) within the propagated ULP bound', () => {
    fc.assert(
      fc.property(term, data, (t, cols) => {
        const k = compile(t, { variables: VARS });
        const [out] = k.evaluate(cols);
        k.dispose();
        for (let r = 0; r < cols[0].length; r++) {
          const want = evaluate(t, env(cols, r));
          const b = evalBounded(t, env(cols, r));
          expect(same(b.v, want)).toBe(true);
          if (b.e === Infinity) {
            skipped++;
            continue;
          }
          compared++;
          const got = out[r];
          const ok = b.e === 0 ? same(got, want) : Math.abs(got - want) <= b.e;
          if (!ok) throw new Error(`${t} at ${JSON.stringify(env(cols, r))}: VM ${got}, evaluate ${want}, bound ${b.e}`);
        }
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(2 * skipped);
  });

  it('agrees across block boundaries and odd row counts (1 to 1100 rows)', () => {
    const exprs = [
      parse('x*y + sin(x) - 3.5'),
      parse('log(abs(x) + 1) / (y*y + 0.25)'),
      parse('pow(x, 2) + pow(y, 0.5) + min(x, y) * max(x, -y)'),
      parse('2 * 3 + pi'), // constant only
      parse('x'),
    ];
    for (const n of [1, 2, 7, 8, 9, 255, 256, 257, 511, 513, 1100]) {
      const cols = VARS.map((_, v) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * (v + 1.3)) * 3));
      const k = compile(exprs, { variables: VARS });
      const out = k.evaluate(cols);
      k.dispose();
      exprs.forEach((t, e) => {
        expect(out[e].length).toBe(n);
        for (let r = 0; r < n; r++) {
          const want = evalWithSimdMath(t, env(cols, r));
          if (!same(out[e][r], want)) throw new Error(`${t}, ${n} rows, row ${r}: ${out[e][r]} vs ${want}`);
        }
      });
    }
  });
});

describe('operators one by one', () => {
  it('every built-in operator with an opcode evaluates as the reference', () => {
    const cols = [Float64Array.from(EDGES), Float64Array.from(EDGES.map((x, i) => EDGES[(i * 7 + 3) % EDGES.length]))];
    const vars = ['x', 'y'];
    for (const info of OPERATORS.values()) {
      if (info.code < 0 || info.code >= OP_COUNT) continue;
      const args = info.arity === 0 ? [] : info.arity === 1 ? [sym('x')] : [sym('x'), sym('y')];
      const t = call(info.name, ...args);
      const [out] = compile(t, { variables: vars }).evaluate(cols);
      for (let r = 0; r < EDGES.length; r++) {
        const e = { x: cols[0][r], y: cols[1][r] };
        const want = info.name in MATH_INDEX ? evalWithSimdMath(t, e) : evaluate(t, e);
        expect(same(out[r], want), `${info.name}(${e.x}, ${e.y}) = ${out[r]}, want ${want}`).toBe(true);
      }
    }
  });

  it('min/max order -0 below +0 and propagate NaN, like Math.min/Math.max', () => {
    const k = compile([parse('min(x, y)'), parse('max(x, y)')], { variables: ['x', 'y'] });
    const [mn, mx] = k.evaluate([Float64Array.of(0, -0, NaN, 1, -Infinity), Float64Array.of(-0, 0, 1, NaN, Infinity)]);
    expect([...mn].map((v) => Object.is(v, -0) ? '-0' : String(v))).toEqual(['-0', '-0', 'NaN', 'NaN', '-Infinity']);
    expect([...mx].map((v) => Object.is(v, -0) ? '-0' : String(v))).toEqual(['0', '0', 'NaN', 'NaN', 'Infinity']);
  });

  it('pow follows Math.pow: pow(NaN, 0) = 1, pow(1, NaN) = NaN, negative bases', () => {
    const k = compile(parse('pow(x, y)'), { variables: ['x', 'y'] });
    const xs = Float64Array.of(NaN, 1, -8, -2, -2, -0, -0, -Infinity, 1, -1);
    const ys = Float64Array.of(0, NaN, 1 / 3, 3, -3, 3, 0.5, 0.5, Infinity, -Infinity);
    const [out] = k.evaluate([xs, ys]);
    for (let i = 0; i < xs.length; i++) expect(same(out[i], Math.pow(xs[i], ys[i])), `pow(${xs[i]}, ${ys[i]})`).toBe(true);
  });

  it('pow by a constant 2, 0.5, -1 or 1 (the fast paths) equals Math.pow bit for bit, also after a refit', () => {
    const xs = Float64Array.from([...EDGES, -8, -2.5, 3, 1e-300, -1e300, 7.25]);
    const k = compile(parse('x^2.0'), { variables: ['x'] });
    for (const y of [2, 0.5, -1, 1, 3, -0.5, 0]) {
      k.params(0)[0] = y;
      const [out] = k.evaluate([xs]);
      for (let i = 0; i < xs.length; i++) {
        const want = evalWithSimdMath(parse("x^y"), { x: xs[i], y });
        expect(same(out[i], want), `pow(${xs[i]}, ${y}) = ${out[i]}, want ${want}`).toBe(true);
      }
    }
  });
});

describe('kernel API', () => {
  it('params(i) are the constants in order of first appearance; writing them refits', () => {
    const k = compile([parse('2.5*x + 1.5'), parse('sin(3*x) + 3')], { variables: ['x'] });
    expect([...k.params(0)]).toEqual([2.5, 1.5]);
    expect([...k.params(1)]).toEqual([3]); // the two 3s are one term, one parameter
    const xs = Float64Array.of(1, 2);
    k.params(0).set([4, -1]);
    expect([...k.evaluate([xs])[0]]).toEqual([3, 7]);
    k.params(1)[0] = 0;
    expect([...k.evaluate([xs])[1]]).toEqual([0, 0]);
    expect(() => k.params(2)).toThrow(KernelError);
  });

  it('writes into out arrays when given', () => {
    const k = compile(parse('x + 1'), { variables: ['x'] });
    const out = [new Float64Array(3)];
    const r = k.evaluate([Float64Array.of(1, 2, 3)], out);
    expect(r).toBe(out);
    expect([...out[0]]).toEqual([2, 3, 4]);
  });

  it('rejects bad input with KernelError naming what is wrong', () => {
    expect(() => compile(parse('x + w'), { variables: ['x'] })).toThrow(/'w'/);
    expect(() => compile(parse('x'), { variables: ['x', 'x'] })).toThrow(KernelError);
    expect(() => compile([], { variables: ['x'] })).toThrow(KernelError);
    defineOperator('vmtest_f', 1);
    expect(() => compile(call('vmtest_f', sym('x')), { variables: ['x'] })).toThrow(/vmtest_f/);
    const k = compile(parse('x*y'), { variables: ['x', 'y'] });
    expect(() => k.evaluate([new Float64Array(2)])).toThrow(/2 column/);
    expect(() => k.evaluate([new Float64Array(2), new Float64Array(3)])).toThrow(/rows/);
    expect(() => k.evaluate([new Float64Array(2), [1, 2] as unknown as Float64Array])).toThrow(/Float64Array/);
    expect(() => k.loss([new Float64Array(2), new Float64Array(2)], new Float64Array(3))).toThrow(/target/);
    k.dispose();
    expect(() => k.evaluate([new Float64Array(2), new Float64Array(2)])).toThrow(/dispose/);
  });

  it('handles 0 rows', () => {
    const k = compile(parse('x + 1'), { variables: ['x'] });
    expect(k.evaluate([new Float64Array(0)])[0].length).toBe(0);
    expect(Number.isNaN(k.loss([new Float64Array(0)], new Float64Array(0))[0])).toBe(true);
  });

  it('evaluates 100,000-deep expressions', () => {
    let t: Term = sym('x');
    for (let i = 0; i < 100000; i++) t = call(i % 2 ? 'neg' : 'add', ...(i % 2 ? [t] : [t, int(1)]));
    const xs = Float64Array.of(0, 1.5);
    const [out] = compile(t, { variables: ['x'] }).evaluate([xs]);
    for (let r = 0; r < xs.length; r++) expect(same(out[r], evaluate(t, { x: xs[r] }))).toBe(true);
  }, 60000);
});

// ---- losses -------------------------------------------------------------------------------------

function jsLoss(pred: Float64Array, y: Float64Array, kind: 'mse' | 'mae' | 'rmse', w?: Float64Array): number {
  let s = 0;
  let tw = 0;
  for (let i = 0; i < y.length; i++) {
    const d = pred[i] - y[i];
    const wi = w ? w[i] : 1;
    s += wi * (kind === 'mae' ? Math.abs(d) : d * d);
    tw += wi;
  }
  const m = s / tw;
  return kind === 'rmse' ? Math.sqrt(m) : m;
}

describe('losses', () => {
  it('MSE, MAE, RMSE with and without weights equal a JS computation on the predictions', () => {
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 700 }),
        fc.constantFrom('mse', 'mae', 'rmse'),
        fc.boolean(),
        fc.integer(),
        (exprs, n, kind, weighted, seed) => {
          let s = seed;
          const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
          const cols = VARS.map(() => Float64Array.from({ length: n }, () => rnd() * 6 - 3));
          const y = Float64Array.from({ length: n }, () => rnd() * 4 - 2);
          const w = weighted ? Float64Array.from({ length: n }, () => rnd()) : undefined;
          const k = compile(exprs, { variables: VARS });
          const preds = k.evaluate(cols);
          const losses = k.loss(cols, y, { kind, weights: w });
          k.dispose();
          exprs.forEach((t, e) => {
            const want = jsLoss(preds[e], y, kind, w);
            const got = losses[e];
            if (!Number.isFinite(want)) expect(Number.isFinite(got), `${t}: ${got} vs ${want}`).toBe(false);
            else expect(Math.abs(got - want), `${t}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an invalid expression gets a non-finite loss', () => {
    const k = compile([parse('log(x)'), parse('x')], { variables: ['x'] });
    const xs = Float64Array.from({ length: 300 }, (_, i) => i - 10);
    const l = k.loss([xs], xs);
    expect(Number.isNaN(l[0])).toBe(true);
    expect(l[1]).toBe(0);
  });
});
