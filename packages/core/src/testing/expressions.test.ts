import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATORS, VARIADIC } from '../operators.js';
import { numIsExact } from '../numbers.js';
import { postOrder, variables } from '../measures.js';
import { KIND_CALL, KIND_NUMBER, KIND_SYMBOL } from '../internal/store.js';
import { TermStore, defaultStore } from '../terms.js';
import { format } from '../format.js';
import { NUMERIC_OPERATORS, SR_OPERATORS, constantArb, expressionArb, variableArb } from './expressions.js';

describe('expressionArb', () => {
  it('uses only the given operators, variables and depth, with valid arities', () => {
    const ops = ['add', 'mul', 'sin', 'pow', 'pi'];
    fc.assert(
      fc.property(expressionArb({ operators: ops, variables: ['a', 'b'], maxDepth: 3, maxArity: 4 }), (t) => {
        expect(t.depth).toBeLessThanOrEqual(4);
        expect(variables(t).every((v) => v === 'a' || v === 'b')).toBe(true);
        for (const u of postOrder(t)) {
          if (u.kind !== KIND_CALL) continue;
          expect(ops).toContain(u.op);
          const arity = OPERATORS.get(u.op)!.arity;
          if (arity === VARIADIC) expect(u.args.length).toBeGreaterThanOrEqual(2);
          if (arity === VARIADIC) expect(u.args.length).toBeLessThanOrEqual(4);
          else expect(u.args.length).toBe(arity);
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('produces a variety of shapes and leaves, by default SR operators', () => {
    const ts = fc.sample(expressionArb(), { numRuns: 300, seed: 7 });
    const ops = new Set(ts.flatMap((t) => postOrder(t).filter((u) => u.kind === KIND_CALL).map((u) => u.op)));
    for (const op of SR_OPERATORS) expect(ops).toContain(op);
    expect(ts.some((t) => t.kind === KIND_SYMBOL)).toBe(true);
    expect(ts.some((t) => t.depth >= 4)).toBe(true);
    expect(NUMERIC_OPERATORS).toContain('tanh');
    expect(NUMERIC_OPERATORS).toContain('pi');
  });

  it('shrinks a failing expression to a small one', () => {
    // Fails on anything containing sin: the minimal counterexample is sin(<leaf>).
    const r = fc.check(
      fc.property(expressionArb({ maxDepth: 6 }), (t) => !postOrder(t).some((u) => u.op === 'sin' && u.kind === KIND_CALL)),
      { numRuns: 500, seed: 3 },
    );
    expect(r.failed).toBe(true);
    expect(r.counterexample![0].size, format(r.counterexample![0])).toBe(2);
  });

  it('builds in the requested store and validates its options', () => {
    const store = new TermStore();
    const [t] = fc.sample(expressionArb({ store, maxDepth: 2 }), { numRuns: 1, seed: 1 });
    expect(store.owns(t)).toBe(true);
    expect(defaultStore.owns(t)).toBe(false);
    expect(() => expressionArb({ operators: ['add', 'frob'] })).toThrow(/operators\[1\] 'frob'/);
    expect(() => expressionArb({ maxDepth: -1 })).toThrow(/maxDepth/);
    expect(() => expressionArb({ variables: [], constants: false, operators: ['sin'] })).toThrow(/no leaves/);
    expect(() => variableArb([])).toThrow(/non-empty/);
  });
});

describe('constantArb', () => {
  it('gives exact integers and rationals, floats and, on request, edge floats', () => {
    const cs = fc.sample(constantArb({ edgeFloats: true, nonFinite: true }), { numRuns: 500, seed: 5 });
    expect(cs.every((c) => c.kind === KIND_NUMBER)).toBe(true);
    expect(cs.some((c) => numIsExact(c.value) && c.value.d !== 1n)).toBe(true);
    expect(cs.some((c) => typeof c.value === 'number' && Number.isNaN(c.value))).toBe(true);
    expect(cs.some((c) => typeof c.value === 'number' && c.value !== 0 && Math.abs(c.value) < 1e-307)).toBe(true);
    const exact = fc.sample(constantArb({ floats: false }), { numRuns: 100, seed: 5 });
    expect(exact.every((c) => numIsExact(c.value))).toBe(true);
    expect(() => constantArb({ integers: false, rationals: false, floats: false })).toThrow(/turned off/);
    expect(() => constantArb({ integers: { min: 3, max: 1 } })).toThrow(/min <= max/);
  });
});
