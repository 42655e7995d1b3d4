import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Term, KIND_NUMBER, KIND_SYMBOL, add, cos, div, float, int, mul, parse, pow, rat, sin, sub, sym, toFlat } from '@symx/core';
import { type Analysis, EGraph, EGraphInvariantError, extract } from './index.js';

const x = sym('x');
const y = sym('y');

describe('EGraph: adding and looking up', () => {
  it('hash-conses: the same term gets the same class', () => {
    const g = new EGraph();
    const a = g.addTerm(add(x, mul(int(2), y)));
    const b = g.addTerm(add(x, mul(int(2), y)));
    expect(a).toBe(b);
    expect(g.classCount).toBe(5);
    expect(g.memoSize).toBe(5);
  });

  it('binarizes variadic add/mul by a left fold', () => {
    const g = new EGraph();
    const id = g.addTerm(add(x, y, int(1)));
    expect(g.lookupTerm(add(add(x, y), int(1)))).toBe(id);
    expect(g.lookupTerm(add(x, add(y, int(1))))).toBeUndefined();
    expect(g.nodes(id).map((n) => n.op)).toEqual(['add']);
  });

  it('lookupTerm adds nothing', () => {
    const g = new EGraph();
    g.addTerm(x);
    expect(g.lookupTerm(sin(x))).toBeUndefined();
    expect(g.memoSize).toBe(1);
  });

  it('exact and float numbers are different leaves', () => {
    const g = new EGraph();
    expect(g.addTerm(int(2))).not.toBe(g.addTerm(float(2)));
  });

  it('add() takes class ids and checks arity and ids', () => {
    const g = new EGraph();
    const xi = g.addSymbol('x');
    const s = g.add('sin', [xi]);
    expect(g.lookupTerm(sin(x))).toBe(s);
    expect(() => g.add('sin', [xi, xi])).toThrow(/sin/);
    expect(() => g.add('sin', [99])).toThrow(/not an id/);
    expect(() => g.add('nosuchop', [xi])).toThrow(/unknown operator/);
  });

  it('addExpr adds every root of a flat expression', () => {
    const g = new EGraph();
    const f = toFlat([parse('x*y + sin(x)'), parse('x*y')]);
    const [a, b] = g.addExpr(f);
    expect(g.lookupTerm(parse('x*y + sin(x)'))).toBe(a);
    expect(g.lookupTerm(parse('x*y'))).toBe(b);
  });

  it('handles 100,000-deep terms without overflowing the stack', () => {
    let t: Term = x;
    for (let i = 0; i < 100_000; i++) t = sin(t);
    const g = new EGraph();
    const id = g.addTerm(t);
    expect(g.lookupTerm(t)).toBe(id);
    g.rebuild();
    expect(extract(g, id).cost).toBe(100_001);
    expect(extract(g, id).term).toBe(t);
  }, 60_000);
});

describe('EGraph: union and rebuild', () => {
  it('restores congruence on rebuild', () => {
    const g = new EGraph();
    const fx = g.addTerm(sin(x));
    const fy = g.addTerm(sin(y));
    g.union(g.addTerm(x), g.addTerm(y));
    expect(g.isClean).toBe(false);
    const unions = g.rebuild();
    expect(unions).toBe(1);
    expect(g.find(fx)).toBe(g.find(fy));
    expect(g.classCount).toBe(2);
    g.checkInvariants();
  });

  it('union returns false for classes already merged', () => {
    const g = new EGraph();
    const a = g.addTerm(x);
    const b = g.addTerm(y);
    expect(g.union(a, b)).toBe(true);
    expect(g.union(b, a)).toBe(false);
  });

  it('propagates congruence upward through several levels', () => {
    const g = new EGraph();
    const top1 = g.addTerm(cos(sin(add(x, int(1)))));
    const top2 = g.addTerm(cos(sin(add(y, int(1)))));
    g.union(g.addTerm(x), g.addTerm(y));
    g.rebuild();
    expect(g.find(top1)).toBe(g.find(top2));
    g.checkInvariants();
  });

  it('checkInvariants refuses a dirty e-graph', () => {
    const g = new EGraph();
    g.addTerm(x);
    expect(() => g.checkInvariants()).toThrow(EGraphInvariantError);
  });

  it('keeps the invariants after every rebuild of random unions (property)', () => {
    const leaves = [x, y, sym('z'), int(0), int(1), int(2), float(0.5)];
    const termArb = fc.letrec<{ t: Term }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...leaves),
        fc.tuple(fc.constantFrom('add', 'mul', 'sub', 'div'), tie('t'), tie('t')).map(([op, a, b]) =>
          op === 'add' ? add(a as Term, b as Term) : op === 'mul' ? mul(a as Term, b as Term) : op === 'sub' ? sub(a as Term, b as Term) : div(a as Term, b as Term),
        ),
        tie('t').map((a) => sin(a as Term)),
      ),
    })).t;
    fc.assert(
      fc.property(fc.array(termArb, { minLength: 2, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 10 }), (terms, pairs) => {
        const g = new EGraph({ debug: true });
        const ids = terms.map((t) => g.addTerm(t));
        for (const [i, j] of pairs) {
          g.union(ids[i % ids.length], ids[j % ids.length]);
          if ((i + j) % 3 === 0) g.rebuild(); // debug: checks the invariants
        }
        g.rebuild();
        // Unioned roots stay together; every term is still found in its class.
        for (const [i, j] of pairs) expect(g.find(ids[i % ids.length])).toBe(g.find(ids[j % ids.length]));
        terms.forEach((t, k) => expect(g.find(g.lookupTerm(t)!)).toBe(g.find(ids[k])));
      }),
      { numRuns: 200 },
    );
  });
});

