/**
 * Test helpers shared by the fused-tier and fitting tests (outside src/: never built or shipped).
 * Random expressions over x, y, z with every operator of the flat encoding, edge-value data, and
 * the reference: core's scalar `evaluate` row by row.
 */
import { OP_CONST, OP_VAR, OPERATORS_BY_CODE, type Term, applyOperator, call, evaluate, float, int, sym, toFlat } from '@symx/core';
import fc from 'fast-check';

export const VARS = ['x', 'y', 'z'] as const;

const UNARY = ['neg', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'];
const BINARY = ['sub', 'div', 'pow', 'min', 'max'];
const VARIADIC = ['add', 'mul'];

/** Interesting constants: signed zeros, specials, tiny and huge magnitudes, ordinary values. */
export const EDGE_CONSTANTS = [0, -0, 1, -1, 2, 0.5, -2.5, 3, 1e-300, 1e300, Infinity, -Infinity, NaN, 5e-324];

const ordinaryConstant: fc.Arbitrary<Term> = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map(float) },
  { weight: 1, arbitrary: fc.integer({ min: -4, max: 4 }).map((n) => int(n)) },
);
const constant: fc.Arbitrary<Term> = fc.oneof(
  { weight: 4, arbitrary: ordinaryConstant },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_CONSTANTS).map(float) },
);

/** Random terms of bounded depth over VARS (constants, pi and all operators). */
export function termArb(constants: fc.Arbitrary<Term>): fc.Arbitrary<Term> {
  return fc.letrec<{ t: Term }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...VARS).map(sym),
      constants,
      fc.constant(call('pi')),
      fc.tuple(fc.constantFrom(...UNARY), tie('t')).map(([op, a]) => call(op, a)),
      fc.tuple(fc.constantFrom(...BINARY), tie('t'), tie('t')).map(([op, a, b]) => call(op, a, b)),
      fc
        .tuple(fc.constantFrom(...VARIADIC), fc.array(tie('t'), { minLength: 2, maxLength: 4 }))
        .map(([op, args]) => call(op, ...args)),
    ),
  })).t;
}

/** Random terms whose constants include every edge value (signed zeros, infinities, NaN, ...). */
export const term: fc.Arbitrary<Term> = termArb(constant);
/** Random terms with ordinary constants only (for derivative checks). */
export const smoothTerm: fc.Arbitrary<Term> = termArb(ordinaryConstant);

/** Data values: mostly ordinary, with every edge value represented. */
export const value: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_CONSTANTS) },
  { weight: 1, arbitrary: fc.double() },
);

/** `rows` rows of random data as one Float64Array per variable. */
export function columnsArb(rows: fc.Arbitrary<number>): fc.Arbitrary<Float64Array[]> {
  return rows.chain((n) =>
    fc.tuple(...VARS.map(() => fc.array(value, { minLength: n, maxLength: n }))).map((cols) =>
      cols.map((c) => Float64Array.from(c)),
    ),
  );
}

/** The reference: `evaluate` row by row. */
export function reference(t: Term, columns: readonly Float64Array[], names: readonly string[] = VARS): Float64Array {
  const n = columns[0].length;
  const out = new Float64Array(n);
  const env: Record<string, number> = {};
  for (let r = 0; r < n; r++) {
    names.forEach((v, k) => (env[v] = columns[k][r]));
    out[r] = evaluate(t, env);
  }
  return out;
}

/** Same float64, NaN matching any NaN (payloads are not observable in JS anyway). */
export function sameFloat(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Deterministic pseudo-random numbers (xorshift32) for data that need no shrinking. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const TRANSCENDENTAL = new Set(['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'atan', 'asin', 'acos', 'pow']);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The float `steps` units in the last place away from x (toward +Infinity when positive). */
export function ulpStep(x: number, steps: number): number {
  if (!Number.isFinite(x) || steps === 0) return x;
  f64[0] = x;
  let bits = u64[0];
  for (let s = 0; s < Math.abs(steps); s++) {
    const up = steps > 0;
    if (f64[0] === 0) {
      f64[0] = up ? 5e-324 : -5e-324;
      bits = u64[0];
      continue;
    }
    const positive = f64[0] > 0;
    bits = positive === up ? bits + 1n : bits - 1n;
    u64[0] = bits;
  }
  return f64[0];
}

/**
 * The reference evaluation of term `t` with every transcendental result (and pow) moved by
 * `ulps` units in the last place in a random direction: what a math library within that many
 * ULP could return. The spread of a few such runs measures how sensitive a row is to math
 * error, which bounds how far an accurate SIMD implementation may land from `evaluate`.
 */
export function perturbedReference(
  t: Term,
  columns: readonly Float64Array[],
  row: number,
  ulps: number,
  random: () => number,
  names: readonly string[] = VARS,
): number {
  const flat = toFlat(t, { variables: names });
  const vals = new Float64Array(flat.ops.length);
  for (let i = 0; i < flat.ops.length; i++) {
    const code = flat.ops[i];
    if (code === OP_CONST) vals[i] = flat.constValues[flat.data[i]];
    else if (code === OP_VAR) vals[i] = columns[flat.data[i]][row];
    else {
      const info = OPERATORS_BY_CODE[code]!;
      const args: number[] = [];
      for (let j = 0; j < flat.arity[i]; j++) args.push(vals[flat.children[flat.data[i] + j]]);
      const v = applyOperator(info.name, args);
      vals[i] = TRANSCENDENTAL.has(info.name) ? ulpStep(v, random() < 0.5 ? -ulps : ulps) : v;
    }
  }
  return vals[flat.roots[0]];
}
