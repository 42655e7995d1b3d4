/**
 * egraph `equivalent(a, b).result === true` implies numeric agreement: wherever both terms are
 * real at every subterm (the rules' own policy: they hold where both sides are defined), with
 * the conditioning-aware tolerance of @symx/core/testing. The numeric refutation of
 * `equivalent` is turned off (`samples: 0`): the rules alone must prove the claim.
 *
 * Pairs: (e, e with commutative arguments reordered), (e, simplify(e)), (e, e with a sub/div
 * swapped or a constant changed: usually not equal) and (e, an independent expression).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_NUMBER, format, postOrder } from '@symx/core';
import { equivalent } from '@symx/egraph';
import { compareNumerically } from '@symx/core/testing';
import { expr, runs } from './config.js';
import { EQUIV_LIMITS, equivalentImpliesEqual, perturb } from './pairs.js';

describe('egraph equivalent', () => {
  it('equivalent(a, b).result === true implies numeric agreement', () => {
    const seen = { proved: 0 };
    fc.assert(equivalentImpliesEqual(undefined, seen), { numRuns: runs(150) });
    console.info(`equivalent: ${seen.proved} pairs proved equal and checked numerically`);
    expect(seen.proved).toBeGreaterThan(10);
  });

  it('a perturbed expression (sub/div swapped, a constant changed) is proved equal only when it is', () => {
    fc.assert(
      fc.property(expr, (a) => {
        const consts = postOrder(a).filter((u) => u.kind === KIND_NUMBER);
        if (consts.length === 0) return;
        const b = perturb(a);
        if (b === a) return;
        const r = equivalent(a, b, EQUIV_LIMITS);
        if (r.result === true) {
          const c = compareNumerically(a, b, [{ x0: 0.7, x1: -1.3, x2: 2.1 }, { x0: 1.9, x1: 0.4, x2: -0.6 }], { domain: 'real' });
          expect(c.equal, `${format(a)} vs ${format(b)}`).toBe(true);
        }
      }),
      { numRuns: runs(100) },
    );
  });
});
