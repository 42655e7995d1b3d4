import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Term, add, int, mul, neg, parse, pow, rat, sin, sub, sym } from '@symx/core';
import { DEFAULT_RULES, EGraph, Extractor, Runner, extract, extractDag } from './index.js';
import { numericallyEqual, termArb } from '../test-support/helpers.js';

const x = sym('x');
const y = sym('y');

function classOf(g: EGraph, ...terms: Term[]): number {
  const ids = terms.map((t) => g.addTerm(t));
  for (const id of ids) g.union(ids[0], id);
  g.rebuild();
  return g.find(ids[0]);
}

/** Distinct subterms of a term (its DAG size). */
function dagSize(ts: Term[]): number {
  const seen = new Set<Term>();
  const stack = [...ts];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push(...t.args);
  }
  return seen.size;
}

describe('extraction', () => {
  it('size, depth, ops and user costs choose differently', () => {
    const g = new EGraph();
    const c = classOf(g, pow(x, int(2)), mul(x, x), sin(sin(sin(x))));
    expect(extract(g, c, 'size').cost).toBe(3);
    expect(extract(g, c, 'ops').term).toBe(mul(x, x)); // mul 3 < pow 100
    expect(extract(g, c, 'ops').cost).toBe(5);
    expect(extract(g, c, 'depth').cost).toBe(2);
    const sinLover = (n: { op: string }, kids: readonly number[]) => (n.op === 'sin' ? 0.1 : 10) + kids.reduce((s, k) => s + k, 0);
    expect(extract(g, c, sinLover).term).toBe(sin(sin(sin(x))));
  });

  it('an Extractor answers for every class', () => {
    const g = new EGraph();
    const a = g.addTerm(parse('x*1'));
    g.union(a, g.addTerm(x));
    g.rebuild();
    const ex = new Extractor(g, 'size');
    expect(ex.best(a).term).toBe(x);
    expect(ex.cost(g.addTerm(parse('x*1')))).toBe(1);
  });

  it('flattens left-folded sums when asked', () => {
    const g = new EGraph({ constantFolding: false });
    const id = g.addTerm(add(x, y, int(1)));
    g.rebuild();
    expect(extract(g, id, 'size').term).toBe(add(add(x, y), int(1)));
    expect(extract(g, id, 'size', { flatten: true }).term).toBe(add(x, y, int(1)));
  });

  it('rejects an unknown cost name', () => {
    const g = new EGraph();
    expect(() => new Extractor(g, 'nope' as 'size')).toThrow(/unknown cost/);
  });

  it('DAG extraction counts shared subterms once', () => {
    const g = new EGraph();
    const s = parse('sin(x + y)');
    const root = g.addTerm(mul(s, s));
    g.rebuild();
    const tree = extract(g, root, 'size');
    const dag = extractDag(g, [root], 'size');
    expect(tree.cost).toBe(9);
    expect(dag.cost).toBe(5); // x, y, x+y, sin(x+y), product
    expect(dag.terms[0]).toBe(mul(s, s));
  });

  it('DAG extraction prefers sharing over a smaller tree', () => {
    // r = A + sin(x)*2 where A is neg(sin(x)) or neg(y): the tree prefers neg(y) (2 nodes vs
    // 3), the DAG prefers neg(sin(x)), which adds one class instead of two.
    const g = new EGraph({ constantFolding: false });
    const s = sin(x);
    classOf(g, neg(s), neg(y));
    const r = g.addTerm(add(neg(s), mul(s, int(2))));
    g.rebuild();
    expect(extract(g, r, 'size').term).toBe(add(neg(y), mul(s, int(2))));
    const dag = extractDag(g, [r], 'size');
    expect(dag.terms[0]).toBe(add(neg(s), mul(s, int(2))));
    expect(dag.cost).toBe(6);
    expect(dag.cost).toBe(dagSize(dag.terms));
  });

  it('DAG cost never exceeds the DAG size of the tree choice (property)', () => {
    fc.assert(
      fc.property(fc.array(termArb, { minLength: 1, maxLength: 3 }), (terms) => {
        const runner = new Runner({ iterLimit: 3, nodeLimit: 2000 });
        const roots = terms.map((t) => runner.addTerm(t));
        runner.run(DEFAULT_RULES);
        const g = runner.egraph;
        const tree = roots.map((r) => extract(g, r, 'size').term);
        const dag = extractDag(g, roots, 'size');
        expect(dag.cost).toBe(dagSize(dag.terms));
        expect(dag.cost).toBeLessThanOrEqual(dagSize(tree));
        dag.terms.forEach((t, i) => expect(numericallyEqual(t, terms[i])).toBe(true));
      }),
      { numRuns: 60 },
    );
  });

  it('extracted terms are numerically equal to the input (property)', () => {
    fc.assert(
      fc.property(termArb, fc.constantFrom('size', 'depth', 'ops') as fc.Arbitrary<'size' | 'depth' | 'ops'>, (t, cost) => {
        const runner = new Runner({ iterLimit: 4, nodeLimit: 3000 });
        const root = runner.addTerm(t);
        runner.run(DEFAULT_RULES);
        const best = extract(runner.egraph, root, cost).term;
        expect(numericallyEqual(best, t), `${best} vs ${t}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('every class stays numerically consistent under the default rules (property)', () => {
    // Extract every class by two different costs: both terms must agree numerically. This
    // catches any unsound union, not only those that reach the root.
    fc.assert(
      fc.property(termArb, (t) => {
        const runner = new Runner({ iterLimit: 3, nodeLimit: 1500 });
        runner.addTerm(t);
        runner.run(DEFAULT_RULES);
        const g = runner.egraph;
        const bySize = new Extractor(g, 'size');
        const byOps = new Extractor(g, 'ops');
        for (const c of g.classes()) {
          const a = bySize.best(c).term;
          const b = byOps.best(c).term;
          expect(numericallyEqual(a, b), `${a} vs ${b}`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('regression: rule literals resolve to their own leaf after the leaf was merged', () => {
    // A literal's leaf (here 1 and -1) sits in a class whose root is another e-node; the
    // right-hand side must still use the literal itself, not the root's leaf.
    const s = sin(rat(1, 2));
    const t = sub(neg(neg(s)), s);
    const runner = new Runner({ iterLimit: 3, nodeLimit: 2000 });
    const root = runner.addTerm(t);
    runner.run(DEFAULT_RULES);
    expect(numericallyEqual(extract(runner.egraph, root).term, t)).toBe(true);
  });
});
