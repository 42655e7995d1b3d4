// Resident datasets (createFusedDataset + evaluateDataset / lossDataset), the loss's early exit,
// pow with an invariant exponent, and block math calls. Bounds: with the fallback host
// (Math.* on each lane) the generated code must equal core's evaluate bit for bit (NaN exactly
// where the reference is NaN); losses are compared with a relative error of 1e-12 (the order
// of the summation differs: two lanes, blocks).
import { float, parse, sym, pow, toFlat, type Term } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsArb, reference, sameFloat, term, VARS } from '../../test-fixtures/exprs.js';
import { compile as compileAny } from '../compile.js';
import { KernelError } from '../kernel.js';
import { createFusedDataset, compileFused, fallbackHost, type FusedHost, FusedKernel } from './index.js';

const host = fallbackHost();
// The same memory and math, without the block math import: every math call is per row pair.
const pairHost: FusedHost = { ...host, apply: undefined };
const compileOn = (h: FusedHost, t: Term | Term[], variables: readonly string[] = VARS) =>
  compileFused(toFlat(t, { variables }), { variables, host: h });

function expectSame(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!sameFloat(actual[i], expected[i])) throw new Error(`${what}: row ${i}: fused ${actual[i]}, reference ${expected[i]}`);
  }
}

/** Mean of w*(p-y)^2 (or w*|p-y|) computed in JS from reference predictions. */
function referenceLoss(p: Float64Array, y: Float64Array, kind: 'mse' | 'mae' | 'rmse', w?: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < p.length; i++) {
    const r = p[i] - y[i];
    const wi = w ? w[i] : 1;
    s += wi * (kind === 'mae' ? Math.abs(r) : r * r);
    sw += wi;
  }
  return kind === 'rmse' ? Math.sqrt(s / sw) : s / sw;
}

function expectLoss(got: number, want: number, what: string): void {
  if (!Number.isFinite(want)) {
    // early exit may stop at +Infinity where a later row would have made the sum NaN
    if (Number.isFinite(got)) throw new Error(`${what}: fused ${got}, reference ${want}`);
    return;
  }
  if (!(Math.abs(got - want) <= 1e-12 * Math.abs(want) + 1e-300)) throw new Error(`${what}: fused ${got}, reference ${want}`);
}

