import { add, float, mul, sin, sym, toFlat } from '@symx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { term, VARS } from '../../test-fixtures/exprs.js';
import { constantSlots } from '../lower.js';
import { planExpression } from './plan.js';

const columnOf = Int32Array.from([0, 1, 2]);

describe('fused plans', () => {
  // The fused planner takes its slots from lower.ts constantOrder (the one definition of the
  // parameter order); lower.test.ts checks every tier against it.
  it('number constant slots exactly as lower.ts constantSlots, roots sharing subterms included', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 5 }), fc.boolean(), (ts, chain) => {
        const exprs = chain ? ts.map((t, i) => (i > 0 ? mul(t, ts[i - 1]) : t)) : ts;
        const flat = toFlat(exprs, { variables: VARS });
        exprs.forEach((_, e) => {
          const plan = planExpression(flat, e, columnOf);
          expect(Array.from(plan.slotNodes)).toEqual(Array.from(constantSlots(flat, flat.roots[e])));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keys ignore constant values but not structure or sharing', () => {
    const x = sym('x');
    const key = (t: Parameters<typeof toFlat>[0]) => planExpression(toFlat(t, { variables: VARS }), 0, columnOf).key;
    expect(key(add(mul(float(2), x), float(3)))).toBe(key(add(mul(float(-7.5), x), float(1e9))));
    expect(key(add(mul(float(2), x), float(3)))).not.toBe(key(add(mul(float(2), x), float(2))));
    expect(key(sin(x))).not.toBe(key(sin(sym('y'))));
    // the same computation, whether written n-ary or as nested binary sums
    expect(key(add(x, x, x))).toBe(key(add(add(x, x), x)));
  });

  it('folds n-ary add and mul left to right, as evaluate does', () => {
    const x = sym('x');
    const p = planExpression(toFlat(add(x, float(1), float(2), float(3)), { variables: VARS }), 0, columnOf);
    // x, 1, 2, 3, then x+1, (x+1)+2, ((x+1)+2)+3
    expect(p.length).toBe(7);
    expect(Array.from(p.a.slice(4))).toEqual([0, 4, 5]);
    expect(Array.from(p.b.slice(4))).toEqual([1, 2, 3]);
    expect(p.root).toBe(6);
  });
});