describe('EGraph: constant folding', () => {
  it('folds exactly and adds the constant to the class', () => {
    const g = new EGraph();
    const id = g.addTerm(add(rat(1, 3), rat(1, 6)));
    expect(g.constant(id)).toEqual(rat(1, 2).value);
    expect(g.find(g.addTerm(rat(1, 2)))).toBe(g.find(id));
  });

  it('prunes non-leaf e-nodes of constant classes (default)', () => {
    const g = new EGraph();
    const id = g.addTerm(mul(int(2), int(3)));
    g.rebuild();
    const nodes = g.nodes(id);
    expect(nodes).toHaveLength(1);
    expect(nodes[0].kind).toBe(KIND_NUMBER);
    const kept = new EGraph({ constantFolding: { prune: false } });
    const id2 = kept.addTerm(mul(int(2), int(3)));
    kept.rebuild();
    expect(kept.nodes(id2)).toHaveLength(2);
  });

  it('folds floats as floats and never to NaN, infinity, or inexact results', () => {
    const g = new EGraph();
    expect(g.constant(g.addTerm(add(float(0.5), int(1))))).toBe(1.5);
    expect(g.constant(g.addTerm(div(int(1), int(0))))).toBeUndefined();
    expect(g.constant(g.addTerm(div(float(1), float(0))))).toBeUndefined();
    expect(g.constant(g.addTerm(sub(float(Infinity), float(Infinity))))).toBeUndefined();
    expect(g.constant(g.addTerm(sin(int(1))))).toBeUndefined();
    expect(g.constant(g.addTerm(sin(float(1))))).toBe(Math.sin(1));
    expect(g.constant(g.addTerm(pow(int(2), int(10))))).toEqual(int(1024).value);
    expect(g.constant(g.addTerm(pow(int(2), rat(1, 2))))).toBeUndefined();
    expect(g.constant(g.addTerm(pow(int(0), int(-1))))).toBeUndefined();
  });

  it('learns constants through unions and re-folds parents', () => {
    const g = new EGraph();
    const e = g.addTerm(add(x, int(1)));
    expect(g.constant(e)).toBeUndefined();
    g.union(g.addTerm(x), g.addTerm(int(2)));
    g.rebuild();
    expect(g.constant(e)).toEqual(int(3).value);
    expect(g.find(e)).toBe(g.find(g.addTerm(int(3))));
    g.checkInvariants();
  });

  it('can be restricted or turned off', () => {
    const off = new EGraph({ constantFolding: false });
    expect(off.constant(off.addTerm(add(int(1), int(2))))).toBeUndefined();
    const addOnly = new EGraph({ constantFolding: { operators: ['add'] } });
    expect(addOnly.constant(addOnly.addTerm(mul(int(2), int(3))))).toBeUndefined();
    expect(addOnly.constant(addOnly.addTerm(add(int(2), int(3))))).toEqual(int(5).value);
  });
});

describe('EGraph: user analyses', () => {
  // Which variables occur in a class: every term of a class has the same value.
  const vars: Analysis<ReadonlySet<string>> = {
    name: 'vars',
    make: (g, n) => (n.kind === KIND_SYMBOL ? new Set([n.op]) : new Set(n.children.flatMap((c) => [...g.data(vars, c)]))),
    merge: (a, b) => (a.size <= b.size ? a : b),
    equals: (a, b) => a.size === b.size,
  };

  it('makes, merges and re-makes parents', () => {
    const g = new EGraph({ analyses: [vars] });
    const e = g.addTerm(add(x, mul(y, int(0))));
    expect([...g.data(vars, e)].sort()).toEqual(['x', 'y']);
    g.union(g.addTerm(mul(y, int(0))), g.addTerm(int(0)));
    g.rebuild();
    expect([...g.data(vars, e)]).toEqual(['x']);
  });

  it('runs modify after make and merge', () => {
    const seen: number[] = [];
    const counter: Analysis<number> = { name: 'count', make: () => 1, merge: (a, b) => a + b, modify: (g, id) => void seen.push(g.find(id)) };
    const g = new EGraph({ analyses: [counter], constantFolding: false });
    const a = g.addTerm(x);
    const b = g.addTerm(y);
    g.union(a, b);
    expect(g.data(counter, a)).toBe(2);
    expect(seen.length).toBe(3);
  });

  it('rejects an analysis that is not installed', () => {
    const g = new EGraph();
    expect(() => g.data(vars, g.addTerm(x))).toThrow(/not installed/);
  });
});
