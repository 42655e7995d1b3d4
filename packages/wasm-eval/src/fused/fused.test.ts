import { add, call, cos, div, exp, float, format, int, log, mul, neg, parse, pow, sin, sqrt, sub, sym, toFlat, type Term } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsArb, reference, rng, sameFloat, term, VARS } from '../../test-fixtures/exprs.js';
import { KernelError } from '../kernel.js';
import { CHUNK_ROWS, clearFusedCache, compileFused, fallbackHost, fusedCacheStats } from './index.js';

// The fallback host computes transcendentals with Math.* itself, so the generated code must agree
// with the reference evaluator bit for bit: any difference is a code generation bug.
const host = fallbackHost();
const compile = (t: Term | Term[], variables: readonly string[] = VARS) =>
  compileFused(toFlat(t, { variables }), { variables, host });

function expectSame(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!sameFloat(actual[i], expected[i]))
      throw new Error(`${what}: row ${i}: fused ${actual[i]}, reference ${expected[i]}`);
  }
}

describe('fused tier: agreement with core evaluate (bit-exact with Math.* lanes)', () => {
  it('random expressions on random data with edge values, odd and even row counts', () => {
    fc.assert(
      fc.property(term, columnsArb(fc.integer({ min: 0, max: 9 })), (t, cols) => {
        const k = compile(t);
        const [out] = k.evaluate(cols);
        expectSame(out, reference(t, cols), 'evaluate');
      }),
      { numRuns: 400 },
    );
  });

  it('row counts around the block size of the staged loop (256 rows), evaluate and loss', () => {
    fc.assert(
      fc.property(term, columnsArb(fc.constantFrom(255, 256, 257, 513)), (t, cols) => {
        const k = compile(t);
        const ref = reference(t, cols);
        expectSame(k.evaluate(cols)[0], ref, 'evaluate');
        const y = new Float64Array(ref.length).fill(0.5);
        let s = 0;
        for (const v of ref) s += (v - 0.5) ** 2;
        const got = k.loss(cols, y)[0];
        const expected = s / ref.length;
        if (!Number.isFinite(expected)) expect(got).toBe(expected);
        else expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * expected);
      }),
      { numRuns: 60 },
    );
  });

  it('several expressions per module, with subterms shared between them', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 5 }), columnsArb(fc.constantFrom(1, 2, 7)), (ts, cols) => {
        const shared = ts.map((t, i) => (i > 0 ? add(t, ts[0]) : t));
        const k = compile(shared);
        const outs = k.evaluate(cols);
        expect(outs.length).toBe(shared.length);
        shared.forEach((t, i) => expectSame(outs[i], reference(t, cols), `expression ${i}`));
      }),
      { numRuns: 150 },
    );
  });

  it('streams long columns through chunks (odd total, partial last chunk)', () => {
    const x = sym('x');
    const y = sym('y');
    const t = add(mul(float(2.5), sin(mul(float(1.3), x))), div(y, add(x, float(0.7))), exp(neg(mul(x, x))));
    const r = rng(7);
    const n = 2 * CHUNK_ROWS + 3;
    const cols = VARS.map(() => Float64Array.from({ length: n }, () => r() * 8 - 4));
    const k = compile(t);
    expectSame(k.evaluate(cols)[0], reference(t, cols), 'chunked');
    const out = [new Float64Array(n)];
    expect(k.evaluate(cols, out)[0]).toBe(out[0]);
  });

  it('evaluates 100,000-deep expressions without overflowing any stack', () => {
    const x = sym('x');
    let chain: Term = x;
    for (let i = 0; i < 100_000; i++) chain = i % 2 ? sin(chain) : add(chain, float(1e-5));
    const cols = [Float64Array.of(0.5, -1, 2), new Float64Array(3), new Float64Array(3)];
    const k = compile(chain);
    // The reference, written out (evaluate() on 100,000 nodes per row is slow): same operations.
    const expected = cols[0].map((v) => {
      for (let i = 0; i < 100_000; i++) v = i % 2 ? Math.sin(v) : v + 1e-5;
      return v;
    });
    expectSame(k.evaluate(cols)[0], expected, 'deep');
  }, 60_000);

  it('handles constant-only expressions (all work hoisted out of the loop)', () => {
    const t = add(mul(float(2), call('pi')), sqrt(int(2)));
    const cols = [new Float64Array(5), new Float64Array(5), new Float64Array(5)];
    expectSame(compile(t).evaluate(cols)[0], new Float64Array(5).fill(2 * Math.PI + Math.SQRT2), 'constant');
  });
});

