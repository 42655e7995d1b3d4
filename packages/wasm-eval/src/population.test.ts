/** The population API: many candidates per call on a resident dataset, early exit, flags. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PI, type Term, call, float, int, parse, sym } from '@symx/core';
import { compile, createDataset, evaluatePopulation, lossPopulation } from './index.js';

const VARS = ['x', 'y', 'z'];
const UNARY = ['neg', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'];
const BINARY = ['sub', 'div', 'pow', 'min', 'max'];
const leaf: fc.Arbitrary<Term> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VARS).map(sym) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map(float) },
  { weight: 1, arbitrary: fc.integer({ min: -4, max: 6 }).map((n) => int(n)) },
  { weight: 1, arbitrary: fc.constant(PI) },
);
const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...UNARY), tie('term')).map(([op, t]) => call(op, t)),
    fc.tuple(fc.constantFrom(...BINARY), tie('term'), tie('term')).map(([op, p, q]) => call(op, p, q)),
    fc.tuple(fc.constantFrom('add', 'mul'), fc.array(tie('term'), { minLength: 2, maxLength: 4 })).map(([op, ts]) => call(op, ...ts)),
  ),
}));

/** Same value: NaN equals NaN, +0 differs from -0. */
function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

describe('population API', () => {
  const n = 600;
  const xs = Float64Array.from({ length: n }, (_, i) => (i - 300) / 50);
  const ys = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  const target = Float64Array.from(xs, (x, i) => x * ys[i] + 1);
  const weights = Float64Array.from(xs, (_, i) => 1 + (i % 3));

  it('evaluatePopulation equals a kernel of the same expressions', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 20 }), (exprs) => {
        const data = createDataset(VARS, [xs, ys, target]);
        const { values, invalid } = evaluatePopulation(exprs, data, { earlyExit: false });
        const k = compile(exprs, { variables: VARS });
        const ref = k.evaluate([xs, ys, target]);
        k.dispose();
        data.dispose();
        exprs.forEach((t, e) => {
          let bad = 0;
          for (let r = 0; r < n; r++) {
            if (!same(values[e * n + r], ref[e][r])) throw new Error(`${t} row ${r}`);
            if (!Number.isFinite(ref[e][r])) bad = 1;
          }
          expect(invalid[e]).toBe(bad);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('lossPopulation equals the kernel losses; invalid flags the NaN/Infinity candidates', () => {
    const exprs = [parse('x*y + 1'), parse('x + y'), parse('log(x)'), parse('1/(x - x)'), parse('sqrt(x) * 0 + 3.5')];
    const data = createDataset(['x', 'y'], [xs, ys], { target, weights });
    const k = compile(exprs, { variables: ['x', 'y'] });
    for (const kind of ['mse', 'mae', 'rmse'] as const) {
      const { loss, invalid } = lossPopulation(exprs, data, { kind });
      const ref = k.loss([xs, ys], target, { kind, weights });
      expect(loss[0]).toBe(0);
      for (let e = 0; e < exprs.length; e++) {
        if (Number.isFinite(ref[e])) expect(loss[e]).toBeCloseTo(ref[e], 12);
        else expect(Number.isFinite(loss[e])).toBe(false);
      }
      expect([...invalid]).toEqual([0, 0, 1, 1, 1]);
    }
    k.dispose();
    data.dispose();
  });

  it('early exit: a candidate dead on a whole block is NaN everywhere and flagged', () => {
    // log(x - 1000): NaN on every row of the first block (x < 256 there), finite from x = 1000
    const m = 2000;
    const big = Float64Array.from({ length: m }, (_, i) => i);
    const data = createDataset(['x'], [big], { target: big });
    const exprs = [parse('log(x - 1000)'), parse('x + 1')];
    const early = evaluatePopulation(exprs, data);
    expect([...early.invalid]).toEqual([1, 0]);
    expect(early.values.subarray(0, m).every(Number.isNaN)).toBe(true);
    expect(early.values[m + 5]).toBe(6);
    const exact = evaluatePopulation(exprs, data, { earlyExit: false });
    expect(exact.values[1500]).toBeCloseTo(Math.log(500), 14);
    expect([...exact.invalid]).toEqual([1, 0]);
    // losses: non-finite either way, and the other candidates are unaffected
    const l = lossPopulation(exprs, data);
    expect(Number.isFinite(l.loss[0])).toBe(false);
    expect(l.loss[1]).toBe(1);
    expect([...l.invalid]).toEqual([1, 0]);
    data.dispose();
  });

  it('rejects unknown variables and datasets without a target, naming the candidate', () => {
    const data = createDataset(['x'], [xs]);
    expect(() => evaluatePopulation([parse('x'), parse('q + 1')], data)).toThrow(/candidate 1: .*'q'/);
    expect(() => lossPopulation([parse('x')], data)).toThrow(/target/);
    data.dispose();
    expect(() => evaluatePopulation([parse('x')], data)).toThrow(/dispose/);
  });
});