describe('resident datasets', () => {
  it('evaluateDataset equals evaluate and the reference, block math and per-pair math', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), columnsArb(fc.constantFrom(1, 2, 7, 255, 257, 600)), (ts, cols) => {
        const data = createFusedDataset(VARS, cols, { host });
        const pairData = createFusedDataset(VARS, cols, { host: pairHost });
        const k = compileOn(host, ts);
        const kp = compileOn(pairHost, ts);
        const out = ts.map(() => new Float64Array(cols[0].length));
        const got = k.evaluateDataset(data, out);
        expect(got).toBe(out);
        const gotPair = kp.evaluateDataset(pairData);
        ts.forEach((t, i) => {
          const ref = reference(t, cols);
          expectSame(out[i], ref, `expression ${i}`);
          expectSame(gotPair[i], ref, `expression ${i}, per-pair math`);
        });
        data.dispose();
        pairData.dispose();
      }),
      { numRuns: 150 },
    );
  });

  it('lossDataset equals loss and the reference loss, every kind, weighted or not, early exit or not', () => {
    fc.assert(
      fc.property(
        term,
        columnsArb(fc.constantFrom(1, 3, 256, 513, 1100)),
        fc.constantFrom('mse' as const, 'mae' as const, 'rmse' as const),
        fc.boolean(),
        fc.boolean(),
        (t, cols, kind, weighted, earlyExit) => {
          const n = cols[0].length;
          const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
          const w = weighted ? Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3)) : undefined;
          const data = createFusedDataset(VARS, cols, { target: y, weights: w, host });
          const k = compileOn(host, t);
          const want = referenceLoss(reference(t, cols), y, kind, w);
          const got = k.lossDataset(data, { kind, earlyExit })[0];
          expectLoss(got, want, 'lossDataset');
          if (!earlyExit) expect(sameFloat(got, want) || Number.isFinite(want)).toBe(true); // exact NaN/Inf
          expectLoss(k.loss(cols, y, { kind, weights: w, earlyExit })[0], want, 'loss');
          data.dispose();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('serves kernels over any subset of its variables, and parameters changed between calls', () => {
    const xs = Float64Array.from({ length: 1001 }, (_, i) => i / 100 - 5);
    const ys = Float64Array.from(xs, (v) => v * v);
    const zs = Float64Array.from(xs, (v) => 3 - v);
    const data = createFusedDataset(['z', 'x', 'y'], [zs, xs, ys], { target: ys, host });
    const t = parse('1.5*x*x + 0.25');
    const k = compileOn(host, t, ['x']);
    const out = [new Float64Array(xs.length)];
    k.evaluateDataset(data, out);
    expectSame(out[0], reference(t, [xs], ['x']), 'subset');
    k.params(0)[0] = 1; // 1*x*x + 0.25: loss (0.25^2) against y = x^2
    expect(k.lossDataset(data)[0]).toBeCloseTo(0.0625, 14);
    k.params(0)[1] = 0;
    expect(k.lossDataset(data, { kind: 'mae' })[0]).toBe(0);
    data.dispose();
  });

  it('works with compile(..., { tier: "fused" }) and its default host (the VM instance)', () => {
    const xs = Float64Array.from({ length: 300 }, (_, i) => i / 37 + 0.1);
    const ys = Float64Array.from(xs, (v) => Math.sin(v));
    const data = createFusedDataset(['x'], [xs], { target: ys });
    const k = compileAny(parse('sin(x) + 0.5*log(x)'), { variables: ['x'], tier: 'fused' }) as FusedKernel;
    const [p] = k.evaluateDataset(data);
    xs.forEach((v, i) => {
      const ref = Math.sin(v) + 0.5 * Math.log(v);
      expect(Math.abs(p[i] - ref)).toBeLessThanOrEqual(8 * Number.EPSILON * Math.max(1, Math.abs(ref)));
    });
    expect(k.lossDataset(data)[0]).toBeCloseTo(k.loss([xs], ys)[0], 14);
    data.dispose();
  });

  it('rejects foreign, disposed or incomplete datasets and bad options with KernelError', () => {
    const k = compileOn(host, parse('x + y'), ['x', 'y']);
    const onlyX = createFusedDataset(['x'], [Float64Array.of(1, 2)], { host });
    expect(() => k.evaluateDataset(onlyX)).toThrow(/variable 'y' is not in the dataset \[x\]/);
    expect(() => k.lossDataset(onlyX)).toThrow(KernelError);
    const xy = createFusedDataset(['x', 'y'], [Float64Array.of(1, 2), Float64Array.of(3, 4)], { host });
    expect(() => k.lossDataset(xy)).toThrow(/has no target/);
    expect(() => k.evaluateDataset(xy, [new Float64Array(3)])).toThrow(/out\[0\] must be a Float64Array of length 2/);
    expect(() => k.evaluateDataset({} as never)).toThrow(/createFusedDataset/);
    const other = createFusedDataset(['x', 'y'], [Float64Array.of(1), Float64Array.of(2)], { host: pairHost });
    expect(() => k.evaluateDataset(other)).toThrow(/another host/);
    xy.dispose();
    expect(() => k.evaluateDataset(xy)).toThrow(/after dispose/);
    expect(() => createFusedDataset(['x', 'y'], [Float64Array.of(1), Float64Array.of(2, 3)], { host })).toThrow(/has 2 rows/);
    expect(() => createFusedDataset(['x', 'x'], [Float64Array.of(1), Float64Array.of(2)], { host })).toThrow(/listed twice/);
    expect(() => createFusedDataset(['x'], [Float64Array.of(1)], { target: Float64Array.of(1, 2), host })).toThrow(/target/);
    onlyX.dispose();
    other.dispose();
  });
});

describe('early exit of the fused loss', () => {
  it('stops at a non-finite sum; the result is non-finite exactly when the full loss is', () => {
    const n = 5000;
    const xs = Float64Array.from({ length: n }, (_, i) => i - 10); // log: NaN on the first rows
    const y = new Float64Array(n);
    const data = createFusedDataset(['x'], [xs], { target: y, host });
    const k = compileOn(host, [parse('log(x)'), parse('x*x + 1'), parse('1/(x - 4990.5)')], ['x']);
    const early = k.lossDataset(data);
    const full = k.lossDataset(data, { earlyExit: false });
    expect(early[0]).toBeNaN();
    expect(full[0]).toBeNaN();
    expect(early[1]).toBe(full[1]); // finite: the same sum in the same order
    expect(Number.isFinite(early[1])).toBe(true);
    expect(Number.isFinite(early[2])).toBe(true);
    expect(early[2]).toBe(full[2]);
    // non-finite on the last block only
    const late = compileOn(host, parse('sqrt(4985 - x)'), ['x']);
    expect(late.lossDataset(data)[0]).toBeNaN();
    data.dispose();
    // Observable stop: +Infinity on the first row, NaN on a later block. Computing every row
    // gives NaN; stopping after the first block leaves +Infinity.
    const t = new Float64Array(n);
    t[0] = Infinity;
    t[4000] = NaN;
    const marked = createFusedDataset(['x'], [xs], { target: t, host });
    const id = compileOn(host, [parse('x'), parse('sin(x)')], ['x']); // unstaged and staged loops
    expect([...id.lossDataset(marked)]).toEqual([Infinity, Infinity]);
    expect([...id.lossDataset(marked, { earlyExit: false })]).toEqual([NaN, NaN]);
    expect([...id.loss([xs], t)]).toEqual([Infinity, Infinity]); // chunks after a stop are skipped too
    marked.dispose();
  });
});

describe('pow with an invariant exponent', () => {
  const x = sym('x');
  const edge = Float64Array.of(0, -0, 1, -1, 2, -2, 0.5, 3.7, -3.7, 1e-300, -1e-300, 1e300, -1e300, Infinity, -Infinity, NaN, 5e-324, -5e-324);

  it('x^c equals Math.pow for c changed at run time between the cheap (2, 0.5) and general exponents', () => {
    for (const h of [host, pairHost]) {
      const k = compileOn(h, [pow(x, float(2)), pow(float(1.5), pow(x, float(0.5)))], ['x']);
      const data = createFusedDataset(['x'], [edge], { target: new Float64Array(edge.length), host: h });
      for (const c of [2, 0.5, 3, -1, 1, 0, -2, 2.5, NaN, Infinity, -0]) {
        k.params(0)[0] = c;
        k.params(1)[1] = c;
        const [a, b] = k.evaluateDataset(data);
        expectSame(a, Float64Array.from(edge, (v) => Math.pow(v, c)), `x^${c}`);
        expectSame(b, Float64Array.from(edge, (v) => Math.pow(1.5, Math.pow(v, c))), `1.5^(x^${c})`);
        expectSame(k.evaluate([edge])[0], a, `evaluate x^${c}`);
      }
      data.dispose();
    }
  });

  it('random expressions with pows of constant exponents 2 and 0.5 agree with the reference', () => {
    const sq = fc.tuple(term, fc.constantFrom(2, 0.5, 3)).map(([t, c]) => pow(t, float(c)));
    fc.assert(
      fc.property(sq, sq, columnsArb(fc.constantFrom(1, 2, 9, 300)), (a, b, cols) => {
        const exprs = [a, b, pow(a, float(2))]; // the last: nested pows
        const k = compileOn(host, exprs);
        const outs = k.evaluate(cols);
        exprs.forEach((e, i) => expectSame(outs[i], reference(e, cols), `expression ${i}`));
      }),
      { numRuns: 150 },
    );
  });
});
