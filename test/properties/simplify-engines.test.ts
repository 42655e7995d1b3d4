/**
 * evaluate(e) ≈ evaluate(simplify(e)) ≈ evaluate(egraph.simplify(e)) on random SR expressions
 * and points, under the domain policy of soundness.ts (compare where e is real at every
 * subterm; relative tolerance 1e-9 plus conditioning spreads; unstable points skipped).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Term, simplify } from '@symx/core';
import { simplify as egSimplify } from '@symx/egraph';
import { analyzePoint, pointsArb } from '@symx/core/testing';
import { edgyExpr, edgyPoints, expr, points, runs, VARS } from './config.js';
import { Tally, assertSameWhereReal, soundness } from './soundness.js';

const egraph = (t: Term): Term => egSimplify(t, { timeLimit: 200 });

describe('simplify engines agree with the reference evaluator', () => {
  it('core simplify: equal to the input wherever the input is real', () => {
    const tally = new Tally();
    fc.assert(soundness((t) => simplify(t), expr, points, 'simplify', tally), { numRuns: runs(300) });
    report(tally);
  });

  it('core simplify with edge constants (±0, subnormal, tiny, huge) and edge points', () => {
    const tally = new Tally();
    fc.assert(soundness((t) => simplify(t), edgyExpr, edgyPoints, 'simplify', tally), { numRuns: runs(200) });
    report(tally, 0.01);
  });

  it('egraph simplify: equal to the input wherever the input is real', () => {
    const tally = new Tally();
    fc.assert(soundness(egraph, expr, points, 'egraph.simplify', tally), { numRuns: runs(150) });
    report(tally);
  });

  it('the two simplifiers agree with each other where the input is real', () => {
    fc.assert(
      fc.property(expr, points, (t, ps) => {
        // both are checked against t above; here the two results against each other, where
        // t is real (so both must be), with t's own conditioning not involved
        const a = simplify(t);
        const b = egraph(t);
        const real = ps.filter((p) => isRealAt(t, p));
        assertSameWhereReal(a, b, real, 'simplify vs egraph.simplify');
      }),
      { numRuns: runs(100) },
    );
  });

  it('simplify under declared assumptions is sound where they hold', () => {
    const positive = pointsArb(VARS, { min: 1e-3, max: 5, minLength: 4, maxLength: 4 });
    const tally = new Tally();
    const assume = { x0: 'positive', x1: 'positive', x2: 'positive' } as const;
    fc.assert(soundness((t) => simplify(t, { assume }), expr, positive, 'simplify(assume positive)', tally), { numRuns: runs(200) });
    report(tally);
  });
});

function isRealAt(t: Term, p: Record<string, number>): boolean {
  const a = analyzePoint(t, p);
  return a.real && a.stable;
}

/** Logs the tally and checks that a fair share of points was compared (the property is not vacuous). */
function report(tally: Tally, atLeast = 0.25): void {
  console.info(`${expect.getState().currentTestName}: ${tally}`);
  expect(tally.ratio, String(tally)).toBeGreaterThan(atLeast);
}
