/**
 * The soundness property of a simplifier, shared by the cross-engine suite and the mutation
 * check: at random points, `simp(t)` equals `t` wherever `t` is real at every subterm (the
 * documented policy of core's `simplify`: where the input is undefined the result may be
 * defined, x/x → 1; where the input is real the result must be real and equal). The tolerance
 * is relative 1e-9 plus the conditioning spreads of both sides (see @symx/core/testing
 * `compareNumerically`); points within rounding of a domain edge or pole are skipped and counted.
 */
import fc from 'fast-check';
import { type Term, format } from '@symx/core';
import { type Point, compareNumerically } from '@symx/core/testing';

/** Points compared and skipped, to show that a property was not vacuous. */
export class Tally {
  compared = 0;
  skipped = 0;
  add(r: { compared: number; skipped: number }): void {
    this.compared += r.compared;
    this.skipped += r.skipped;
  }
  /** Share of points compared. */
  get ratio(): number {
    return this.compared / Math.max(1, this.compared + this.skipped);
  }
  toString(): string {
    return `${this.compared} points compared, ${this.skipped} skipped (outside the domain or unstable)`;
  }
}

/** Throws, with both terms and the point, unless `b` equals `a` where `a` is real. */
export function assertSameWhereReal(a: Term, b: Term, points: readonly Point[], what: string, tally?: Tally): void {
  const r = compareNumerically(a, b, points, { domain: 'left' });
  tally?.add(r);
  if (!r.equal) {
    const m = r.mismatch!;
    throw new Error(`${what}: ${format(a)}  →  ${format(b)}\n  at ${JSON.stringify(m.point)}: ${m.left} vs ${m.right} (${m.reason})`);
  }
}

/**
 * fast-check property: `simp` is sound on `exprs` at `points` (see the file comment).
 *
 * @example
 * fc.assert(soundness((t) => simplify(t), expr, points), { numRuns: 200 });
 */
export function soundness(
  simp: (t: Term) => Term,
  exprs: fc.Arbitrary<Term>,
  points: fc.Arbitrary<Point[]>,
  what = 'simplify',
  tally?: Tally,
): fc.IPropertyWithHooks<[Term, Point[]]> {
  return fc.property(exprs, points, (t, ps) => {
    assertSameWhereReal(t, simp(t), ps, what, tally);
  });
}