describe('fused losses', () => {
  function refLoss(pred: Float64Array, y: Float64Array, kind: string, w?: Float64Array): number {
    let s = 0;
    let sw = 0;
    for (let i = 0; i < y.length; i++) {
      const r = pred[i] - y[i];
      const wi = w ? w[i] : 1;
      s += wi * (kind === 'mae' ? Math.abs(r) : r * r);
      sw += wi;
    }
    return kind === 'rmse' ? Math.sqrt(s / sw) : s / sw;
  }

  it('MSE, MAE and RMSE, weighted or not, match predictions-then-loss', () => {
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 3 }),
        columnsArb(fc.integer({ min: 1, max: 11 })),
        fc.constantFrom('mse', 'mae', 'rmse') as fc.Arbitrary<'mse' | 'mae' | 'rmse'>,
        fc.boolean(),
        (ts, cols, kind, weighted) => {
          const n = cols[0].length;
          const r = rng(n * 31 + ts.length);
          const y = Float64Array.from({ length: n }, () => r() * 4 - 2);
          const w = weighted ? Float64Array.from({ length: n }, () => r() * 2) : undefined;
          const k = compile(ts);
          const losses = k.loss(cols, y, { kind, weights: w });
          ts.forEach((t, i) => {
            const expected = refLoss(reference(t, cols), y, kind, w);
            const got = losses[i];
            if (Number.isNaN(expected) || !Number.isFinite(expected)) expect(got).toBe(expected);
            else expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected) + 1e-300);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('loss over several chunks equals the loss of the predictions', () => {
    const x = sym('x');
    const t = sub(mul(float(1.5), cos(x)), log(add(x, float(10))));
    const n = CHUNK_ROWS + 1001;
    const r = rng(3);
    const cols = VARS.map(() => Float64Array.from({ length: n }, () => r() * 6 - 3));
    const y = Float64Array.from({ length: n }, () => r());
    const pred = reference(t, cols);
    let s = 0;
    for (let i = 0; i < n; i++) s += (pred[i] - y[i]) ** 2;
    const got = compile(t).loss(cols, y)[0];
    expect(Math.abs(got - s / n)).toBeLessThan(1e-13 * (s / n));
  });

  it('flags invalid expressions with a non-finite loss', () => {
    const x = sym('x');
    const k = compile([log(sub(x, float(1))), sqrt(x), x]);
    const cols = [Float64Array.of(0.5, 2, 3), new Float64Array(3), new Float64Array(3)];
    const losses = k.loss(cols, new Float64Array(3));
    expect(losses[0]).toBeNaN();
    expect(Number.isFinite(losses[1])).toBe(true);
    expect(losses[2]).toBeCloseTo((0.25 + 4 + 9) / 3, 15);
  });
});

describe('fused parameters and the structure cache', () => {
  it('reuses the compiled module for the same structure with other constants', () => {
    clearFusedCache(host);
    const x = sym('x');
    const shape = (a: number, b: number) => add(mul(float(a), sin(mul(float(b), x))), float(0.7));
    const k1 = compile(shape(2.5, 1.3));
    const before = fusedCacheStats(host);
    const k2 = compile(shape(-1, 4));
    const after = fusedCacheStats(host);
    expect(after.hits).toBe(before.hits + 1);
    expect(after.size).toBe(before.size);
    expect(Array.from(k1.params(0))).toEqual([2.5, 1.3, 0.7]);
    expect(Array.from(k2.params(0))).toEqual([-1, 4, 0.7]);
    const cols = [Float64Array.of(0.1, 0.2, 0.3), new Float64Array(3), new Float64Array(3)];
    expectSame(k2.evaluate(cols)[0], reference(shape(-1, 4), cols), 'k2');
    // Refitting: new values in the parameter vector, no recompilation.
    k1.params(0).set([-1, 4, 0.7]);
    expectSame(k1.evaluate(cols)[0], reference(shape(-1, 4), cols), 'k1 refit');
    expect(fusedCacheStats(host).misses).toBe(after.misses);
  });

  it('a different structure (or constant sharing pattern) is a different module', () => {
    const x = sym('x');
    const k1 = compile(add(mul(float(2), x), float(3)));
    const k2 = compile(add(mul(float(2), x), float(2))); // one shared constant node: one slot
    expect(k1.params(0).length).toBe(2);
    expect(k2.params(0).length).toBe(1);
    const cols = [Float64Array.of(1, 2), new Float64Array(2), new Float64Array(2)];
    expect(Array.from(k2.evaluate(cols)[0])).toEqual([4, 6]);
  });
});

describe('resident data (low-level pointer API)', () => {
  it('evaluateAt and lossSumAt match evaluate and loss', () => {
    const x = sym('x');
    const y = sym('y');
    const t = add(mul(float(1.5), sin(x)), div(y, float(3)));
    const k = compile([t, sub(x, y)]);
    const n = 7;
    const cols = [Float64Array.of(1, 2, 3, 4, 5, 6, 7), Float64Array.of(7, 6, 5, 4, 3, 2, 1), new Float64Array(n)];
    const target = Float64Array.of(0, 1, 0, 1, 0, 1, 0);
    const w = Float64Array.of(1, 2, 3, 4, 5, 6, 7);
    const stride = (n + 2) * 8;
    const base = host.alloc(6 * stride);
    const heap = new Float64Array(host.memory.buffer);
    const ptr = (j: number) => base + j * stride;
    cols.forEach((c, j) => heap.set(c, ptr(j) >> 3));
    heap.set(target, ptr(3) >> 3);
    heap.set(w, ptr(4) >> 3);
    const columns = [ptr(0), ptr(1), ptr(2)];
    k.evaluateAt(0, columns, n, ptr(5));
    const got = new Float64Array(host.memory.buffer).slice(ptr(5) >> 3, (ptr(5) >> 3) + n);
    expectSame(got, k.evaluate(cols)[0], 'evaluateAt');
    const sw = w.reduce((a, b) => a + b);
    for (const [absolute, kind] of [[false, 'mse'], [true, 'mae']] as const) {
      expect(k.lossSumAt(1, columns, n, ptr(3), 0, absolute) / n).toBeCloseTo(k.loss(cols, target, { kind })[1], 14);
      expect(k.lossSumAt(1, columns, n, ptr(3), ptr(4), absolute) / sw).toBeCloseTo(
        k.loss(cols, target, { kind, weights: w })[1],
        14,
      );
    }
    host.free(base);
  });
});

describe('fused kernel input validation', () => {
  const x = sym('x');
  it('rejects bad variables, columns, targets and use after dispose with KernelError', () => {
    expect(() => compileFused(toFlat(pow(x, sym('q'))), { variables: ['x'], host })).toThrow(/'q' is not in the variable list/);
    const k = compileFused(toFlat(x), { variables: ['x', 'y'], host });
    expect(() => k.evaluate([new Float64Array(2)])).toThrow(KernelError);
    expect(() => k.evaluate([new Float64Array(2), new Float64Array(3)])).toThrow(/column 1 \('y'\) has 3 rows/);
    expect(() => k.evaluate([new Float64Array(2), [1, 2] as unknown as Float64Array])).toThrow(/must be a Float64Array/);
    expect(() => k.loss([new Float64Array(2), new Float64Array(2)], new Float64Array(3))).toThrow(/target has 3 rows/);
    expect(() => k.loss([new Float64Array(2), new Float64Array(2)], new Float64Array(2), { kind: 'huber' as 'mse' })).toThrow(
      /unknown loss kind/,
    );
    expect(() => k.params(1)).toThrow(/out of range/);
    k.dispose();
    expect(() => k.evaluate([new Float64Array(2), new Float64Array(2)])).toThrow(/after dispose/);
  });

  it('evaluates zero rows', () => {
    const k = compileFused(toFlat(x), { variables: ['x'], host });
    expect(k.evaluate([new Float64Array(0)])[0].length).toBe(0);
    expect(k.loss([new Float64Array(0)], new Float64Array(0))[0]).toBeNaN();
  });
});

describe('large kernels', () => {
  it('span several modules (cut by size) and give the same values as one kernel per expression', () => {
    // 400 expressions of ~80 instructions: more than one module's worth
    const exprs = Array.from({ length: 400 }, (_, i) => {
      let t = parse(`x*${i + 1} + y`);
      for (let k = 0; k < 20; k++) t = parse(`(${format(t)})*x + ${k + 0.5}*y - ${i}`);
      return t;
    });
    const xs = Float64Array.of(0.5, -1, 2);
    const ys = Float64Array.of(1, 0.25, -3);
    const before = fusedCacheStats().misses;
    const all = compileFused(toFlat(exprs), { variables: ['x', 'y'] }).evaluate([xs, ys]);
    expect(fusedCacheStats().misses - before).toBeGreaterThan(1);
    for (const i of [0, 1, 199, 200, 399]) {
      const [one] = compileFused(toFlat(exprs[i]), { variables: ['x', 'y'] }).evaluate([xs, ys]);
      expect(Array.from(all[i])).toEqual(Array.from(one));
    }
  });
});
