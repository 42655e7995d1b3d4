import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { operatorCost } from './measures.js';
import { parse } from './parse.js';
import { canonicalForm } from './sr-canonical.js';
import { complexity } from './sr-complexity.js';
import { Term, add, int, mul, sin, sym } from './terms.js';

const p = (s: string): Term => parse(s);

describe('complexity', () => {
  it('nodes, depth and operator cost', () => {
    const t = p('x*x + sin(2*y)');
    expect(complexity(t)).toBe(8);
    expect(complexity(t, 'nodes')).toBe(8);
    expect(complexity(t, 'depth')).toBe(4);
    expect(complexity(t, 'cost')).toBe(1 + 3 + 134 + 3 + 4);
    expect(complexity(t, 'cost')).toBe(operatorCost(t));
    expect(complexity(sym('x'), 'depth')).toBe(1);
    expect(complexity(p('pi'), 'cost')).toBe(1);
  });

  it('custom weights per operator, symbol and number', () => {
    const t = p('x*x + sin(2*y)');
    expect(complexity(t, { operators: { sin: 3 }, number: 2 })).toBe(1 + 1 + 3 + 1 + 3 + 2);
    expect(complexity(t, { operator: 0, symbol: 0, number: 1 })).toBe(1);
    expect(complexity(t, {})).toBe(complexity(t, 'nodes'));
    expect(complexity(p('x/y + pi'), { operators: { div: 5, pi: 0.5 } })).toBe(1 + 5 + 2 + 0.5);
  });

  it('counts the tree as written: flatten first to measure the canonical shape', () => {
    const t = p('(a + b) + c');
    expect(complexity(t)).toBe(5);
    expect(complexity(canonicalForm(t))).toBe(4);
  });

  it('counts shared subterms once per occurrence', () => {
    let t = add(sym('x'), int(1));
    for (let i = 0; i < 60; i++) t = mul(t, t);
    expect(complexity(t)).toBe(2 ** 62 - 1); // s(k) = 2 s(k-1) + 1, s(0) = 3
    expect(complexity(t, { operators: { mul: 0, add: 0 }, number: 0 })).toBe(2 ** 60);
  });

  it('works at depth 100,000', () => {
    let t = sym('x');
    for (let i = 0; i < 100_000; i++) t = sin(t);
    expect(complexity(t)).toBe(100_001);
    expect(complexity(t, 'depth')).toBe(100_001);
    expect(complexity(t, 'cost')).toBe(134 * 100_000 + 1);
    expect(complexity(t, { operators: { sin: 2 } })).toBe(200_001);
  }, 30_000);

  it('property: every weight 1 gives the node count', () => {
    const leaf = fc.oneof(fc.constantFrom('x', 'y').map(sym), fc.integer({ min: -3, max: 3 }).map(int));
    const { term } = fc.letrec<{ term: Term }>((tie) => ({
      term: fc.oneof(
        { depthSize: 'small', maxDepth: 4 },
        leaf,
        fc.array(tie('term'), { minLength: 2, maxLength: 3 }).map((a) => add(...a)),
        fc.tuple(tie('term'), tie('term')).map(([a, b]) => mul(a, b)),
        tie('term').map(sin),
      ),
    }));
    fc.assert(
      fc.property(term, (t) => {
        expect(complexity(t, { operators: {} })).toBe(complexity(t, 'nodes'));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a bad measure or weight with a clear error', () => {
    expect(() => complexity(sym('x'), 'size' as 'nodes')).toThrow(/'nodes', 'depth', 'cost'/);
    expect(() => complexity(sym('x'), { symbol: Number.NaN })).toThrow(/'symbol' must be a finite number/);
    expect(() => complexity(sym('x'), { operators: { sin: '2' as unknown as number } })).toThrow(/operators\.sin/);
  });
});
