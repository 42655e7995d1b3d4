import { add, call, div, exp, float, log, mul, pow, sin, sqrt, sub, sym, toFlat, type Term } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rng, smoothTerm, term, VARS } from '../test-fixtures/exprs.js';
import { fitConstants, lossGradient } from './fit.js';
import { levenbergMarquardt } from './fit/lm.js';
import { choleskySolve } from './fit/linalg.js';
import { FitSession } from './fit/session.js';
import { compileFused, fallbackHost } from './fused/index.js';

const host = fallbackHost();
const x = sym('x');

function data(n: number, seed: number, lo = -3, hi = 3): Float64Array[] {
  const r = rng(seed);
  return VARS.map(() => Float64Array.from({ length: n }, () => lo + (hi - lo) * r()));
}

describe('gradients of the loss with respect to constants', () => {
  // Central differences of the MSE, through the value kernel (an independent code path); NaN
  // when the forward and backward differences disagree (a kink such as abs(c) at c = 0).
  function finiteDifference(
    t: Term,
    start: Float64Array,
    cols: Float64Array[],
    y: Float64Array,
    w: Float64Array | undefined,
    slot: number,
    h: number,
  ): number {
    const k = compileFused(toFlat(t, { variables: VARS }), { variables: VARS, host });
    const p = k.params(0);
    p.set(start);
    const c = p[slot];
    const mid = k.loss(cols, y, { weights: w })[0];
    p[slot] = c + h;
    const up = k.loss(cols, y, { weights: w })[0];
    p[slot] = c - h;
    const down = k.loss(cols, y, { weights: w })[0];
    p[slot] = c;
    const fwd = (up - mid) / h;
    const bwd = (mid - down) / h;
    if (Math.abs(fwd - bwd) > 0.1 * (Math.abs(fwd) + Math.abs(bwd)) + 1e-9) return NaN;
    return (up - down) / (2 * h);
  }

  it('agree with central finite differences on random expressions', () => {
    let checked = 0;
    let skipped = 0;
    fc.assert(
      fc.property(smoothTerm, fc.integer({ min: 1, max: 40 }), fc.boolean(), (t, n, weighted) => {
        const cols = data(n, n * 7 + 1, -2, 2);
        const r = rng(n);
        const y = Float64Array.from({ length: n }, () => r() * 2 - 1);
        const w = weighted ? Float64Array.from({ length: n }, () => 0.5 + r()) : undefined;
        // Constants moved slightly off their values, so that none sits exactly on a kink
        // (max(0*x, -0) at a tie has no derivative for differences to agree with).
        const k = compileFused(toFlat(t, { variables: VARS }), { variables: VARS, host });
        const start = k.params(0).map((c) => c + 0.01 * (Math.abs(c) + 0.1) * (r() - 0.5));
        const g = lossGradient(t, cols, y, { variables: VARS, weights: w, host, initial: start });
        if (!Number.isFinite(g.loss)) return;
        g.slots.forEach((slot, j) => {
          const c = start[slot];
          const h = 1e-5 * Math.max(Math.abs(c), 0.01);
          const fd1 = finiteDifference(t, start, cols, y, w, slot, h);
          const fd2 = finiteDifference(t, start, cols, y, w, slot, h / 4);
          // Rounding in the loss itself, amplified by the difference quotient.
          const noise = (1e-13 * Math.abs(g.loss)) / (h / 4);
          const scale = Math.abs(fd1) + Math.abs(fd2);
          // Non-smooth or ill-conditioned here (the two step sizes disagree): nothing to compare.
          // So is a derivative that overflows (the kernel says +-Infinity, differences say 1e300).
          const overflow = !Number.isFinite(g.gradient[j]) && Math.abs(fd2) > 1e290;
          if (!Number.isFinite(fd1) || !Number.isFinite(fd2) || Math.abs(fd1 - fd2) > 1e-3 * scale + noise || !Number.isFinite(c) || overflow) {
            skipped++;
            return;
          }
          checked++;
          const tol = 1e-4 * scale + noise;
          if (!(Math.abs(g.gradient[j] - fd2) <= tol))
            throw new Error(`slot ${slot}: kernel ${g.gradient[j]}, finite difference ${fd2} (${fd1})`);
        });
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(3 * skipped);
  });

  it('a zero tangent stays zero where a partial is infinite or NaN (sqrt at 0, pow of a negative base)', () => {
    const y = sym('y');
    const xs = Float64Array.of(0, 1, 4, 0, 9);
    const cols = [xs, Float64Array.of(0, 1, 2, 0, 1), new Float64Array(5)];
    const target = Float64Array.of(0, 1, 3, 0, 2);
    // d/dc mean((sqrt(c x) - t)^2) = mean(2 r x / (2 sqrt(c x))), 0 on rows with x = 0
    const c = 1.5;
    let expected = 0;
    xs.forEach((xv, i) => {
      if (xv !== 0) expected += (2 * (Math.sqrt(c * xv) - target[i]) * xv) / (2 * Math.sqrt(c * xv));
    });
    const g = lossGradient(sqrt(mul(float(c), x)), cols, target, { variables: VARS, host });
    expect(g.gradient[0]).toBeCloseTo(expected / 5, 12);
    // (-2)^(c*0) = 1 on the first row: its exponent does not move with c
    const cols2 = [Float64Array.of(-2, 3), Float64Array.of(0, 1), new Float64Array(2)];
    const g2 = lossGradient(pow(x, mul(float(0.5), y)), cols2, Float64Array.of(0, 0), { variables: VARS, host });
    const r1 = Math.pow(3, 0.5);
    expect(g2.gradient[0]).toBeCloseTo((2 * (1 - 0) * 0 + 2 * r1 * r1 * Math.log(3)) / 2, 12);
  });

  it('the Gauss-Newton matrix is J\'WJ of the finite-difference Jacobian', () => {
    const t = add(mul(float(2), exp(mul(float(-0.5), x))), div(float(1), add(mul(float(0.3), x, x), float(1))), float(0.1));
    const n = 25;
    const cols = data(n, 11);
    const y = Float64Array.from(cols[0], (v) => Math.cos(v));
    const k = compileFused(toFlat(t, { variables: VARS }), { variables: VARS, host });
    const slots = k.params(0).length;
    const J: Float64Array[] = [];
    for (let s = 0; s < slots; s++) {
      const p = k.params(0);
      const c = p[s];
      const h = 1e-6 * Math.max(1, Math.abs(c));
      p[s] = c + h;
      const up = k.evaluate(cols)[0];
      p[s] = c - h;
      const down = k.evaluate(cols)[0];
      p[s] = c;
      J.push(up.map((u, i) => (u - down[i]) / (2 * h)));
    }
    const out = new Float64Array(1 + slots + (slots * (slots + 1)) / 2);
    const session = new FitSession(k, 0, cols, y, undefined, out.length);
    session.derivatives(k.params(0), new Uint8Array(slots).fill(1), 'normal', out);
    session.dispose();
    let q = 1 + slots;
    for (let i = 0; i < slots; i++) {
      for (let j = i; j < slots; j++) {
        let h = 0;
        for (let r = 0; r < n; r++) h += J[i][r] * J[j][r];
        expect(Math.abs(out[q++] - h)).toBeLessThan(1e-6 * (Math.abs(h) + 1));
      }
    }
  });
});

describe('fitConstants (Levenberg-Marquardt)', () => {
  it('recovers y = 2.5 sin(1.3 x) + 0.7 from wrong starting constants', () => {
    const cols = data(200, 5);
    const y = Float64Array.from(cols[0], (v) => 2.5 * Math.sin(1.3 * v) + 0.7);
    const model = add(mul(float(1), sin(mul(float(1.1), x))), float(0));
    const r = fitConstants(model, cols, y, { variables: VARS, host });
    expect(r.stopReason).toBe('converged');
    expect(r.lossBefore).toBeGreaterThan(1);
    expect(r.lossAfter).toBeLessThan(1e-20);
    const [a, b, c] = r.constants;
    expect(a).toBeCloseTo(2.5, 9);
    expect(b).toBeCloseTo(1.3, 9);
    expect(c).toBeCloseTo(0.7, 9);
    expect(r.iterations).toBeLessThan(50);
  });

  it('fits with weights and fixed constants, and writes into a kernel', () => {
    const cols = data(101, 9, 0, 4);
    const y = Float64Array.from(cols[0], (v) => 3 * Math.exp(-0.8 * v) + 0.25 * v * v);
    const w = Float64Array.from(cols[0], (v) => 1 + v);
    const model = add(mul(float(1), exp(mul(float(-0.1), x))), mul(float(1), pow(x, float(2))));
    const k = compileFused(toFlat(model, { variables: VARS }), { variables: VARS, host });
    // slots: [1 (shared by both products), -0.1, 2]; fix the exponent
    expect(Array.from(k.params(0))).toEqual([1, -0.1, 2]);
    const r = fitConstants(k, cols, y, { weights: w, fixed: [2] });
    // A single slot for both factors cannot fit 3 and 0.25: the fit is the best compromise.
    expect(r.constants[2]).toBe(2);
    expect(r.lossAfter).toBeLessThan(r.lossBefore);
    expect(Array.from(k.params(0))).toEqual(Array.from(r.constants));
    const k2 = compileFused(toFlat(add(mul(float(1.5), exp(mul(float(-0.1), x))), mul(float(1), pow(x, float(2))))), {
      variables: VARS,
      host,
    });
    const r2 = fitConstants(k2, cols, y, { weights: w, fixed: [3] });
    expect(r2.stopReason).toBe('converged');
    expect(r2.constants[0]).toBeCloseTo(3, 8);
    expect(r2.constants[1]).toBeCloseTo(-0.8, 8);
    expect(r2.constants[2]).toBeCloseTo(0.25, 8);
  });

  it('reports invalid candidates and never throws on NaN', () => {
    const cols = data(50, 3);
    const y = new Float64Array(50).fill(1);
    const bad = fitConstants(log(sub(x, float(10))), cols, y, { variables: VARS, host });
    expect(bad.stopReason).toBe('invalid');
    expect(bad.lossBefore).toBeNaN();
    expect(Array.from(bad.constants)).toEqual([10]);
    // Valid at the start, NaN for many trial steps (sqrt of a negative): steps are rejected.
    const edgy = fitConstants(sqrt(sub(float(3.01), x)), cols, y, { variables: VARS, host });
    expect(['converged', 'stalled', 'max-iterations']).toContain(edgy.stopReason);
    expect(edgy.lossAfter).toBeLessThanOrEqual(edgy.lossBefore);
    fc.assert(
      fc.property(term, (t) => {
        const r = fitConstants(t, cols, y, { variables: VARS, host, maxIterations: 20 });
        expect(r.iterations).toBeLessThanOrEqual(20);
        if (r.stopReason !== 'invalid') expect(r.lossAfter <= r.lossBefore || Number.isNaN(r.lossBefore)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('handles expressions without constants and rejects bad options', () => {
    const cols = data(10, 1);
    const r = fitConstants(add(x, sym('y')), cols, new Float64Array(10), { variables: VARS, host });
    expect(r.stopReason).toBe('no-constants');
    expect(() => fitConstants(x, cols, new Float64Array(10), {})).toThrow(/variables is required/);
    expect(() => fitConstants(mul(float(2), x), cols, new Float64Array(10), { variables: VARS, fixed: [3], host })).toThrow(
      /fixed slot 3/,
    );
    expect(() => fitConstants(mul(float(2), x), cols, new Float64Array(9), { variables: VARS, host })).toThrow(/9 rows/);
  });

  it('fits constants inside pi-free min/max/abs expressions without throwing', () => {
    const cols = data(64, 4);
    const y = Float64Array.from(cols[0], (v) => Math.max(0.5 * v, -1) + Math.abs(v - 0.3));
    const model = add(call('max', mul(float(1), x), float(0)), call('abs', sub(x, float(0))));
    const r = fitConstants(model, cols, y, { variables: VARS, host });
    expect(r.lossAfter).toBeLessThan(r.lossBefore);
  });
});

describe('Levenberg-Marquardt core', () => {
  it('minimizes Rosenbrock as least squares', () => {
    // r1 = 10 (c1 - c0^2), r2 = 1 - c0
    const r = levenbergMarquardt(
      (c, o) => {
        const r1 = 10 * (c[1] - c[0] * c[0]);
        const r2 = 1 - c[0];
        const J = [
          [-20 * c[0], 10],
          [-1, 0],
        ];
        o[0] = r1 * r1 + r2 * r2;
        o[1] = J[0][0] * r1 + J[1][0] * r2;
        o[2] = J[0][1] * r1 + J[1][1] * r2;
        o[3] = J[0][0] ** 2 + J[1][0] ** 2;
        o[4] = J[0][0] * J[0][1] + J[1][0] * J[1][1];
        o[5] = J[0][1] ** 2 + J[1][1] ** 2;
      },
      Float64Array.of(-1.2, 1),
      { maxIterations: 200, tolerance: 1e-14 },
    );
    expect(r.stopReason).toBe('converged');
    expect(r.c[0]).toBeCloseTo(1, 6);
    expect(r.c[1]).toBeCloseTo(1, 6);
  });

  it('stops within the budget when the objective is NaN everywhere but the start', () => {
    let calls = 0;
    const r = levenbergMarquardt(
      (c, o) => {
        calls++;
        o.fill(calls === 1 ? 1 : NaN);
      },
      Float64Array.of(1),
      { maxIterations: 30, tolerance: 1e-12 },
    );
    expect(['stalled', 'max-iterations']).toContain(r.stopReason);
    expect(calls).toBeLessThanOrEqual(31);
    expect(r.S).toBe(1);
  });

  it('Cholesky solves SPD systems and refuses indefinite ones', () => {
    const x2 = new Float64Array(2);
    expect(choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2, x2, new Float64Array(4))).toBe(true);
    expect(x2[0]).toBeCloseTo(0.5, 15);
    expect(x2[1]).toBeCloseTo(0, 15);
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2, x2, new Float64Array(4))).toBe(false);
  });
});
