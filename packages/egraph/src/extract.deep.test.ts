// Regressions (hardening, issue 8), both quadratic on long chains:
// - extractDag kept one class set per class, n²/2 entries for a chain of n classes: 8,000 deep
//   took 40 s and 1 GB, 100,000 deep ran out of memory. Past a budget it now starts from tree
//   extraction.
// - extraction with `flatten` (egraph `simplify`'s default) built every prefix of a sum chain as
//   a flat sum: a 100,000-long chain never finished. Flattened sums are now at most 256 wide.
import { describe, expect, it } from 'vitest';
import { type Term, add, format, int, neg, sym } from '@symx/core';
import { EGraph, Extractor, extractDag, simplify } from './index.js';

describe('extractDag on deep terms', () => {
  it('extracts a 100,000-deep chain with bounded memory', () => {
    const x = sym('x');
    let t: Term = x;
    for (let i = 0; i < 100_000; i++) t = i % 2 === 0 ? neg(t) : add(int(1), t);
    const g = new EGraph();
    const root = g.addTerm(t);
    const { terms, cost } = extractDag(g, [root]);
    expect(terms[0]).toBe(t);
    expect(cost).toBe(t.size - 50_000 + 1); // the 50,000 `1`s are one shared class
  }, 60_000);

  it('small terms keep the greedy DAG extraction', () => {
    const g = new EGraph();
    const x = sym('x');
    const s = add(x, int(1));
    const root = g.addTerm(add(neg(s), s));
    const { terms, cost } = extractDag(g, [root]);
    expect(format(terms[0])).toBe('-(x + 1) + (x + 1)');
    expect(cost).toBe(5);
  });

  it('flattens a 100,000-long sum chain in linear time, in groups of at most 256', () => {
    const y = sym('y');
    let t: Term = sym('x');
    for (let i = 0; i < 100_000; i++) t = add(i % 2 === 0 ? int(1) : y, t);
    // stopped by the iteration limit, so the result is extracted (out of time, simplify returns
    // its input when extracting would overrun twice the time limit)
    const out = simplify(t, { nodeLimit: 1_000, iterLimit: 2, timeLimit: 20_000 });
    let widest = 0;
    for (let u: Term | undefined = out; u !== undefined && u.kind === 2; u = u.args[u.args.length - 1]) widest = Math.max(widest, u.args.length);
    expect(widest).toBeLessThanOrEqual(256);
    expect(widest).toBeGreaterThan(2);
  }, 60_000);

  it('short chains are still flattened completely', () => {
    const g = new EGraph();
    const xs = Array.from({ length: 40 }, (_, i) => sym(`x${i}`));
    let t: Term = xs[0];
    for (let i = 1; i < xs.length; i++) t = add(t, xs[i]);
    const root = g.addTerm(t);
    expect(new Extractor(g).best(root, { flatten: true }).term).toBe(add(...xs));
  });
});
